import type { Label, LogisticRegression } from "@descent/core";

/**
 * What the reports need from a fitted model, for any number K of classes. The estimator stores coef as one
 * row-major Float64Array of rows × n (one row, the second class's, for two classes; K rows for K ≥ 3, as
 * scikit-learn's coef_), one intercept per row, and predictProba as a row of K probabilities per sample.
 */

/** One class's coefficients and intercept: the weights of its logit. */
export interface ClassCoefficients {
  /** The class whose logit (log-odds, for two classes) these weights raise. */
  readonly label: Label;
  readonly coef: Float64Array;
  readonly intercept: number;
}

/** The coefficients per row of coef: one entry (the second class's log-odds) for two classes, else K. */
export function coefficientsByClass(model: LogisticRegression<Label>, features: number): ClassCoefficients[] {
  const { classes, coef, intercept } = model;
  const rows = intercept.length;
  if (coef.length !== rows * features) {
    throw new Error(`unexpected coefficient shape: ${coef.length} numbers for ${rows} rows of ${features}`);
  }
  // A binary model's one row raises the second class's log-odds; K rows are the K classes' logits.
  const labelOf = (k: number) => (rows === 1 ? classes[1]! : classes[k]!);
  return Array.from({ length: rows }, (_, k) => ({
    label: labelOf(k),
    coef: coef.subarray(k * features, (k + 1) * features),
    intercept: intercept[k]!,
  }));
}

/** The probability of each class (in `model.classes` order) for each sample of X: a row of K per sample. */
export function classProbabilities(
  model: LogisticRegression<Label>,
  X: { readonly data: Float64Array; readonly shape: readonly [number, number] },
): Float64Array[] {
  return model.predictProba(X);
}
