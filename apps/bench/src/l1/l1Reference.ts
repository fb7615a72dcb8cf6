import { type LogisticObjective, l1Penalty, minimize, pseudoGradientNorm } from "@descent/core";
import { newton } from "@descent/newton";

/**
 * F* of an L1 or elastic-net problem: proximal Newton (newGLMNET, @descent/newton in mode "exact": the
 * Hessian is formed, by the objective's backend) run until its pseudo-gradient stops shrinking. The
 * bench's yardstick for the L1 problems, as referenceSolver.ts is for the smooth ones; a test checks it
 * against scikit-learn saga's reference optima (tol 1e-12) in @descent/datasets.
 */
export interface L1ReferenceSolution {
  /** F(θ*) = f(θ*) + λ1‖w*‖₁ (λ2 is inside f). */
  readonly f: number;
  readonly theta: Float64Array;
  /** ‖◇F(θ*)‖∞, the largest violation of the optimality conditions (0 exactly at the optimum). */
  readonly violation: number;
  readonly iterations: number;
  /** The indices j < features with w*_j ≠ 0. */
  readonly support: number[];
}

/** `theta0`: where to start (a neighbouring strength's optimum, on a path); default 0. */
export function solveL1Reference(objective: LogisticObjective, theta0?: Float64Array): L1ReferenceSolution {
  // tol 0: run until a step can no longer lower F ("stalled"), the rounding floor.
  const result = minimize(objective, newton({ mode: "exact" }), {
    tol: 0,
    maxIter: 200,
    ...(theta0 === undefined ? {} : { theta0 }),
  });
  const grad = new Float64Array(objective.dim);
  const smooth = objective.valueAndGradient(result.theta, grad);
  const support: number[] = [];
  for (let j = 0; j < objective.features; j++) if (result.theta[j] !== 0) support.push(j);
  return {
    f: smooth + l1Penalty(result.theta, objective.penalizedCount, objective.l1),
    theta: result.theta,
    violation: pseudoGradientNorm(result.theta, grad, objective.l1, objective.penalizedCount),
    iterations: result.iterations,
    support,
  };
}

/** How many coordinates j < features are zero in one of θ and the support and not in the other. */
export function supportMismatches(
  theta: ArrayLike<number>,
  support: readonly number[],
  features: number,
): number {
  const inSupport = new Uint8Array(features);
  for (const j of support) inSupport[j] = 1;
  let mismatches = 0;
  for (let j = 0; j < features; j++) if ((theta[j] !== 0 ? 1 : 0) !== inSupport[j]) mismatches += 1;
  return mismatches;
}
