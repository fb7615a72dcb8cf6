/**
 * Buffers and outcome of the exact Newton solve. `hessian` and `factor` are n × n, row-major; both are
 * empty when the optimizer never forms the Hessian (truncated mode, or auto above its dimension limit).
 */
export interface CholeskyWorkspace {
  /** ∇²f(θ) at the last exact step. */
  hessian: Float64Array;
  /** The lower triangle holds L with L Lᵀ = ∇²f(θ) + τI; the strict upper triangle is never written. */
  factor: Float64Array;
  /** τ, the multiple of the identity added at the last exact step: 0 when ∇²f(θ) was positive definite. */
  damping: number;
  /** False when no τ made the factorization succeed (a non-finite Hessian); the step then used −∇f. */
  factorized: boolean;
}

export function createCholeskyWorkspace(dim: number): CholeskyWorkspace {
  return {
    hessian: new Float64Array(dim * dim),
    factor: new Float64Array(dim * dim),
    damping: 0,
    factorized: false,
  };
}

/**
 * Factors the symmetric n × n row-major matrix `a` as L Lᵀ in place (Cholesky–Crout, row by row):
 *
 *     L_jj = √(a_jj − Σ_{k<j} L_jk²),   L_ij = (a_ij − Σ_{k<j} L_ik L_jk) / L_jj   (i > j).
 *
 * Reads and overwrites the lower triangle only. Returns false, leaving `a` partly overwritten, as soon
 * as a pivot a_jj − Σ L_jk² is not above `minimumPivot`, or not above `relativeMinimumPivot` times a_jj
 * itself: the matrix is not (numerically) positive definite.
 */
export function choleskyFactorInPlace(
  n: number,
  a: Float64Array,
  minimumPivot: number,
  relativeMinimumPivot = 0,
): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let pivot = a[rowJ + j]!;
    const floor = Math.max(minimumPivot, relativeMinimumPivot * pivot);
    for (let k = 0; k < j; k++) pivot -= a[rowJ + k]! * a[rowJ + k]!;
    // Written so that a NaN pivot fails too.
    if (!(pivot > floor)) return false;
    const diagonal = Math.sqrt(pivot);
    a[rowJ + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let entry = a[rowI + j]!;
      for (let k = 0; k < j; k++) entry -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = entry / diagonal;
    }
  }
  return true;
}

/**
 * Solves L Lᵀ x = b in place (`b` becomes x), with L the lower triangle of the row-major n × n `factor`
 * written by `choleskyFactorInPlace`: forward substitution L y = b, then back substitution Lᵀ x = y,
 * the latter by columns of Lᵀ (rows of L) so that both sweeps read memory in order.
 */
export function choleskySolveInPlace(n: number, factor: Float64Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= factor[rowI + k]! * b[k]!;
    b[i] = sum / factor[rowI + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    const rowI = i * n;
    const x = b[i]! / factor[rowI + i]!;
    b[i] = x;
    for (let k = 0; k < i; k++) b[k] = b[k]! - factor[rowI + k]! * x;
  }
}

/** How many times τ may grow tenfold: from 1e-8 of the largest diagonal entry to 1e52 times it. */
const MAX_DAMPING_ATTEMPTS = 60;

/** τ's first nonzero value, relative to the largest |diagonal entry| (Nocedal & Wright's β, scaled). */
const RELATIVE_INITIAL_DAMPING = 1e-8;

/**
 * The smallest pivot, relative to its own diagonal entry H_jj + τ, that counts as positive: the fraction of
 * θ_j's curvature that the other coordinates do not explain. A singular direction (the multinomial loss's
 * all-classes intercept shift: f is flat along (0, 1_K)) leaves a pivot of rounding, about d·ε ≈ 1e-13 of
 * H_jj, which can land above the absolute floor d·ε·max H_jj; factoring through it would give the step a
 * component along the flat direction of rounding / rounding, of any size (0.26 in the intercepts on digits).
 * 1e-10 sits well above that rounding and far below any curvature a fit depends on (it would take a
 * condition number of 1e10); the first damping τ = 1e-8 max H_jj always clears it.
 */
const RELATIVE_MINIMUM_PIVOT = 1e-10;

/**
 * Solves (H + τI) x = b in place (`b` becomes x) for the smallest τ in 0, β, 10β, 100β, … (β = 1e-8 ·
 * max_j |H_jj|) at which H + τI has a Cholesky factor: Nocedal & Wright's Algorithm 3.3, "Cholesky with
 * added multiple of the identity", growing τ tenfold rather than twofold to need fewer factorizations.
 * When some H_jj ≤ 0 the matrix cannot be positive definite, so the first τ tried is −min_j H_jj + β.
 *
 * A pivot counts as positive only above n·ε·max_j (H_jj + τ) and above 1e-10 of its own H_jj + τ: below
 * that, the matrix is singular to working precision and its "Newton step" would be rounding noise.
 *
 * A positive semidefinite H that is singular along a direction u where ∇f ⟂ u (f flat along u, as the
 * multinomial loss along the intercept shift) is thereby solved as (H + τI) p = −∇f with τ = 1e-8 max H_jj:
 * p has no component along u beyond rounding / τ, and differs from the Newton step on the rest by a
 * factor μ/(μ + τ) per eigenvalue μ, so Newton still converges, linearly at a rate τ/μ that is below 1e-5
 * on the multinomial problems of the tests (iris, wine, digits reach ‖∇f‖∞ ≤ 1e-12 in 7 to 11 steps).
 *
 * Records τ in `workspace.damping`. Returns false, with `b` untouched, when H has a non-finite entry or
 * no τ succeeds; only the lower triangle of `hessian` is read.
 */
export function solveWithAddedIdentity(
  n: number,
  hessian: Float64Array,
  workspace: CholeskyWorkspace,
  b: Float64Array,
): boolean {
  const { factor } = workspace;
  let minDiagonal = Number.POSITIVE_INFINITY;
  let maxDiagonal = Number.NEGATIVE_INFINITY;
  let maxAbsDiagonal = 0;
  let finite = true;
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) if (!Number.isFinite(hessian[rowI + j]!)) finite = false;
    const diagonal = hessian[rowI + i]!;
    if (diagonal < minDiagonal) minDiagonal = diagonal;
    if (diagonal > maxDiagonal) maxDiagonal = diagonal;
    if (Math.abs(diagonal) > maxAbsDiagonal) maxAbsDiagonal = Math.abs(diagonal);
  }
  workspace.factorized = false;
  workspace.damping = 0;
  if (!finite) return false;

  // An all-zero diagonal has no scale of its own; 1 stands in for it.
  const initialDamping = RELATIVE_INITIAL_DAMPING * (maxAbsDiagonal > 0 ? maxAbsDiagonal : 1);
  let damping = minDiagonal > 0 ? 0 : -minDiagonal + initialDamping;
  for (let attempt = 0; attempt < MAX_DAMPING_ATTEMPTS; attempt++) {
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      for (let j = 0; j < i; j++) factor[rowI + j] = hessian[rowI + j]!;
      factor[rowI + i] = hessian[rowI + i]! + damping;
    }
    if (
      choleskyFactorInPlace(n, factor, n * Number.EPSILON * (maxDiagonal + damping), RELATIVE_MINIMUM_PIVOT)
    ) {
      choleskySolveInPlace(n, factor, b);
      workspace.damping = damping;
      workspace.factorized = true;
      return true;
    }
    damping = Math.max(10 * damping, initialDamping);
  }
  return false;
}
