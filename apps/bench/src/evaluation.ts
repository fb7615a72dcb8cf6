import { toDesignMatrix } from "@descent/core";
import type { Split } from "./problems.js";

/**
 * The fraction of rows whose label θ predicts right. Binary (`classes` absent): θ = [w, b], a positive
 * logit predicts 1. Multiclass: θ = [W row-major (K × n), b], the largest logit W_k·x + b_k predicts
 * class k (the first of equals, as numpy's argmax).
 */
export function accuracy(theta: ArrayLike<number>, split: Split, classes?: number): number {
  const matrix = toDesignMatrix(split.X);
  const n = matrix.columns;
  const K = classes ?? 1;
  const W = Float64Array.from({ length: K * n }, (_, j) => theta[j]!);
  const b = Float64Array.from({ length: K }, (_, k) => (theta.length > K * n ? theta[K * n + k]! : 0));
  const rows = Array.from({ length: K }, (_, k) => W.subarray(k * n, (k + 1) * n));
  let right = 0;
  for (let i = 0; i < matrix.rows; i++) {
    let predicted: number;
    if (classes === undefined) {
      predicted = matrix.dotRow(i, rows[0]!) + b[0]! > 0 ? 1 : 0;
    } else {
      predicted = 0;
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        const logit = matrix.dotRow(i, rows[k]!) + b[k]!;
        if (logit > largest) {
          largest = logit;
          predicted = k;
        }
      }
    }
    if (predicted === split.y[i]) right++;
  }
  return right / matrix.rows;
}
