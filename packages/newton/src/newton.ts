import {
  checkChoiceOption,
  checkNumberOption,
  checkOptionNames,
  DescentError,
  l1Strength,
  type Objective,
  type Optimizer,
  type OptimizerRequirements,
  penalizedCountOf,
} from "@descent/core";
import { type CholeskyWorkspace, createCholeskyWorkspace, solveWithAddedIdentity } from "./cholesky.js";
import {
  type ConjugateGradientWorkspace,
  createConjugateGradientWorkspace,
  type HessianVectorProductSource,
  truncatedConjugateGradient,
} from "./conjugateGradient.js";
import {
  type BacktrackingSettings,
  backtrackingLineSearch,
  createLineSearchWorkspace,
  type LineSearchWorkspace,
} from "./lineSearch.js";
import {
  createProximalNewtonWorkspace,
  type ProximalNewtonSettings,
  type ProximalNewtonWorkspace,
  proximalNewtonStep,
} from "./proximalNewton.js";

/**
 * How the Newton system ∇²f(θ) p = −∇f(θ) is solved:
 * - "exact": form the d × d Hessian and factor it (Cholesky, damped when not positive definite);
 * - "truncated": conjugate gradient on Hessian-vector products, stopped early (Newton–CG);
 * - "auto": exact when the objective has a Hessian and d ≤ maxExactDimension, truncated otherwise.
 */
export type NewtonMode = "auto" | "exact" | "truncated";

const MODES: readonly NewtonMode[] = ["auto", "exact", "truncated"];

export interface NewtonOptions {
  /** Default "auto". */
  readonly mode?: NewtonMode;
  /**
   * The largest d at which "auto" forms the Hessian. Default 64: forming H costs about d/4 gradient passes
   * (m d²/2 multiply-adds), a CG step 1 pass per Hessian-vector product, and CG takes 5 to 20 of them per
   * Newton step on logistic problems; measured, exact wins at d = 31 (breast cancer) and loses 2.7× at
   * d = 101 (100k × 100).
   */
  readonly maxExactDimension?: number;
  /**
   * With an L1 penalty, the largest d at which "auto" forms the Hessian for its proximal step (which needs
   * the Hessian's columns; truncated steps cannot serve it). Default 2048: the Hessian and its factor then
   * take 64 MiB, and one Hessian costs m d²/2 multiply-adds, a few per fit. Above it, use lbfgs() (OWL-QN).
   */
  readonly maxProximalDimension?: number;
  /** The most conjugate-gradient iterations (Hessian-vector products) per step. Default 200, as scikit-learn's newton-cg. */
  readonly maxCgIterations?: number;
  /**
   * The largest forcing term η_max ∈ (0, 1): CG stops once ‖r‖ ≤ min(η_max, √‖∇f‖)·‖∇f‖. Default 0.5,
   * Nocedal & Wright's choice, which makes Newton–CG converge superlinearly.
   */
  readonly cgTolerance?: number;
  /** c₁ ∈ (0, ½), the Armijo sufficient-decrease constant. Default 1e-4. */
  readonly c1?: number;
  /** ρ ∈ (0, 1), the factor that shrinks the step length t after a rejected trial. Default 0.5. */
  readonly backtrackFactor?: number;
  /** The most trial points per line search. Default 50 (t = 0.5⁴⁹ ≈ 1.8e-15 at the last one). */
  readonly maxLineSearchSteps?: number;
  /**
   * With an L1 penalty: the most coordinate-descent sweeps over the active set that minimize the quadratic
   * model in one proximal Newton step. Default 1000: a sweep costs O(d · active) and no pass over the data,
   * and an ill-conditioned model needs many (raw iris: 100 sweeps a step took 42 steps to converge, 1000 took 8).
   */
  readonly maxCoordinateSweeps?: number;
}

/** Which solver made the last step's direction ("none" before the first step). */
export type NewtonSolver = "none" | "exact" | "truncated" | "proximal";

/** Newton's state: buffers made once in `init`, and what the last step did (for inspection). */
export interface NewtonState {
  /** Steps taken. */
  steps: number;
  solver: NewtonSolver;
  /** Steps whose direction was not a descent direction (or could not be computed) and fell back to −∇f. */
  gradientFallbacks: number;
  /** p, the direction of the last step. */
  direction: Float64Array;
  /** The d × d Hessian and its factor; empty when this state never forms the Hessian. */
  cholesky: CholeskyWorkspace;
  /** The CG vectors; empty in exact mode. */
  conjugateGradient: ConjugateGradientWorkspace;
  lineSearch: LineSearchWorkspace;
  /** Proximal Newton's buffers (with an L1 penalty); empty when this state never forms the Hessian. */
  proximal: ProximalNewtonWorkspace;
}

/**
 * Newton's method with a backtracking line search, for objectives with second-order information:
 *
 *     solve ∇²f(θ) p = −∇f(θ)  (exactly by Cholesky, or approximately by conjugate gradient),
 *     θ ← θ + t p,  t the first of 1, ρ, ρ², … with f(θ + t p) ≤ f(θ) + c₁ t ∇f(θ)ᵀp.
 *
 * Exact steps add τI to a Hessian that is not positive definite (Nocedal & Wright, Alg. 3.3); truncated
 * steps stop CG at the forcing term or at negative curvature (Alg. 7.1). Full batch only.
 *
 * A Hessian that is only semidefinite, singular along a direction u where f is flat (the multinomial loss
 * along the all-classes intercept shift, whose gradient is always orthogonal to u), needs no special case:
 * exact steps see the zero pivot and solve the damped system (H + τI) p = −∇f (see solveWithAddedIdentity);
 * truncated steps run CG from p = 0 on a consistent system, whose iterates stay in the span of ∇f, H∇f, …,
 * orthogonal to u, and converge as on the positive definite rest. Neither moves θ along u.
 *
 * With an L1 penalty λ1 on the objective, proximal Newton (newGLMNET; see `proximalNewtonStep`): the
 * quadratic model of f around θ plus λ1‖w‖₁ is minimized by cyclic coordinate descent over the active set,
 * then a backtracking search on F. It forms the Hessian, so it runs in "exact" mode and in "auto" up to
 * `maxProximalDimension` (its buffers made at the first proximal step); "truncated" does not declare l1.
 */
export function newton(options: NewtonOptions = {}): Optimizer<NewtonState> {
  checkOptionNames("newton()", options, [
    "mode",
    "maxExactDimension",
    "maxProximalDimension",
    "maxCgIterations",
    "cgTolerance",
    "c1",
    "backtrackFactor",
    "maxLineSearchSteps",
    "maxCoordinateSweeps",
  ]);
  const mode = checkChoiceOption("newton mode", options.mode ?? "auto", MODES);
  const maxExactDimension = checkNumberOption("newton maxExactDimension", options.maxExactDimension ?? 64, {
    min: 0,
    integer: true,
  });
  const maxProximalDimension = checkNumberOption(
    "newton maxProximalDimension",
    options.maxProximalDimension ?? 2048,
    { min: 0, integer: true },
  );
  const maxCgIterations = checkNumberOption("newton maxCgIterations", options.maxCgIterations ?? 200, {
    min: 1,
    integer: true,
  });
  const cgTolerance = checkNumberOption("newton cgTolerance", options.cgTolerance ?? 0.5, {
    min: 0,
    max: 1,
    exclusiveMinimum: true,
    exclusiveMaximum: true,
  });
  const lineSearch: BacktrackingSettings = {
    // c₁ < ½ lets the full Newton step t = 1 pass near the optimum, which quadratic convergence needs.
    c1: checkNumberOption("newton c1", options.c1 ?? 1e-4, {
      min: 0,
      max: 0.5,
      exclusiveMinimum: true,
      exclusiveMaximum: true,
    }),
    backtrackFactor: checkNumberOption("newton backtrackFactor", options.backtrackFactor ?? 0.5, {
      min: 0,
      max: 1,
      exclusiveMinimum: true,
      exclusiveMaximum: true,
    }),
    maxSteps: checkNumberOption("newton maxLineSearchSteps", options.maxLineSearchSteps ?? 50, {
      min: 1,
      integer: true,
    }),
  };
  const proximalSettings: ProximalNewtonSettings = {
    ...lineSearch,
    maxSweeps: checkNumberOption("newton maxCoordinateSweeps", options.maxCoordinateSweeps ?? 1000, {
      min: 1,
      integer: true,
    }),
  };

  const requires: OptimizerRequirements = {
    secondOrder:
      mode === "exact"
        ? "hessian"
        : mode === "truncated"
          ? "hessianVectorProduct"
          : "hessianOrHessianVectorProduct",
    fullBatch: true,
    // Coordinate descent on the model reads columns of the Hessian, which products alone cannot give cheaply.
    l1: mode !== "truncated",
  };

  /** Whether this step forms the Hessian; "auto" decides per objective, within the buffers it has. */
  const usesExactSolve = (objective: Objective, state: NewtonState, dim: number): boolean => {
    if (mode !== "auto") return mode === "exact";
    const hasHessian = typeof objective.hessian === "function";
    const canFormHessian = hasHessian && state.cholesky.hessian.length === dim * dim;
    if (canFormHessian) return true;
    if (typeof objective.hessianVectorProduct === "function") return false;
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      hasHessian
        ? `newton (auto) does not form a Hessian above ${maxExactDimension} dimensions and this objective (d = ${dim}) has no hessianVectorProduct; use newton({ mode: "exact" }).`
        : "newton needs a hessian or a hessianVectorProduct from the objective, which has none.",
    );
  };

  return {
    name: "newton",
    requires,
    hyperparameters: {
      mode,
      maxExactDimension,
      maxProximalDimension,
      maxCgIterations,
      cgTolerance,
      c1: lineSearch.c1,
      backtrackFactor: lineSearch.backtrackFactor,
      maxLineSearchSteps: lineSearch.maxSteps,
      maxCoordinateSweeps: proximalSettings.maxSweeps,
    },

    init(dim: number): NewtonState {
      const formsHessian = mode === "exact" || (mode === "auto" && dim <= maxExactDimension);
      // "auto" cannot know in init whether the objective has a Hessian, so below the limit it keeps both.
      const runsConjugateGradient = mode !== "exact";
      return {
        steps: 0,
        solver: "none",
        gradientFallbacks: 0,
        direction: new Float64Array(dim),
        cholesky: createCholeskyWorkspace(formsHessian ? dim : 0),
        conjugateGradient: createConjugateGradientWorkspace(runsConjugateGradient ? dim : 0),
        lineSearch: createLineSearchWorkspace(dim),
        proximal: createProximalNewtonWorkspace(formsHessian ? dim : 0),
      };
    },

    // When no trial decreases f (at the rounding floor of f), the search leaves θ, ∇f and f as they were;
    // minimize() then stops the run as "stalled".
    step(theta, grad, loss, state, objective) {
      const dim = theta.length;
      checkStateSize(state, dim);
      const { direction } = state;
      const l1 = l1Strength(objective);
      if (l1 > 0) {
        if (typeof objective.hessian !== "function") {
          throw new DescentError(
            "UNSUPPORTED_OBJECTIVE",
            `newton's proximal step (l1 > 0) forms the Hessian, and this objective has none; use lbfgs() (OWL-QN) for l1.`,
          );
        }
        if (state.proximal.hessianDirection.length !== dim) {
          // "auto" sized its buffers in init, before it could see l1: above maxExactDimension it kept none.
          if (mode !== "auto" || dim > maxProximalDimension) {
            throw new DescentError(
              "UNSUPPORTED_OBJECTIVE",
              `newton (auto) forms the Hessian for its proximal step (l1 > 0) up to d ≤ maxProximalDimension (${maxProximalDimension}); d = ${dim}: use lbfgs() (OWL-QN), or raise maxProximalDimension.`,
            );
          }
          state.cholesky = createCholeskyWorkspace(dim);
          state.proximal = createProximalNewtonWorkspace(dim);
        }
        state.solver = "proximal";
        state.steps += 1;
        objective.hessian(theta, state.cholesky.hessian);
        return proximalNewtonStep(
          objective,
          theta,
          grad,
          loss,
          state.cholesky.hessian,
          direction,
          state.proximal,
          state.lineSearch,
          l1,
          penalizedCountOf(objective),
          proximalSettings,
        );
      }
      let solved: boolean;
      if (usesExactSolve(objective, state, dim)) {
        state.solver = "exact";
        solved = exactDirection(objective, theta, grad, direction, state.cholesky, dim);
      } else {
        state.solver = "truncated";
        if (state.conjugateGradient.residual.length !== dim) {
          throw missingBuffers("conjugate gradient", dim);
        }
        truncatedConjugateGradient(
          requireProducts(objective),
          theta,
          grad,
          direction,
          state.conjugateGradient,
          cgTolerance,
          maxCgIterations,
        );
        solved = true;
      }

      // gᵀp, written out: a double returned from a call that V8 does not inline would be boxed.
      let slope = 0;
      for (let j = 0; j < dim; j++) slope += grad[j]! * direction[j]!;
      // A positive definite system always gives a descent direction; this catches non-finite values and
      // a CG stopped by rounding on a flat, indefinite landscape.
      if (!solved || !(slope < 0)) {
        slope = 0;
        for (let j = 0; j < dim; j++) {
          direction[j] = -grad[j]!;
          slope -= grad[j]! * grad[j]!;
        }
        state.gradientFallbacks += 1;
      }
      state.steps += 1;
      return backtrackingLineSearch(
        objective,
        theta,
        grad,
        loss,
        direction,
        slope,
        state.lineSearch,
        lineSearch,
      );
    },
  };
}

/** Writes p solving (∇²f(θ) + τI) p = −∇f(θ) into `direction`; false when no factorization succeeded. */
function exactDirection(
  objective: Objective,
  theta: Float64Array,
  grad: Float64Array,
  direction: Float64Array,
  workspace: CholeskyWorkspace,
  dim: number,
): boolean {
  if (typeof objective.hessian !== "function") {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      "newton (exact) needs a hessian from the objective, which has none.",
    );
  }
  if (workspace.hessian.length !== dim * dim) throw missingBuffers("the Hessian", dim);
  objective.hessian(theta, workspace.hessian);
  for (let j = 0; j < dim; j++) direction[j] = -grad[j]!;
  return solveWithAddedIdentity(dim, workspace.hessian, workspace, direction);
}

function requireProducts(objective: Objective): HessianVectorProductSource {
  if (typeof objective.hessianVectorProduct !== "function") {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      "newton (truncated) needs a hessianVectorProduct from the objective, which has none.",
    );
  }
  return objective as HessianVectorProductSource;
}

function missingBuffers(what: string, dim: number): DescentError {
  return new DescentError(
    "INVALID_STATE",
    `This newton state has no buffers for ${what} at d = ${dim}: it was made by a newton of another mode or for another problem.`,
  );
}

/** Refuses a state made for another dimension (a checkpoint from another problem), before any write. */
function checkStateSize(state: NewtonState, dim: number): void {
  const { cholesky, conjugateGradient } = state;
  const sized =
    state.direction.length === dim &&
    state.lineSearch.trialTheta.length === dim &&
    state.lineSearch.trialGradient.length === dim &&
    cholesky.hessian.length === cholesky.factor.length &&
    (cholesky.hessian.length === 0 || cholesky.hessian.length === dim * dim) &&
    conjugateGradient.residual.length === conjugateGradient.conjugate.length &&
    conjugateGradient.residual.length === conjugateGradient.product.length &&
    (conjugateGradient.residual.length === 0 || conjugateGradient.residual.length === dim) &&
    state.proximal !== undefined &&
    state.proximal.hessianDirection.length === (cholesky.hessian.length === 0 ? 0 : dim);
  if (!sized) {
    throw new DescentError(
      "INVALID_STATE",
      `This newton state was not made by init(${dim}); pass the state (or checkpoint) of a run on this problem.`,
    );
  }
}
