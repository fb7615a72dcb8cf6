import { isDescentError } from "@descent/core";
import { describe, expect, it } from "vitest";
import { createThreadPool, startThreadPool } from "./browserThreadPool.js";

/** The browser's pool where it cannot run (here, Node: not a cross-origin isolated page). Chromium: *.browser.test.ts. */
describe("the browser's thread pool outside a cross-origin isolated page", () => {
  it("startThreadPool rejects with UNSUPPORTED_RUNTIME, naming the two headers that isolate a page", async () => {
    let error: unknown;
    try {
      await startThreadPool({ threads: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(isDescentError(error, "UNSUPPORTED_RUNTIME")).toBe(true);
    expect((error as Error).message).toContain("Cross-Origin-Opener-Policy: same-origin");
    expect((error as Error).message).toContain("Cross-Origin-Embedder-Policy: require-corp");
  });

  it("a bad threads option is refused first (INVALID_OPTION)", async () => {
    await expect(startThreadPool({ threads: 0 })).rejects.toSatisfy((error) =>
      isDescentError(error, "INVALID_OPTION"),
    );
  });

  it("createThreadPool throws UNSUPPORTED_RUNTIME, pointing to await startThreadPool()", () => {
    let error: unknown;
    try {
      createThreadPool({ threads: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(isDescentError(error, "UNSUPPORTED_RUNTIME")).toBe(true);
    expect((error as Error).message).toContain("await startThreadPool()");
  });
});
