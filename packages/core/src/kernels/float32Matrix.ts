import { DenseMatrix } from "../matrix.js";

/**
 * A dense row-major matrix stored as float32: half the memory of float64, each value promoted exactly to
 * float64 when read, so every sum and product is still taken in float64. Keeps a reference to `data`.
 */
export class Float32DenseMatrix extends DenseMatrix<Float32Array> {}
