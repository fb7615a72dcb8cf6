import { DescentError, describeValue } from "./errors.js";

/** A class label: a number, a string or a boolean (all labels of one y share one type). */
export type Label = number | string | boolean;

/** The classes in sorted order and y as class indices. */
export interface EncodedLabels<L extends Label = Label> {
  /** The K ≥ 2 distinct labels, sorted as scikit-learn sorts them. */
  readonly classes: readonly L[];
  /** The index into `classes` of each label. */
  readonly indices: Int32Array;
  /** The same indices as numbers: for two classes, the 0/1 targets of the binary loss (classes[1] is 1). */
  readonly targets: Float64Array;
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkLabel(value: unknown, row: number, name: string): Label {
  const ok =
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value));
  if (!ok) {
    throw new DescentError(
      "INVALID_LABEL",
      `${name}[${row}] is ${describeValue(value)}; a label must be a finite number, a string or a boolean.`,
      { row, value },
    );
  }
  return value as Label;
}

/**
 * Sorts the distinct labels as scikit-learn does (numbers numerically, strings by code unit, false before
 * true) and maps y to indices into them. Refuses fewer than two classes (NOT_TWO_CLASSES) and labels of
 * mixed types.
 */
export function encodeLabels<L extends Label>(y: ArrayLike<L>, name = "y"): EncodedLabels<L> {
  if (y.length === 0)
    throw new DescentError("EMPTY_DATA", `${name} is empty: there is nothing to learn from.`);
  const first = checkLabel(y[0], 0, name);
  const seen = new Set<Label>([first]);
  for (let i = 1; i < y.length; i++) {
    const label = checkLabel(y[i], i, name);
    if (typeof label !== typeof first) {
      throw new DescentError(
        "INVALID_LABEL",
        `${name}[${i}] is ${describeValue(label)} (a ${typeof label}), but ${name}[0] is a ${typeof first}: labels must share one type.`,
        { row: i, value: label },
      );
    }
    seen.add(label);
  }
  if (seen.size < 2) {
    throw new DescentError(
      "NOT_TWO_CLASSES",
      `${name} has a single class (${describeValue(first)}); two or more are needed to fit a classifier.`,
      { value: first },
    );
  }
  const classes = [...seen].sort(compareLabels) as L[];
  const indexOf = new Map<Label, number>(classes.map((label, k) => [label, k]));
  const indices = new Int32Array(y.length);
  const targets = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const index = indexOf.get(y[i]!)!;
    indices[i] = index;
    targets[i] = index;
  }
  return { classes, indices, targets };
}

/**
 * Validates sample weights (finite, ≥ 0, not all 0, one per example) and normalizes them to sum to m,
 * so that the objective stays a mean and λ keeps its meaning whatever the weights' scale.
 */
export function normalizeSampleWeights(
  weights: ArrayLike<number>,
  examples: number,
  name = "sampleWeight",
): Float64Array {
  if (weights.length !== examples) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `${name} has ${weights.length} entries, but X has ${examples} rows.`,
    );
  }
  // Scaled by the largest weight before summing, so that neither weights near 1e308 (whose sum overflows)
  // nor weights near 5e-324 (whose m / sum overflows) turn into zeros or infinities.
  let largest = 0;
  for (let i = 0; i < examples; i++) {
    const weight: unknown = weights[i];
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw new DescentError(
        "INVALID_SAMPLE_WEIGHT",
        `${name}[${i}] is ${describeValue(weight)}; sample weights must be finite and non-negative.`,
        { row: i, value: weight },
      );
    }
    if (weight > largest) largest = weight;
  }
  if (!(largest > 0)) {
    throw new DescentError("INVALID_SAMPLE_WEIGHT", `${name} sums to 0: at least one example must count.`);
  }
  let total = 0;
  for (let i = 0; i < examples; i++) total += weights[i]! / largest;
  const normalized = new Float64Array(examples);
  // total ≥ 1 (the largest weight counts 1), so m / total is finite; each weight / largest ≤ 1.
  const scale = examples / total;
  for (let i = 0; i < examples; i++) normalized[i] = (weights[i]! / largest) * scale;
  return normalized;
}
