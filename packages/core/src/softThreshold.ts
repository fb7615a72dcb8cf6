/**
 * BLAS-style kernels of the L1 penalty, after stdlib-js's `dasum`/`daxpy`: explicit length, stride and (in
 * the `…Ndarray` forms) offset, a plain loop, nothing allocated.
 */

/**
 * The proximal operator of t‖·‖₁, in place: x_j ← sign(x_j) · max(|x_j| − t, 0) for the N entries
 * x[offset + k·stride]. An entry with |x_j| ≤ t becomes exactly 0 (never a rounding residue such as
 * 1e-17), which is what makes an L1 fit sparse. Returns how many of the N entries are non-zero after.
 */
export function softThresholdNdarray(
  N: number,
  threshold: number,
  x: Float64Array,
  strideX: number,
  offsetX: number,
): number {
  let nonZero = 0;
  let index = offsetX;
  for (let k = 0; k < N; k++) {
    const value = x[index]!;
    if (value > threshold) {
      x[index] = value - threshold;
      nonZero += 1;
    } else if (value < -threshold) {
      x[index] = value + threshold;
      nonZero += 1;
    } else {
      x[index] = 0;
    }
    index += strideX;
  }
  return nonZero;
}

/** `softThresholdNdarray` from the first entry: x_j ← sign(x_j) · max(|x_j| − t, 0); returns the non-zero count. */
export function softThreshold(N: number, threshold: number, x: Float64Array, strideX: number): number {
  return softThresholdNdarray(N, threshold, x, strideX, strideX < 0 ? (1 - N) * strideX : 0);
}

/**
 * The proximal operator of t‖·‖₁ in the metric diag(d) (a preconditioned proximal step, as Adam's):
 * x_j ← sign(x_j) · max(|x_j| − t / d_j, 0), for the first N entries of x and d (d_j > 0). Exact zeros as in
 * `softThreshold`. Returns how many entries are non-zero after.
 */
export function softThresholdPreconditioned(
  N: number,
  threshold: number,
  denominator: Float64Array,
  x: Float64Array,
): number {
  let nonZero = 0;
  for (let j = 0; j < N; j++) {
    const value = x[j]!;
    const scaled = threshold / denominator[j]!;
    if (value > scaled) {
      x[j] = value - scaled;
      nonZero += 1;
    } else if (value < -scaled) {
      x[j] = value + scaled;
      nonZero += 1;
    } else {
      x[j] = 0;
    }
  }
  return nonZero;
}

/** ‖x‖₁ = Σ_k |x[offset + k·stride]| over N entries (BLAS's dasum). */
export function absoluteSumNdarray(N: number, x: Float64Array, strideX: number, offsetX: number): number {
  let sum = 0;
  let index = offsetX;
  for (let k = 0; k < N; k++) {
    sum += Math.abs(x[index]!);
    index += strideX;
  }
  return sum;
}
