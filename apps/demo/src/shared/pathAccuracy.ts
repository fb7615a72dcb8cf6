import type { Label } from "@descent/core";
import type { Part } from "./labelledData.js";

/**
 * The accuracy on `part` of one point of a binary regularization path (w, b): a row is predicted
 * `classes[1]` when x·w + b > 0, as LogisticRegression.predict does. NaN when `part` has no rows.
 */
export function pathPointAccuracy<L extends Label>(
  point: { readonly coefficients: ArrayLike<number>; readonly intercept: number },
  part: Part<L>,
  classes: readonly [L, L] | readonly L[],
): number {
  const { X, y } = part;
  const columns = X.shape[1];
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let logit = point.intercept;
    for (let j = 0; j < columns; j++) logit += X.data[i * columns + j]! * point.coefficients[j]!;
    if ((logit > 0 ? classes[1] : classes[0]) === y[i]) right++;
  }
  return right / y.length;
}
