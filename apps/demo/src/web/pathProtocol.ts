import type { Label } from "@descent/core";
import type { Part } from "../shared/labelledData.js";

/** The messages between the page and the regularization path's Web Worker (one worker per request). */

/** The page asks for a path on these (standardized) rows. */
export interface ComputePath {
  readonly type: "path";
  readonly featureNames: readonly string[];
  readonly train: Part<Label>;
  /** Scores each point; may have no rows. */
  readonly test: Part<Label>;
  /** r ∈ [0, 1]: at strength s, λ1 = r s and λ2 = (1 − r) s. */
  readonly l1Ratio: number;
  /** How many strengths, from the largest useful one down. */
  readonly count: number;
  /** k for k-fold cross-validation of the strength (crossValidatePath), or 0 for none. */
  readonly folds: number;
}

/** A fitted path, in flat arrays that cross to the page as they are, with what the plot marks. */
export interface PathPicture {
  readonly featureNames: readonly string[];
  /** The two classes, sorted; the weights are the log-odds of the second. */
  readonly classes: readonly [Label, Label];
  readonly l1Ratio: number;
  /** The strengths s, decreasing (the order fitted, warm starts from sparse to dense). */
  readonly strengths: Float64Array;
  /** Point k's weights are coefficients[k·n … k·n + n − 1], n = featureNames.length; dropped ones are 0.0. */
  readonly coefficients: Float64Array;
  readonly intercepts: Float64Array;
  readonly nonZero: Int32Array;
  /** F at each point: mean log loss + λ1‖w‖₁ + (λ2/2)‖w‖². */
  readonly objectives: Float64Array;
  /** Held-out accuracy at each point, or null when nothing is held out. */
  readonly testAccuracy: Float64Array | null;
  /** Every point reached its tolerance. */
  readonly converged: boolean;
  /** The cross-validation's picks (cv.glmnet's lambda.min and lambda.1se), or null without one. */
  readonly crossValidation: {
    readonly folds: number;
    readonly bestIndex: number;
    readonly oneStandardErrorIndex: number;
    readonly meanLoss: Float64Array;
  } | null;
  /** How long the worker computed, path and cross-validation together. */
  readonly milliseconds: number;
}

export type FromPathWorker =
  | { readonly type: "path"; readonly picture: PathPicture }
  | { readonly type: "error"; readonly message: string };
