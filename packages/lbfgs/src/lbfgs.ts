import {
  checkNumberOption,
  checkOptionNames,
  dot,
  l1Strength,
  type Objective,
  type Optimizer,
  penalizedCountOf,
} from "@descent/core";
import { rememberPair, searchDirection } from "./curvatureHistory.js";
import type { LbfgsState } from "./lbfgsState.js";
import { type LineSearchSettings, strongWolfeLineSearch } from "./lineSearch.js";
import { type OrthantWiseSettings, orthantWiseStep } from "./owlqn.js";

export interface LbfgsOptions {
  /** m, how many curvature pairs (s, y) the inverse-Hessian approximation remembers. Default 10. */
  readonly historySize?: number;
  /** c1 of the sufficient-decrease (Armijo) condition. Default 1e-4. */
  readonly c1?: number;
  /** c2 of the strong curvature condition, c1 < c2 < 1. Default 0.9. */
  readonly c2?: number;
  /** ε: a pair is skipped when sᵀy ≤ ε ‖s‖ ‖y‖, which keeps H positive definite. Default 1e-8. */
  readonly epsilon?: number;
  /** The most evaluations of f and ∇f in one line search. Default 20, as SciPy (scikit-learn passes 50). */
  readonly maxLineSearchEvaluations?: number;
}

/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with a strong Wolfe line search (Nocedal &
 * Wright, Algorithms 7.4, 3.5 and 3.6). Each step sets d = −H ∇f(θ) by the two-loop recursion over the
 * last m pairs, with H₀ = γ I and γ = sᵀy / yᵀy, then moves to the point θ + α d the line search
 * accepts. Full batch only. `step` returns f at the new θ and leaves ∇f there in `grad`.
 *
 * With an L1 penalty λ1 on the objective, OWL-QN (Andrew & Gao 2007; see `orthantWiseStep`): the same
 * two-loop recursion on the pseudo-gradient ◇F, the direction projected onto the signs of −◇F, and a
 * backtracking search confined to the orthant of θ, which sets coordinates that would cross zero to exactly 0.
 */
export function lbfgs(options: LbfgsOptions = {}): Optimizer<LbfgsState> {
  checkOptionNames("lbfgs()", options, ["historySize", "c1", "c2", "epsilon", "maxLineSearchEvaluations"]);
  // Bounded: the history is 2 · historySize vectors of d, made in init (10⁷ pairs on a 6 × 2 problem took
  // 660 MB); scikit-learn uses 10, and past a few dozen pairs L-BFGS gains nothing.
  const historySize = checkNumberOption("lbfgs historySize", options.historySize ?? 10, {
    min: 1,
    max: 1000,
    integer: true,
  });
  const c1 = checkNumberOption("lbfgs c1", options.c1 ?? 1e-4, {
    min: 0,
    exclusiveMinimum: true,
    max: 1,
    exclusiveMaximum: true,
  });
  const c2 = checkNumberOption("lbfgs c2", options.c2 ?? 0.9, {
    min: c1,
    exclusiveMinimum: true,
    max: 1,
    exclusiveMaximum: true,
  });
  const epsilon = checkNumberOption("lbfgs epsilon", options.epsilon ?? 1e-8, { min: 0 });
  const maxLineSearchEvaluations = checkNumberOption(
    "lbfgs maxLineSearchEvaluations",
    options.maxLineSearchEvaluations ?? 20,
    { min: 1, integer: true },
  );
  const settings: StepSettings = {
    historySize,
    epsilon,
    lineSearch: { c1, c2, maxEvaluations: maxLineSearchEvaluations },
  };
  const orthantWise: OrthantWiseSettings = {
    historySize,
    epsilon,
    c1,
    maxEvaluations: maxLineSearchEvaluations,
  };

  return {
    name: "lbfgs",
    requires: { fullBatch: true, l1: true },
    hyperparameters: { historySize, c1, c2, epsilon, maxLineSearchEvaluations },
    init: (dim) => ({
      s: new Float64Array(historySize * dim),
      y: new Float64Array(historySize * dim),
      rho: new Float64Array(historySize),
      alpha: new Float64Array(historySize),
      direction: new Float64Array(dim),
      trialTheta: new Float64Array(dim),
      trialGradient: new Float64Array(dim),
      pseudoGradient: new Float64Array(dim),
      stored: 0,
      newest: historySize - 1,
      gamma: 1,
      lineSearch: { initialLoss: 0, initialSlope: 0, initialStep: 0, step: 0, loss: 0, evaluations: 0 },
      skippedPairs: 0,
      lineSearchFailures: 0,
      stalled: false,
      stalledSteps: 0,
    }),
    step(theta, grad, loss, state, objective) {
      // From the point where the last step stalled, a new one would stall again. (Kept this small so
      // that V8 inlines it: a stalled step then does not even box the loss it returns.)
      if (state.stalled && isStalledPoint(theta, grad, loss, state)) {
        state.stalledSteps += 1;
        return loss;
      }
      const l1 = l1Strength(objective);
      if (l1 > 0) {
        return orthantWiseStep(
          theta,
          grad,
          loss,
          state,
          objective,
          l1,
          penalizedCountOf(objective),
          orthantWise,
        );
      }
      return quasiNewtonStep(theta, grad, loss, state, objective, settings);
    },
  };
}

interface StepSettings {
  readonly historySize: number;
  readonly epsilon: number;
  readonly lineSearch: LineSearchSettings;
}

/** One L-BFGS iteration: the direction, the line search, the history update. */
function quasiNewtonStep(
  theta: Float64Array,
  grad: Float64Array,
  loss: number,
  state: LbfgsState,
  objective: Objective,
  settings: StepSettings,
): number {
  const { historySize, epsilon } = settings;
  const { direction, lineSearch: search } = state;
  const dim = theta.length;
  state.stalled = false; // resumed from another point, or on another objective
  if (state.stored > 0) {
    searchDirection(grad, state, historySize, dim);
  } else {
    for (let j = 0; j < dim; j++) direction[j] = -grad[j]!;
  }
  let slope = dot(grad.length, grad, direction);
  if (!(slope < 0)) {
    // H lost positive definiteness to rounding (the curvature test keeps it in exact arithmetic),
    // or ∇f = 0: start again from steepest descent.
    state.stored = 0;
    for (let j = 0; j < dim; j++) direction[j] = -grad[j]!;
    slope = dot(grad.length, grad, direction);
    if (slope === 0) {
      search.evaluations = 0;
      return loss; // a stationary point: nothing to do
    }
  }
  search.initialLoss = loss;
  search.initialSlope = slope;
  // With curvature pairs, H is scaled so that α = 1 is the natural trial (N&W §6.1). Without, the
  // first trial moves θ by a unit distance, as L-BFGS-B does.
  search.initialStep = state.stored > 0 ? 1 : 1 / Math.sqrt(-slope);
  const outcome = strongWolfeLineSearch(
    objective,
    theta,
    direction,
    state.trialTheta,
    state.trialGradient,
    settings.lineSearch,
    search,
  );
  if (outcome === "failed") {
    // No decrease along d. θ and ∇f stay; forgetting the history makes the next direction −∇f.
    state.lineSearchFailures += 1;
    state.stored = 0;
    return loss;
  }
  if (outcome !== "non-finite") {
    if (search.loss >= loss && movesByRoundingOnly(theta, state.trialTheta)) {
      state.stalled = true; // its pair would be rounding noise: keep the history as it is
    } else {
      rememberPair(theta, grad, state, historySize, epsilon, dim);
    }
  }
  theta.set(state.trialTheta);
  grad.set(state.trialGradient);
  return search.loss;
}

/** True when no entry of `next` differs from `theta` by more than two units in the last place. */
function movesByRoundingOnly(theta: Float64Array, next: Float64Array): boolean {
  for (let j = 0; j < theta.length; j++) {
    if (Math.abs(next[j]! - theta[j]!) > 2 * Number.EPSILON * Math.abs(theta[j]!)) return false;
  }
  return true;
}

/**
 * True when θ, ∇f and f are, entry for entry, the point where the last step stalled (which the step left
 * in `trialTheta` and `trialGradient`), so a step from it would stall again.
 */
function isStalledPoint(theta: Float64Array, grad: Float64Array, loss: number, state: LbfgsState): boolean {
  if (loss !== state.lineSearch.loss) return false;
  const { trialTheta, trialGradient } = state;
  for (let j = 0; j < theta.length; j++) {
    if (theta[j] !== trialTheta[j] || grad[j] !== trialGradient[j]) return false;
  }
  return true;
}
