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

  it("its example runs and prints what the README says", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import("../examples/readme.js");
    const lines = log.mock.calls;
    expect(lines[0]![0]).toEqual(["ham", "spam"]);
    expect(lines[0]![1]).toEqual(["spam"]);
    expect(lines[1]![0]).toMatch(/^gd converged/);
    expect(lines[2]![0]).toBe(1);
    expect(lines[3]).toEqual(["NON_FINITE_VALUE", 1, 1]);
  });
});
