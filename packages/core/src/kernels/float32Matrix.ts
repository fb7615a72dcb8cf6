import type { DesignMatrix } from "../matrix.js";

/**
 * A dense row-major matrix stored as float32: half the memory of float64, each value promoted exactly to
 * float64 when read, so every sum and product is still taken in float64. Keeps a reference to `data`.
 */
export class Float32DenseMatrix implements DesignMatrix {
  readonly kind = "dense";
  constructor(
    readonly data: Float32Array,
    readonly rows: number,
    readonly columns: number,
  ) {}

  dotRow(row: number, w: Float64Array): number {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += data[offset + j]! * w[j]!;
    return sum;
  }

  addScaledRow(row: number, alpha: number, out: Float64Array): void {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    for (let j = 0; j < n; j++) out[j]! += alpha * data[offset + j]!;
  }

  addScaledOuterProduct(
    row: number,
    alpha: number,
    out: Float64Array,
    dim: number,
    withIntercept: boolean,
  ): void {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    for (let j = 0; j < n; j++) {
      const scaled = alpha * data[offset + j]!;
      const outRow = j * dim;
      for (let k = j; k < n; k++) out[outRow + k]! += scaled * data[offset + k]!;
      if (withIntercept) out[outRow + n]! += scaled;
    }
    if (withIntercept) out[n * dim + n]! += alpha;
  }
}
