import { describe, expect, it } from "vitest";
import {
  choleskyFactorInPlace,
  choleskySolveInPlace,
  createCholeskyWorkspace,
  solveWithAddedIdentity,
} from "./cholesky.js";

/** The lower triangle of a row-major n × n matrix, row by row. */
function lowerTriangle(n: number, a: Float64Array): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: i + 1 }, (_, j) => a[i * n + j]!));
}

describe("choleskyFactorInPlace", () => {
  it("factors a known SPD matrix into its hand-computed L", () => {
    // A = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]; every intermediate is an integer, so exact.
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(choleskyFactorInPlace(3, a, 0)).toBe(true);
    expect(lowerTriangle(3, a)).toEqual([[2], [6, 1], [-8, 5, 3]]);
    // The strict upper triangle is never touched.
    expect([a[1], a[2], a[5]]).toEqual([12, -16, -43]);
  });

  it("refuses an indefinite matrix at its first non-positive pivot", () => {
    // Pivots: 1, then 1 − 2² = −3.
    expect(choleskyFactorInPlace(2, Float64Array.of(1, 2, 2, 1), 0)).toBe(false);
  });

  it("refuses a pivot that is positive but not above the threshold", () => {
    // The second pivot of [[1, 1], [1, 1 + 1e-12]] is about 1e-12.
    expect(choleskyFactorInPlace(2, Float64Array.of(1, 1, 1, 1 + 1e-12), 1e-10)).toBe(false);
    expect(choleskyFactorInPlace(2, Float64Array.of(1, 1, 1, 1 + 1e-12), 0)).toBe(true);
  });
});

describe("choleskySolveInPlace", () => {
  it("solves A x = b through the factor, exactly where the arithmetic is exact", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    choleskyFactorInPlace(3, a, 0);
    // b = A [1, 2, 3].
    const b = Float64Array.of(-20, -43, 192);
    choleskySolveInPlace(3, a, b);
    expect(Array.from(b)).toEqual([1, 2, 3]);
  });
});

describe("solveWithAddedIdentity (Nocedal & Wright, Algorithm 3.3)", () => {
  it("adds nothing to a positive definite matrix", () => {
    const workspace = createCholeskyWorkspace(3);
    const hessian = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const b = Float64Array.of(-20, -43, 192);
    expect(solveWithAddedIdentity(3, hessian, workspace, b)).toBe(true);
    expect(workspace.damping).toBe(0);
    expect(workspace.factorized).toBe(true);
    expect(Array.from(b)).toEqual([1, 2, 3]);
    // The Hessian itself is kept: the factor lives in its own buffer.
    expect(Array.from(hessian)).toEqual([4, 12, -16, 12, 37, -43, -16, -43, 98]);
  });

  it("grows τ tenfold from 1e-8·max|H_jj| until H + τI factors, on an indefinite matrix", () => {
    // H = [[1, 2], [2, 1]] has eigenvalues −1 and 3. τ = 0, 1e-8, …, 1 fail (at τ = 1, H + I = [[2, 2],
    // [2, 2]] is singular); τ = 10 is the first to succeed, and (H + 10 I) x = [13, 13] has x = [1, 1].
    const workspace = createCholeskyWorkspace(2);
    const b = Float64Array.of(13, 13);
    expect(solveWithAddedIdentity(2, Float64Array.of(1, 2, 2, 1), workspace, b)).toBe(true);
    // τ is 1e-8 multiplied by 10 nine times: 10 up to the rounding of those products.
    expect(workspace.damping).toBeCloseTo(10, 12);
    expect(b[0]).toBeCloseTo(1, 14);
    expect(b[1]).toBeCloseTo(1, 14);
  });

  it("starts at τ = −min H_jj + β when a diagonal entry is not positive", () => {
    // H = diag(−1, 4): β = 4e-8, τ₀ = 1 + 4e-8 makes H + τ₀I = diag(4e-8, 5 + 4e-8), positive definite.
    const workspace = createCholeskyWorkspace(2);
    const b = Float64Array.of(1, 1);
    expect(solveWithAddedIdentity(2, Float64Array.of(-1, 0, 0, 4), workspace, b)).toBe(true);
    expect(workspace.damping).toBe(1 + 4e-8);
    // x_j = b_j / (H_jj + τ), computed as (b_j / L_jj) / L_jj with L_jj = √(H_jj + τ): a few ulps off.
    expect(Math.abs(b[0]! * (-1 + workspace.damping) - 1)).toBeLessThan(1e-15);
    expect(Math.abs(b[1]! * (4 + workspace.damping) - 1)).toBeLessThan(1e-15);
  });

  it("regularizes a singular positive semidefinite matrix by β only", () => {
    // [[1, 1], [1, 1]]: the second pivot is 0; with τ = 1e-8 it is about 2e-8, above 2ε·(1 + τ).
    const workspace = createCholeskyWorkspace(2);
    const b = Float64Array.of(1, -1);
    expect(solveWithAddedIdentity(2, Float64Array.of(1, 1, 1, 1), workspace, b)).toBe(true);
    expect(workspace.damping).toBe(1e-8);
    // (H + τI)[1, −1] = τ [1, −1], so x = [1, −1]/τ.
    expect(b[0]! * 1e-8).toBeCloseTo(1, 6);
    expect(b[1]! * 1e-8).toBeCloseTo(-1, 6);
  });

  it("gives up, leaving b untouched, on a non-finite Hessian", () => {
    const workspace = createCholeskyWorkspace(2);
    const b = Float64Array.of(1, 2);
    expect(solveWithAddedIdentity(2, Float64Array.of(1, Number.NaN, Number.NaN, 1), workspace, b)).toBe(
      false,
    );
    expect(workspace.factorized).toBe(false);
    expect(Array.from(b)).toEqual([1, 2]);
  });
});
