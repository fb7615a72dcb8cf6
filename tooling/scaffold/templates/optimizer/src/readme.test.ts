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

  // PLACEHOLDER: assert what the real example prints.
  it("its example runs and classifies its rows", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import("../examples/readme.js");
    expect(log.mock.calls[0]).toEqual([["yes"], 1]);
  });
});
