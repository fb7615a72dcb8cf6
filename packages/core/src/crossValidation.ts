import { DescentError } from "./errors.js";
import { normalizeSampleWeights } from "./labels.js";
import { type DesignMatrix, toDesignMatrix } from "./matrix.js";
import { logisticLoss } from "./numerics.js";
import { checkNumberOption } from "./options.js";
import { createRandomState, shuffleInPlace } from "./random.js";
import {
  type RegularizationPath,
  type RegularizationPathOptions,
  regularizationPath,
} from "./regularizationPath.js";

export interface CrossValidationOptions extends RegularizationPathOptions {
  /** k, the number of folds, ≥ 2. Default 5. */
  readonly folds?: number;
  /** Seeds the assignment of rows to folds. Default 0. */
  readonly seed?: number;
}

export interface CrossValidatedPath {
  /** The strengths, shared by every fold (the grid of the full data, as cv.glmnet). */
  readonly strengths: readonly number[];
  /** Per strength: the held-out mean log loss, averaged over the folds (lower is better). */
  readonly meanLoss: Float64Array;
  /** Per strength: the standard error of that mean over the folds. */
  readonly standardError: Float64Array;
  /** The strength with the least mean held-out loss (cv.glmnet's lambda.min), and its index. */
  readonly bestIndex: number;
  readonly bestStrength: number;
  /**
   * The largest strength whose mean loss is within one standard error of the best (cv.glmnet's
   * lambda.1se): a sparser model that is statistically as good.
   */
  readonly oneStandardErrorIndex: number;
  readonly oneStandardErrorStrength: number;
  /** The fold (0 … k−1) each row was held out in. */
  readonly foldOf: Int32Array;
  /** The path on all the data, at the same strengths: its point `bestIndex` is the chosen model. */
  readonly path: RegularizationPath;
}

/**
 * Stratified k-fold assignment: the rows of each class are shuffled (seeded) and dealt to folds in turn,
 * continuing from class to class, so every fold holds each class in about the same proportion
 * (scikit-learn's StratifiedKFold with shuffle).
 */
export function stratifiedFolds(y: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const random = createRandomState(seed);
  const foldOf = new Int32Array(y.length);
  let next = 0;
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) rows.push(i);
    const order = Int32Array.from(rows);
    shuffleInPlace(order, random);
    for (const row of order) {
      foldOf[row] = next;
      next = (next + 1) % folds;
    }
  }
  return foldOf;
}

/** The weighted mean log loss of θ = [w, b] on the rows with the given fold. */
function heldOutLoss(
  matrix: DesignMatrix,
  y: ArrayLike<number>,
  weights: Float64Array | null,
  foldOf: Int32Array,
  fold: number,
  coefficients: Float64Array,
  intercept: number,
): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < matrix.rows; i++) {
    if (foldOf[i] !== fold) continue;
    const weight = weights === null ? 1 : weights[i]!;
    sum += weight * logisticLoss(matrix.dotRow(i, coefficients) + intercept, y[i]!);
    total += weight;
  }
  return sum / total;
}

/**
 * k-fold cross-validation of a regularization path (scikit-learn's LogisticRegressionCV, glmnet's
 * cv.glmnet): for each fold, the path on the other folds (the held-out rows get weight 0, so X is never
 * copied), scored by the mean log loss on the held-out fold; then the path on all the data. Picks the
 * strength of least mean held-out loss, and the sparser one-standard-error choice. Seeded and
 * deterministic: the same data, options and seed give the same folds, fits and choice.
 */
export function crossValidatePath(options: CrossValidationOptions): CrossValidatedPath {
  const folds = checkNumberOption("folds", options.folds ?? 5, { min: 2, integer: true });
  const seed = checkNumberOption("seed", options.seed ?? 0, { integer: true });
  const matrix = toDesignMatrix(options.X);
  const y = options.y;
  if (y.length !== matrix.rows) {
    throw new DescentError("LENGTH_MISMATCH", `y has ${y.length} entries, but X has ${matrix.rows} rows.`);
  }
  if (folds > matrix.rows) {
    throw new DescentError(
      "INVALID_OPTION",
      `folds (${folds}) exceeds the number of rows (${matrix.rows}).`,
      {
        value: folds,
      },
    );
  }
  const userWeights =
    options.sampleWeight === undefined ? null : normalizeSampleWeights(options.sampleWeight, matrix.rows);
  // The folds share the full data's strengths (cv.glmnet does the same), so their losses line up.
  const path = regularizationPath({ ...options, X: matrix });
  const strengths = path.points.map((point) => point.strength);

  const foldOf = stratifiedFolds(y, folds, seed);
  const losses = new Float64Array(folds * strengths.length);
  const trainingWeight = new Float64Array(matrix.rows);
  for (let fold = 0; fold < folds; fold++) {
    for (let i = 0; i < matrix.rows; i++) {
      trainingWeight[i] = foldOf[i] === fold ? 0 : userWeights === null ? 1 : userWeights[i]!;
    }
    const foldPath = regularizationPath({ ...options, X: matrix, sampleWeight: trainingWeight, strengths });
    foldPath.points.forEach((point, k) => {
      losses[fold * strengths.length + k] = heldOutLoss(
        matrix,
        y,
        userWeights,
        foldOf,
        fold,
        point.coefficients,
        point.intercept,
      );
    });
  }

  const count = strengths.length;
  const meanLoss = new Float64Array(count);
  const standardError = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let sum = 0;
    for (let fold = 0; fold < folds; fold++) sum += losses[fold * count + k]!;
    const mean = sum / folds;
    let squares = 0;
    for (let fold = 0; fold < folds; fold++) squares += (losses[fold * count + k]! - mean) ** 2;
    meanLoss[k] = mean;
    standardError[k] = Math.sqrt(squares / (folds - 1) / folds);
  }
  let bestIndex = 0;
  for (let k = 1; k < count; k++) if (meanLoss[k]! < meanLoss[bestIndex]!) bestIndex = k;
  // Strengths decrease along the path: the first one within a standard error is the largest.
  let oneStandardErrorIndex = bestIndex;
  for (let k = 0; k < bestIndex; k++) {
    if (meanLoss[k]! <= meanLoss[bestIndex]! + standardError[bestIndex]!) {
      oneStandardErrorIndex = k;
      break;
    }
  }
  return {
    strengths,
    meanLoss,
    standardError,
    bestIndex,
    bestStrength: strengths[bestIndex]!,
    oneStandardErrorIndex,
    oneStandardErrorStrength: strengths[oneStandardErrorIndex]!,
    foldOf,
    path,
  };
}
