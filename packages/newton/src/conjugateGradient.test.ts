import { describe, expect, it } from "vitest";
import {
  createConjugateGradientWorkspace,
  type HessianVectorProductSource,
  truncatedConjugateGradient,
} from "./conjugateGradient.js";

/** Products with a fixed symmetric row-major matrix B, counting them. */
function matrixProducts(n: number, entries: number[]): HessianVectorProductSource & { calls: number } {
  return {
    calls: 0,
    hessianVectorProduct(_theta, v, out) {
      this.calls += 1;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += entries[i * n + k]! * v[k]!;
        out[i] = sum;
      }
    },
  };
}

function solve(n: number, entries: number[], gradient: number[], maxForcing: number, maxIterations = 50) {
  const source = matrixProducts(n, entries);
  const workspace = createConjugateGradientWorkspace(n);
  const direction = new Float64Array(n);
  const iterations = truncatedConjugateGradient(
    source,
    new Float64Array(n),
    Float64Array.from(gradient),
    direction,
    workspace,
    maxForcing,
    maxIterations,
  );
  return { direction: Array.from(direction), iterations, workspace, products: source.calls };
}

describe("truncatedConjugateGradient (Nocedal & Wright, Algorithm 7.1)", () => {
  it("solves a small SPD system B p = −g in n iterations when the forcing term is tiny", () => {
    // B = [[4, 1], [1, 3]], g = −[1, 2]: p = B⁻¹[1, 2] = [1, 7]/11 (Cramer's rule, det 11).
    const { direction, iterations, workspace, products } = solve(2, [4, 1, 1, 3], [-1, -2], 1e-12);
    expect(iterations).toBe(2);
    expect(products).toBe(2);
    expect(workspace.exit).toBe("converged");
    // Two CG iterations in floating point: a few ulps of the exact answer.
    expect(direction[0]).toBeCloseTo(1 / 11, 15);
    expect(direction[1]).toBeCloseTo(7 / 11, 15);
  });

  it("stops at the forcing term ‖r‖ ≤ min(0.5, √‖g‖)·‖g‖", () => {
    // B = diag(1, 2, 3), g = [1, 1, 1]: ε = 0.5·√3 ≈ 0.866. The first iteration has α = 3/6, so
    // z₁ = −g/2 and r₁ = g − B g/2 = [0.5, 0, −0.5], ‖r₁‖ ≈ 0.707 ≤ ε: CG stops there.
    const { direction, iterations, workspace } = solve(3, [1, 0, 0, 0, 2, 0, 0, 0, 3], [1, 1, 1], 0.5);
    expect(iterations).toBe(1);
    expect(workspace.exit).toBe("converged");
    expect(direction).toEqual([-0.5, -0.5, -0.5]);
    expect(Array.from(workspace.residual)).toEqual([0.5, 0, -0.5]);
  });

  it("returns −g on negative curvature at the first iteration", () => {
    // B = diag(1, −2), g = [1, 1]: d₀ᵀB d₀ = 1 − 2 < 0.
    const { direction, iterations, workspace } = solve(2, [1, 0, 0, -2], [1, 1], 0.5);
    expect(iterations).toBe(1);
    expect(workspace.exit).toBe("negative-curvature");
    expect(direction).toEqual([-1, -1]);
  });

  it("returns the current iterate on negative curvature later on", () => {
    // B = diag(1, −0.1), g = [1, 0.1]: d₀ᵀB d₀ = 0.999 > 0, so z₁ = −(1.01/0.999) g; then
    // r₁ = [−0.011…, 0.110…] and d₁ = −r₁ + β₁ d₀ ≈ [−0.0011, −0.111] has d₁ᵀB d₁ ≈ −0.0012 < 0.
    const { direction, iterations, workspace } = solve(2, [1, 0, 0, -0.1], [1, 0.1], 1e-12);
    expect(iterations).toBe(2);
    expect(workspace.exit).toBe("negative-curvature");
    const alpha = (1 + 0.1 * 0.1) / (1 - 0.1 * 0.1 * 0.1);
    // α computed from sums in another order: within a few ulps.
    expect(direction[0]).toBeCloseTo(-alpha, 15);
    expect(direction[1]).toBeCloseTo(-alpha * 0.1, 15);
  });

  it("stops after maxIterations, returning the iterate it reached", () => {
    const { direction, iterations, workspace } = solve(3, [1, 0, 0, 0, 2, 0, 0, 0, 3], [1, 1, 1], 1e-12, 1);
    expect(iterations).toBe(1);
    expect(workspace.exit).toBe("max-iterations");
    expect(direction).toEqual([-0.5, -0.5, -0.5]);
  });

  it("returns p = 0 without a product when g = 0", () => {
    const { direction, iterations, products } = solve(2, [1, 0, 0, 1], [0, 0], 0.5);
    expect(iterations).toBe(0);
    expect(products).toBe(0);
    expect(direction).toEqual([0, 0]);
  });
});
