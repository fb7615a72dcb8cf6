import { DescentError, describeValue } from "./errors.js";

/** A class label: any two distinct numbers, strings or booleans. */
export type Label = number | string | boolean;

/** The two classes in sorted order (the second is the positive class) and y as 0/1 targets. */
export interface EncodedLabels<L extends Label = Label> {
  readonly classes: readonly [negative: L, positive: L];
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
 * Sorts the labels as scikit-learn does (numbers numerically, strings by code unit, false before true),
 * takes the second as the positive class, and maps y to 0/1. Refuses anything but exactly two classes of
 * one type.
 */
export function encodeLabels<L extends Label>(y: ArrayLike<L>, name = "y"): EncodedLabels<L> {
  if (y.length === 0)
    throw new DescentError("EMPTY_DATA", `${name} is empty: there is nothing to learn from.`);
  const first = checkLabel(y[0], 0, name);
  const distinct: Label[] = [first];
  for (let i = 1; i < y.length; i++) {
    const label = checkLabel(y[i], i, name);
    if (typeof label !== typeof first) {
      throw new DescentError(
        "INVALID_LABEL",
        `${name}[${i}] is ${describeValue(label)} (a ${typeof label}), but ${name}[0] is a ${typeof first}: labels must share one type.`,
        { row: i, value: label },
      );
    }
    if (!distinct.includes(label)) {
      distinct.push(label);
      if (distinct.length > 2) {
        throw new DescentError(
          "NOT_TWO_CLASSES",
          `${name} has more than two classes (${distinct.map(describeValue).join(", ")} at least; the third first appears at row ${i}); logistic regression here is binary.`,
          { row: i, value: label },
        );
      }
    }
  }
  if (distinct.length < 2) {
    throw new DescentError(
      "NOT_TWO_CLASSES",
      `${name} has a single class (${describeValue(first)}); two are needed to fit a classifier.`,
      { value: first },
    );
  }
  const classes = distinct.sort(compareLabels) as unknown as readonly [L, L];
  const positive = classes[1];
  const targets = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) targets[i] = y[i] === positive ? 1 : 0;
  return { classes, targets };
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
  let total = 0;
  for (let i = 0; i < examples; i++) {
    const weight: unknown = weights[i];
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw new DescentError(
        "INVALID_SAMPLE_WEIGHT",
        `${name}[${i}] is ${describeValue(weight)}; sample weights must be finite and non-negative.`,
        { row: i, value: weight },
      );
    }
    total += weight;
  }
  if (!(total > 0)) {
    throw new DescentError("INVALID_SAMPLE_WEIGHT", `${name} sums to 0: at least one example must count.`);
  }
  const normalized = new Float64Array(examples);
  const scale = examples / total;
  for (let i = 0; i < examples; i++) normalized[i] = weights[i]! * scale;
  return normalized;
}
