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

  it("its example runs: converges in under a hundred evaluations and classifies", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import("../examples/readme.js");
    expect(log.mock.calls[0]![0]).toMatch(/^lbfgs converged/);
    // Standardized breast cancer is nearly separable: a fit near the optimum scores ≥ 0.98 on its training rows.
    expect(log.mock.calls[1]![0]).toBeGreaterThan(0.98);
    // 61 evaluations of f and ∇f (57 iterations) reach ‖∇f‖∞ ≤ 1e-8 at λ = 1e-3.
    expect(log.mock.calls[1]![1]).toBeLessThan(100);
  });
});
