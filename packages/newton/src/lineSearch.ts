import type { Objective } from "@descent/core";

/** The trial point of a line search, made once, and the outcome of the last search. */
export interface LineSearchWorkspace {
  /** θ + t p, the point being tried. */
  trialTheta: Float64Array;
  /** ∇f(θ + t p). */
  trialGradient: Float64Array;
  /** t accepted by the last search; 0 when it found no acceptable point and left θ where it was. */
  stepLength: number;
  /** Searches so far that found no acceptable point. */
  failures: number;
}

export function createLineSearchWorkspace(dim: number): LineSearchWorkspace {
  return {
    trialTheta: new Float64Array(dim),
    trialGradient: new Float64Array(dim),
    stepLength: 0,
    failures: 0,
  };
}

/** How close two losses may be and still differ only by rounding: 16 ulps of f, as scikit-learn's NewtonSolver. */
const ROUNDING_LOSS_DIFFERENCE = 16 * Number.EPSILON;

/** The settings of a backtracking search. */
export interface BacktrackingSettings {
  /** c₁ ∈ (0, ½): the fraction of the predicted decrease that a step must achieve. */
  readonly c1: number;
  /** ρ ∈ (0, 1): t shrinks to ρ t after each rejected trial. */
  readonly backtrackFactor: number;
  /** The most trial points. */
  readonly maxSteps: number;
}

/**
 * Backtracking line search along a descent direction p (Nocedal & Wright, Algorithm 3.1): tries
 * t = 1, ρ, ρ², … and accepts the first t with the Armijo sufficient decrease
 *
 *     f(θ + t p) ≤ f(θ) + c₁ t ∇f(θ)ᵀp,        `slope` = ∇f(θ)ᵀp < 0.
 *
 * Near the optimum the decrease falls below the rounding error of f, and the Armijo test turns into a coin
 * toss. There, as scikit-learn's NewtonSolver does, a trial whose loss differs from f(θ) by at most
 * 16 ε |f(θ)| is accepted when it lowers ‖∇f‖₁ instead.
 *
 * On acceptance, θ becomes the trial point, `grad` its gradient, and the trial loss is returned. When no
 * trial is accepted in `maxSteps`, or t p has become too small to change θ in floating point (so that no
 * later trial could differ from θ), θ and `grad` are left as they were (∇f(θ), unchanged), the failure
 * is counted and `loss` is returned: the caller's loss and gradient stay those of θ.
 */
export function backtrackingLineSearch(
  objective: Objective,
  theta: Float64Array,
  grad: Float64Array,
  loss: number,
  direction: Float64Array,
  slope: number,
  workspace: LineSearchWorkspace,
  settings: BacktrackingSettings,
): number {
  const { trialTheta, trialGradient } = workspace;
  const n = theta.length;
  const roundingLevel = ROUNDING_LOSS_DIFFERENCE * Math.abs(loss);
  let gradientSum = -1;
  let stepLength = 1;
  for (let trial = 0; trial < settings.maxSteps; trial++) {
    let moved = false;
    for (let j = 0; j < n; j++) {
      const value = theta[j]! + stepLength * direction[j]!;
      trialTheta[j] = value;
      if (value !== theta[j]) moved = true;
    }
    // t p has fallen below half an ulp of every θ_j: this and every shorter step is θ itself.
    if (!moved) break;
    const trialLoss = objective.valueAndGradient(trialTheta, trialGradient);
    const change = trialLoss - loss;
    let accepted = change <= settings.c1 * stepLength * slope;
    if (!accepted && Math.abs(change) <= roundingLevel) {
      let trialGradientSum = 0;
      for (let j = 0; j < n; j++) trialGradientSum += Math.abs(trialGradient[j]!);
      if (gradientSum < 0) {
        gradientSum = 0;
        for (let j = 0; j < n; j++) gradientSum += Math.abs(grad[j]!);
      }
      accepted = trialGradientSum < gradientSum;
    }
    if (accepted) {
      theta.set(trialTheta);
      grad.set(trialGradient);
      workspace.stepLength = stepLength;
      return trialLoss;
    }
    stepLength *= settings.backtrackFactor;
  }
  workspace.stepLength = 0;
  workspace.failures += 1;
  return loss;
}
