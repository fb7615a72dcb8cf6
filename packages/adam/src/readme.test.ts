/// <reference types="node" />
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows examples/readme.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readFileSync(new URL("../examples/readme.ts", import.meta.url), "utf8");
    expect(readme).toContain(example.trim());
  });

  it("its example runs, converges and classifies", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import("../examples/readme.js");
    expect(log.mock.calls[0]![0]).toMatch(/^adam converged/);
    // The two classes are separable along the first feature: every training row is classified right.
    expect(log.mock.calls[1]).toEqual([["fail", "pass"], 1]);
  });
});
