import { toDesignMatrix } from "@descent/core";
import type { Split } from "./problems.js";

/** The fraction of rows whose label θ = [w, b] predicts right (a positive logit predicts 1). */
export function accuracy(theta: ArrayLike<number>, split: Split): number {
  const matrix = toDesignMatrix(split.X);
  const n = matrix.columns;
  const w = Float64Array.from({ length: n }, (_, j) => theta[j]!);
  const b = theta.length > n ? theta[n]! : 0;
  let right = 0;
  for (let i = 0; i < matrix.rows; i++) {
    const predicted = matrix.dotRow(i, w) + b > 0 ? 1 : 0;
    if (predicted === split.y[i]) right++;
  }
  return right / matrix.rows;
}
