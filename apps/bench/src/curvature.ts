import type { LogisticObjective } from "@descent/core";
import { choleskyFactor, choleskySolve } from "./cholesky.js";

/**
 * The curvature bounds that set first-order step sizes: L, the largest eigenvalue of the Hessian
 * anywhere, and μ, the smallest near the optimum. Their ratio κ = L/μ is the condition number that
 * gradient descent and the momentum methods are tuned by.
 */

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return sum;
}

/** Normalizes v in place and returns its former length. */
function normalize(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j] = v[j]! / norm;
  return norm;
}

/** The largest eigenvalue of a symmetric positive semi-definite d × d matrix, by power iteration. */
export function largestEigenvalue(A: Float64Array, d: number, iterations = 200): number {
  const v = new Float64Array(d).fill(1 / Math.sqrt(d));
  const Av = new Float64Array(d);
  let estimate = 0;
  for (let k = 0; k < iterations; k++) {
    for (let i = 0; i < d; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += A[i * d + j]! * v[j]!;
      Av[i] = sum;
    }
    estimate = dot(v, Av);
    if (!(normalize(Av) > 0)) break;
    v.set(Av);
  }
  return estimate;
}

/**
 * The smallest eigenvalue of a symmetric positive-definite d × d matrix, by inverse iteration on its
 * Cholesky factor (A is overwritten). NaN if A is not positive definite.
 */
export function smallestEigenvalue(A: Float64Array, d: number, iterations = 100): number {
  if (!choleskyFactor(A, d)) return Number.NaN;
  const v = new Float64Array(d);
  // Not the all-ones vector: it could be orthogonal to the eigenvector wanted.
  for (let j = 0; j < d; j++) v[j] = 1 + 0.1 * Math.sin(j + 1);
  normalize(v);
  const x = new Float64Array(d);
  let estimate = Number.NaN;
  for (let k = 0; k < iterations; k++) {
    choleskySolve(A, d, v, x);
    // x = A⁻¹ v: v·x approaches 1/λmin.
    estimate = 1 / dot(v, x);
    normalize(x);
    v.set(x);
  }
  return estimate;
}

/**
 * L, the largest curvature of f anywhere: σ′ ≤ ¼ everywhere and equals ¼ at θ = 0, so the Hessian at
 * θ = 0, ¼ X̃ᵀX̃/m + λI, bounds every other. By power iteration on Hessian-vector products at θ = 0,
 * which approaches it from below.
 */
export function largestCurvature(objective: LogisticObjective, iterations = 50): number {
  const d = objective.dim;
  const origin = new Float64Array(d);
  const v = new Float64Array(d).fill(1 / Math.sqrt(d));
  const Hv = new Float64Array(d);
  let estimate = 0;
  for (let k = 0; k < iterations; k++) {
    objective.hessianVectorProduct(origin, v, Hv);
    estimate = dot(v, Hv);
    if (!(normalize(Hv) > 0)) break;
    v.set(Hv);
  }
  return estimate;
}

/**
 * μ, the smallest eigenvalue of the Hessian at θ (the optimum): formed and inverse-iterated when d is at
 * most `maxDimension`; otherwise λ, the L2 strength, which is a lower bound (the loss term adds a
 * positive semi-definite part).
 */
export function smallestCurvature(
  objective: LogisticObjective,
  theta: Float64Array,
  maxDimension = 300,
): { value: number; exact: boolean } {
  const d = objective.dim;
  if (d <= maxDimension) {
    const H = new Float64Array(d * d);
    objective.hessian(theta, H);
    const value = smallestEigenvalue(H, d);
    if (value > 0) return { value, exact: true };
  }
  return { value: objective.l2, exact: false };
}
