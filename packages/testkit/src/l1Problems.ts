import { type FiniteSumObjective, l1Penalty, type Objective, penalizedCountOf } from "@descent/core";
import { quadraticProblem } from "./quadratic.js";

/** A quadratic with an L1 penalty whose sparse optimum is known in closed form. */
export interface L1QuadraticProblem {
  readonly objective: FiniteSumObjective & {
    readonly l1: number;
    readonly penalizedCount: number;
    hessian(theta: Float64Array, out: Float64Array): void;
    hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
  };
  /** θ*, the minimizer of F: exact zeros where the penalty wins. */
  readonly minimizer: Float64Array;
  /** F(θ*). */
  readonly optimum: number;
}

/**
 * F(θ) = Σ_j ½ a_j (θ_j − c_j)² + λ1 Σ_{j < d−1} |θ_j|: `quadraticProblem(dim, conditionNumber)` (curvatures
 * a_j from 1 to the condition number, c = (1, −2, 3, …)/d) with an L1 penalty on all coordinates but the
 * last, which plays an intercept. Separable, so θ*_j = sign(c_j) max(|c_j| − λ1/a_j, 0) and θ*_{d−1} = c_{d−1}.
 * With the defaults (d = 10, κ = 10, λ1 = 0.6) θ*_0 = θ*_1 = θ*_2 = 0 (|a_j c_j| ≤ 0.51, well inside λ1) and the
 * other six penalized coordinates are non-zero (|a_j c_j| ≥ 0.86).
 */
export function l1QuadraticProblem(dim = 10, conditionNumber = 10, l1 = 0.6): L1QuadraticProblem {
  const smooth = quadraticProblem(dim, conditionNumber);
  const center = smooth.minimizer;
  const penalizedCount = dim - 1;
  // The Hessian is diag(a): its product with the ones vector reads the curvatures off.
  const curvature = new Float64Array(dim);
  smooth.objective.hessianVectorProduct(new Float64Array(dim), new Float64Array(dim).fill(1), curvature);
  const minimizer = Float64Array.from(center, (c, j) => {
    if (j >= penalizedCount) return c;
    const shrunk = Math.abs(c) - l1 / curvature[j]!;
    return shrunk > 0 ? Math.sign(c) * shrunk : 0;
  });
  // The quadratic's methods read no `this`, so a spread copy with the penalty fields is the same function.
  const objective = { ...smooth.objective, l1, penalizedCount };
  const optimum = smooth.objective.value(minimizer) + l1Penalty(minimizer, penalizedCount, l1);
  return { objective, minimizer, optimum };
}

/**
 * How far θ is from satisfying the optimality conditions of F = f + λ1 Σ_{j<p}|θ_j| (λ1, p from the
 * objective), entry by entry, as the largest of
 *
 *     |∂_j f(θ) + λ1 sign(θ_j)|        for a penalized θ_j ≠ 0,
 *     max(|∂_j f(θ)| − λ1, 0)          for a penalized θ_j = 0,
 *     |∂_j f(θ)|                       for an unpenalized θ_j,
 *
 * with ∂_j f including the L2 term. 0 exactly at the optimum.
 */
export function l1OptimalityViolation(objective: Objective, theta: Float64Array): number {
  const grad = new Float64Array(objective.dim);
  objective.valueAndGradient(theta, grad);
  const l1 = objective.l1 ?? 0;
  const penalized = penalizedCountOf(objective);
  let worst = 0;
  for (let j = 0; j < objective.dim; j++) {
    const g = grad[j]!;
    const violation =
      j >= penalized
        ? Math.abs(g)
        : theta[j] !== 0
          ? Math.abs(g + l1 * Math.sign(theta[j]!))
          : Math.max(Math.abs(g) - l1, 0);
    worst = Math.max(worst, violation);
  }
  return worst;
}
