import type { Label } from "@descent/core";

/**
 * The classes of `labels` in the order scikit-learn sorts them (numbers numerically, strings by code unit,
 * false before true): the order of a model's `classes`, so class k of the data is column k of its
 * probabilities.
 */
export function sortedClasses<L extends Label>(labels: readonly L[]): L[] {
  return [...new Set(labels)].sort((a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * `predictProba`'s answer for `rows` samples of `classCount` classes as one row-major rows × K matrix.
 * Binary models answer P(second class) per sample today; a K-class model answers one row of K
 * probabilities per sample (flat or as arrays). Every caller of the page goes through here, so the
 * drawing code is K-generic already.
 */
export function probabilityRows(predicted: unknown, rows: number, classCount: number): Float64Array {
  const out = new Float64Array(rows * classCount);
  if (Array.isArray(predicted) && predicted.every((row) => Array.isArray(row) || ArrayBuffer.isView(row))) {
    for (let i = 0; i < rows; i++) out.set(predicted[i] as ArrayLike<number>, i * classCount);
    return out;
  }
  const flat = predicted as ArrayLike<number>;
  if (classCount === 2 && flat.length === rows) {
    for (let i = 0; i < rows; i++) {
      out[2 * i] = 1 - flat[i]!;
      out[2 * i + 1] = flat[i]!;
    }
    return out;
  }
  if (flat.length !== rows * classCount) {
    throw new Error(`predictProba gave ${flat.length} numbers for ${rows} samples of ${classCount} classes.`);
  }
  out.set(flat);
  return out;
}
