/**
 * BLAS-style level-1 kernels over Float64Arrays, in the style of stdlib-js's `ddot`/`daxpy`: an explicit
 * length, plain loops, no allocation. Optimizers and objectives share these instead of each writing its own.
 */

/** Σ_j x_j y_j over the first n entries. */
export function dot(n: number, x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += x[j]! * y[j]!;
  return sum;
}

/** y ← αx + y over the first n entries. */
export function axpy(n: number, alpha: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < n; j++) y[j]! += alpha * x[j]!;
}

/** x ← αx over the first n entries. */
export function scale(n: number, alpha: number, x: Float64Array): void {
  for (let j = 0; j < n; j++) x[j]! *= alpha;
}

/** max_j |x_j| over the first n entries; NaN when any entry is NaN (so a broken gradient never looks small). */
export function infinityNorm(n: number, x: Float64Array): number {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    const magnitude = Math.abs(x[j]!);
    if (magnitude > norm) norm = magnitude;
    else if (Number.isNaN(magnitude)) return Number.NaN;
  }
  return norm;
}
