import { describe, expect, it } from "vitest";
import { l1Penalty, pseudoGradient, pseudoGradientNorm } from "./l1Penalty.js";

describe("the pseudo-gradient of F = f + λ1 Σ_{j<p}|θ_j|", () => {
  // λ1 = 1, p = 6: the seventh coordinate (an intercept) is unpenalized.
  const theta = Float64Array.from([2, -2, 0, 0, 0, 0, 0]);
  const grad = Float64Array.from([0.5, 0.5, -3, 3, 0.4, -1, 0.7]);

  it("is the minimum-norm subgradient: g ± λ1 off zero, the one-sided slope or 0 at zero", () => {
    const out = new Float64Array(7);
    pseudoGradient(theta, grad, 1, 6, out);
    expect(Array.from(out)).toEqual([1.5, -0.5, -2, 2, 0, 0, 0.7]);
    expect(pseudoGradientNorm(theta, grad, 1, 6)).toBe(2);
  });

  it("is ∇f with λ1 = 0 and on unpenalized coordinates", () => {
    const out = new Float64Array(7);
    pseudoGradient(theta, grad, 0, 6, out);
    expect(Array.from(out)).toEqual([0.5, 0.5, -3, 3, 0.4, -1, 0.7]);
    expect(pseudoGradientNorm(theta, grad, 0, 6)).toBe(3);
  });

  it("keeps a NaN gradient visible", () => {
    expect(pseudoGradientNorm(new Float64Array(2), Float64Array.from([0, Number.NaN]), 1, 2)).toBeNaN();
  });

  it("penalty is λ1 times the 1-norm of the first p coordinates", () => {
    expect(l1Penalty(Float64Array.from([1, -2, 100]), 2, 0.5)).toBe(1.5);
    expect(l1Penalty(Float64Array.from([1, -2, 100]), 2, 0)).toBe(0);
  });
});
