import { absoluteSumNdarray } from "./softThreshold.js";

/** λ1 Σ_{j < penalizedCount} |θ_j|: the non-smooth part of F, 0 without an L1 penalty. */
export function l1Penalty(theta: Float64Array, penalizedCount: number, l1: number): number {
  return l1 === 0 ? 0 : l1 * absoluteSumNdarray(penalizedCount, theta, 1, 0);
}

/**
 * The minimum-norm subgradient of F = f + λ1 Σ_{j<p} |θ_j| (OWL-QN's pseudo-gradient), written to `out`:
 *
 *     j ≥ p:                   g_j
 *     θ_j > 0:                 g_j + λ1
 *     θ_j < 0:                 g_j − λ1
 *     θ_j = 0, g_j + λ1 < 0:   g_j + λ1      (F decreases to the right)
 *     θ_j = 0, g_j − λ1 > 0:   g_j − λ1      (F decreases to the left)
 *     otherwise:               0             (0 ∈ ∂_j F: θ_j = 0 is optimal along j)
 *
 * with g = ∇f(θ). It is 0 exactly at a minimizer of F, and equals g where λ1 = 0. `out` may be `grad`.
 */
export function pseudoGradient(
  theta: Float64Array,
  grad: Float64Array,
  l1: number,
  penalizedCount: number,
  out: Float64Array,
): void {
  for (let j = 0; j < penalizedCount; j++) {
    out[j] = pseudoGradientEntry(theta[j]!, grad[j]!, l1);
  }
  for (let j = penalizedCount; j < grad.length; j++) out[j] = grad[j]!;
}

/**
 * ‖pseudo-gradient‖₁, without writing it: what OWL-QN's and proximal Newton's line searches compare, a sum
 * that every coordinate's progress moves.
 */
export function pseudoGradientSum(
  theta: Float64Array,
  grad: Float64Array,
  l1: number,
  penalizedCount: number,
): number {
  let sum = 0;
  for (let j = 0; j < grad.length; j++) {
    sum += Math.abs(j < penalizedCount ? pseudoGradientEntry(theta[j]!, grad[j]!, l1) : grad[j]!);
  }
  return sum;
}

/** ‖pseudo-gradient‖∞, without writing it; NaN when any entry of ∇f is NaN. The stopping test of `minimize`. */
export function pseudoGradientNorm(
  theta: Float64Array,
  grad: Float64Array,
  l1: number,
  penalizedCount: number,
): number {
  let norm = 0;
  for (let j = 0; j < grad.length; j++) {
    const entry = j < penalizedCount ? pseudoGradientEntry(theta[j]!, grad[j]!, l1) : grad[j]!;
    const magnitude = Math.abs(entry);
    if (magnitude > norm) norm = magnitude;
    else if (Number.isNaN(magnitude)) return Number.NaN;
  }
  return norm;
}

/** One entry of the pseudo-gradient (see `pseudoGradient`). */
export function pseudoGradientEntry(theta: number, gradient: number, l1: number): number {
  if (theta > 0) return gradient + l1;
  if (theta < 0) return gradient - l1;
  if (gradient + l1 < 0) return gradient + l1;
  if (gradient - l1 > 0) return gradient - l1;
  // NaN falls through both tests: keep it visible.
  return Number.isNaN(gradient) ? gradient : 0;
}
