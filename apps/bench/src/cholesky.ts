/**
 * Cholesky factorization of a symmetric positive-definite d × d row-major matrix, in place: on return
 * the lower triangle holds L with A = L Lᵀ (the upper triangle is left as it was). False when A is not
 * positive definite (numerically).
 */
export function choleskyFactor(A: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let diagonal = A[j * d + j]!;
    for (let k = 0; k < j; k++) diagonal -= A[j * d + k]! * A[j * d + k]!;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    A[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let sum = A[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= A[i * d + k]! * A[j * d + k]!;
      A[i * d + j] = sum / root;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b for x, with L from choleskyFactor. x and b may be the same array. */
export function choleskySolve(L: Float64Array, d: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[i * d + k]! * x[k]!;
    x[i] = sum / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < d; k++) sum -= L[k * d + i]! * x[k]!;
    x[i] = sum / L[i * d + i]!;
  }
}
