import type { Label, LogisticRegression } from "@descent/core";

/**
 * What the reports need from a fitted model, read so that it holds for any number K of classes.
 *
 * Today's estimator is binary: `coef` is one row of d numbers (for the second class), `intercept` a
 * number and `predictProba` one probability (of the second class) per sample. Multiclass support (in
 * progress) makes them scikit-learn's shapes: K rows of coefficients, K intercepts, and a row of K
 * probabilities per sample. These readers accept both, so the command line works unchanged on either.
 */

/** One class's coefficients and intercept: the weights of its logit. */
export interface ClassCoefficients {
  /** The class whose logit (log-odds, for two classes) these weights raise. */
  readonly label: Label;
  readonly coef: Float64Array;
  readonly intercept: number;
}

function numbersOf(value: unknown): Float64Array | null {
  if (value instanceof Float64Array) return value;
  if (ArrayBuffer.isView(value) || (Array.isArray(value) && value.every((x) => typeof x === "number"))) {
    return Float64Array.from(value as ArrayLike<number>);
  }
  return null;
}

/** Rows of `width` numbers from a flat array of rows × width, or from an array of rows. */
function rowsOf(value: unknown, width: number): Float64Array[] | null {
  const flat = numbersOf(value);
  if (flat !== null) {
    if (width === 0 || flat.length % width !== 0) return null;
    return Array.from({ length: flat.length / width }, (_, k) => flat.subarray(k * width, (k + 1) * width));
  }
  if (!Array.isArray(value)) return null;
  const rows = value.map(numbersOf);
  return rows.every((row): row is Float64Array => row !== null && row.length === width) ? rows : null;
}

/**
 * The coefficients per class: one entry (the second class's log-odds) for a binary model, K for a
 * multinomial one. Throws when the model's shape is neither, which would be a bug, not a user's mistake.
 */
export function coefficientsByClass(model: LogisticRegression<Label>, features: number): ClassCoefficients[] {
  const classes = model.classes as readonly Label[];
  const rows = rowsOf(model.coef as unknown, features);
  const intercepts = numbersOf(model.intercept as unknown) ?? Float64Array.of(model.intercept as number);
  if (rows === null || rows.length !== intercepts.length) {
    throw new Error(`unexpected coefficient shape for ${classes.length} classes and ${features} features`);
  }
  if (rows.length === 1 && classes.length === 2) {
    return [{ label: classes[1]!, coef: rows[0]!, intercept: intercepts[0]! }];
  }
  if (rows.length !== classes.length) {
    throw new Error(`${rows.length} coefficient rows for ${classes.length} classes`);
  }
  return rows.map((coef, k) => ({ label: classes[k]!, coef, intercept: intercepts[k]! }));
}

/** The probability of each class (in `model.classes` order) for each of `rows` samples: rows × K. */
export function classProbabilities(
  model: LogisticRegression<Label>,
  X: { readonly data: Float64Array; readonly shape: readonly [number, number] },
): Float64Array[] {
  const classes = model.classes as readonly Label[];
  const rows = X.shape[0];
  const probabilities = model.predictProba(X) as unknown;
  const flat = numbersOf(probabilities);
  if (flat !== null && flat.length === rows && classes.length === 2) {
    // The binary estimator's P(second class): the first class has the rest.
    return Array.from(flat, (p) => Float64Array.of(1 - p, p));
  }
  const perRow = rowsOf(probabilities, classes.length);
  if (perRow === null || perRow.length !== rows) {
    throw new Error(`unexpected probability shape for ${rows} rows and ${classes.length} classes`);
  }
  return perRow;
}
