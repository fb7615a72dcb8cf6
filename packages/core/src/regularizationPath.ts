import type { ObjectiveBackend } from "./backend.js";
import { DescentError } from "./errors.js";
import { logisticObjective } from "./logisticObjective.js";
import { type DesignMatrix, type MatrixInput, toDesignMatrix } from "./matrix.js";
import { minimize } from "./minimize.js";
import type { AnyOptimizer } from "./optimizer.js";
import { checkBooleanOption, checkNumberOption } from "./options.js";

export interface RegularizationPathOptions {
  /** The features, as `logisticObjective` takes them. Validated once for the whole path. */
  readonly X: MatrixInput | DesignMatrix;
  /** Targets, 0 or 1. */
  readonly y: ArrayLike<number>;
  readonly sampleWeight?: ArrayLike<number>;
  /** Default true. */
  readonly fitIntercept?: boolean;
  /** Fits every point; with l1Ratio > 0 it must declare `requires.l1` (lbfgs, newton, sgd, momentum, adam). */
  readonly optimizer: AnyOptimizer;
  /** r ∈ [0, 1]: at strength s, λ1 = r s and λ2 = (1 − r) s (scikit-learn's l1_ratio, glmnet's α). Default 1. */
  readonly l1Ratio?: number;
  /**
   * The strengths s, strictly decreasing and > 0. Default: `count` values spaced geometrically from
   * `maxStrength(…)` (where every weight is 0) down to `minStrengthRatio` times it, as glmnet.
   */
  readonly strengths?: readonly number[];
  /** How many strengths in the default grid. Default 20. */
  readonly count?: number;
  /** The smallest default strength over the largest. Default 1e-4 when there are more rows than columns, else 1e-2 (glmnet's). */
  readonly minStrengthRatio?: number;
  /** Per point, as `minimize`. Defaults 1000 and 1e-6 (on the pseudo-gradient's ∞-norm). */
  readonly maxIter?: number;
  readonly tol?: number;
  /** Start each point from the previous one's θ (warm start). Default true; false starts every point from the null model [0, b₀]. */
  readonly warmStart?: boolean;
  /**
   * Where each point's objective runs, as `logisticObjective`'s `backend` (for example `kernels()` from
   * @descent/kernels). Default: core's TypeScript reference.
   */
  readonly backend?: ObjectiveBackend;
}

/** One fitted strength of a path. */
export interface RegularizationPathPoint {
  /** s, and the λ1 = r s and λ2 = (1 − r) s it stands for. */
  readonly strength: number;
  readonly l1: number;
  readonly l2: number;
  /** w, one per feature: exact zeros where the fit dropped a feature. */
  readonly coefficients: Float64Array;
  /** b, or 0 without an intercept. */
  readonly intercept: number;
  /** How many of w are non-zero. */
  readonly nonZero: number;
  /** F(w, b) = mean log loss + λ1‖w‖₁ + (λ2/2)‖w‖², at the fit. */
  readonly objective: number;
  readonly iterations: number;
  /** Passes over the data that this point took. */
  readonly passes: number;
  readonly converged: boolean;
}

export interface RegularizationPath {
  readonly l1Ratio: number;
  /** The smallest strength at which (with l1Ratio > 0) every weight is 0. */
  readonly maxStrength: number;
  /** One per strength, in the (decreasing) order fitted. */
  readonly points: readonly RegularizationPathPoint[];
}

/**
 * The smallest strength s at which the optimum of the L1 (or elastic-net, ratio r) problem has w = 0:
 * s_max = max_j |∂_j L(0, b₀)| / r, with b₀ the intercept that fits the base rate (logit of the weighted
 * mean of y), since w = 0 is optimal exactly while |∂_j L| ≤ λ1 = r s for every j. For r below 1e-3, r is
 * taken as 1e-3, as glmnet does, so that a ridge path still has a finite start.
 */
export function maxStrength(
  matrix: DesignMatrix,
  y: ArrayLike<number>,
  l1Ratio: number,
  options: { readonly sampleWeight?: ArrayLike<number>; readonly fitIntercept?: boolean } = {},
): number {
  return nullModel(matrix, y, l1Ratio, options).maxStrength;
}

/**
 * The null model θ₀ = [0, b₀] (the optimum for every s ≥ s_max; b₀ = logit of the weighted base rate) and
 * s_max. See `maxStrength`.
 */
function nullModel(
  matrix: DesignMatrix,
  y: ArrayLike<number>,
  l1Ratio: number,
  options: { readonly sampleWeight?: ArrayLike<number>; readonly fitIntercept?: boolean },
): { theta: Float64Array; maxStrength: number } {
  const fitIntercept = options.fitIntercept ?? true;
  const objective = logisticObjective({
    X: matrix,
    y,
    fitIntercept,
    ...(options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }),
  });
  const weights = objective.weights;
  let positive = 0;
  let total = 0;
  for (let i = 0; i < objective.examples; i++) {
    const weight = weights === null ? 1 : weights[i]!;
    positive += weight * objective.targets[i]!;
    total += weight;
  }
  const rate = positive / total;
  if (!(rate > 0 && rate < 1)) {
    throw new DescentError(
      "NOT_TWO_CLASSES",
      "A regularization path needs examples of both classes (with weight).",
    );
  }
  const theta = new Float64Array(objective.dim);
  if (fitIntercept) theta[objective.features] = Math.log(rate / (1 - rate));
  const grad = new Float64Array(objective.dim);
  objective.valueAndGradient(theta, grad);
  let largest = 0;
  for (let j = 0; j < objective.features; j++) largest = Math.max(largest, Math.abs(grad[j]!));
  return { theta, maxStrength: largest / Math.max(l1Ratio, 1e-3) };
}

/** `count` strengths from `largest` down to `largest · ratio`, evenly spaced in log scale. */
export function geometricStrengths(largest: number, ratio: number, count: number): number[] {
  if (count === 1) return [largest];
  return Array.from({ length: count }, (_, k) => largest * ratio ** (k / (count - 1)));
}

function checkStrengths(strengths: readonly number[]): number[] {
  if (strengths.length === 0) {
    throw new DescentError("INVALID_OPTION", "strengths must hold at least one strength.");
  }
  return strengths.map((strength, k) => {
    checkNumberOption(`strengths[${k}]`, strength, { min: 0, exclusiveMinimum: true });
    if (k > 0 && !(strength < strengths[k - 1]!)) {
      throw new DescentError(
        "INVALID_OPTION",
        `strengths must decrease strictly (warm starts go from sparse to dense), but strengths[${k}] = ${strength} follows ${strengths[k - 1]}.`,
        { value: strength },
      );
    }
    return strength;
  });
}

/**
 * Fits the logistic model with penalty s · (r‖w‖₁ + ((1 − r)/2)‖w‖²) at each strength s of a decreasing
 * sequence, each fit starting from the last one's θ (glmnet's warm starts: neighbouring optima are close,
 * so most points take a few steps), the first from the null model [0, b₀]. Built on `logisticObjective`
 * and `minimize`; X is validated once.
 */
export function regularizationPath(options: RegularizationPathOptions): RegularizationPath {
  const l1Ratio = checkNumberOption("l1Ratio", options.l1Ratio ?? 1, { min: 0, max: 1 });
  const warmStart = checkBooleanOption("warmStart", options.warmStart ?? true);
  const fitIntercept = checkBooleanOption("fitIntercept", options.fitIntercept ?? true);
  const matrix = toDesignMatrix(options.X);
  const weighting = options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight };
  const { theta: nullTheta, maxStrength: largest } = nullModel(matrix, options.y, l1Ratio, {
    ...weighting,
    fitIntercept,
  });
  let strengths: number[];
  if (options.strengths === undefined) {
    const count = checkNumberOption("count", options.count ?? 20, { min: 1, integer: true });
    const ratio = checkNumberOption(
      "minStrengthRatio",
      options.minStrengthRatio ?? (matrix.rows > matrix.columns ? 1e-4 : 1e-2),
      { min: 0, max: 1, exclusiveMinimum: true, exclusiveMaximum: true },
    );
    strengths = geometricStrengths(largest, ratio, count);
  } else {
    strengths = checkStrengths(options.strengths);
  }

  const features = matrix.columns;
  // Every fit starts from the null model (exact at s_max: F's pseudo-gradient is 0 there, so that point
  // takes no step and its weights are exactly 0), or, with warm starts, from the previous point.
  let theta: Float64Array = nullTheta;
  const points: RegularizationPathPoint[] = [];
  for (const strength of strengths) {
    const l1 = l1Ratio * strength;
    const l2 = (1 - l1Ratio) * strength;
    const objective = logisticObjective({
      X: matrix,
      y: options.y,
      l1,
      l2,
      fitIntercept,
      ...weighting,
      ...(options.backend === undefined ? {} : { backend: options.backend }),
    });
    const result = minimize(objective, options.optimizer, {
      theta0: warmStart ? theta : nullTheta,
      ...(options.maxIter === undefined ? {} : { maxIter: options.maxIter }),
      ...(options.tol === undefined ? {} : { tol: options.tol }),
    });
    theta = result.theta;
    const coefficients = theta.slice(0, features);
    let nonZero = 0;
    for (let j = 0; j < features; j++) if (coefficients[j] !== 0) nonZero += 1;
    points.push({
      strength,
      l1,
      l2,
      coefficients,
      intercept: fitIntercept ? theta[features]! : 0,
      nonZero,
      objective: result.loss,
      iterations: result.iterations,
      passes: result.evaluations.passes,
      converged: result.converged,
    });
  }
  return { l1Ratio, maxStrength: largest, points };
}
