import type { RandomState } from "./random.js";

/**
 * A twice-differentiable function f: R^d → R that optimizers query. Every method reads θ and writes
 * into buffers that the caller owns; none allocates.
 */
export interface Objective {
  /** d, the number of parameters. */
  readonly dim: number;
  /** f(θ). */
  value(theta: Float64Array): number;
  /** Writes ∇f(θ) into `grad` and returns f(θ), in one pass over the data. */
  valueAndGradient(theta: Float64Array, grad: Float64Array): number;
  /** Writes the d × d Hessian ∇²f(θ) into `out`, row-major. */
  hessian?(theta: Float64Array, out: Float64Array): void;
  /** Writes ∇²f(θ) v into `out` without forming the Hessian. */
  hessianVectorProduct?(theta: Float64Array, v: Float64Array, out: Float64Array): void;
  /**
   * Optional: says that the objective will not be used again, so that what it holds outside the JavaScript
   * heap (worker threads, kernel memory, a database connection) can go now rather than whenever the garbage
   * collector runs. After it, the objective must not be called. `LogisticRegression.fit` calls it when a fit
   * ends.
   */
  release?(): void;
  /**
   * λ1 ≥ 0, the strength of a non-smooth L1 penalty λ1 Σ_{j < penalizedCount} |θ_j| that the objective does
   * NOT include: `value`, `valueAndGradient` and the Hessian are the smooth part f alone, and the function
   * minimized is F(θ) = f(θ) + λ1 Σ_{j < penalizedCount} |θ_j|. Absent means 0. An optimizer handles it
   * only when it declares `requires.l1` (a proximal step, OWL-QN, proximal Newton); `minimize` refuses the
   * others.
   */
  readonly l1?: number;
  /**
   * How many leading coordinates of θ the penalties apply to: the weights, laid out first, before the
   * unpenalized intercepts (θ = [w, b], or [W (K × n, row-major), b (K)] for K classes). Absent means all
   * of θ. A count rather than a mask so that every loop over penalized coordinates is a plain loop over
   * 0..penalizedCount, and nothing needs allocating.
   */
  readonly penalizedCount?: number;
  /**
   * False when two evaluations at the same θ may differ in the last bits: a backend that adds its terms in
   * a varying order (a multi-threaded SQL engine's sums). Absent means true. `minimize` then also stops a
   * full-batch run as "stalled" once it makes progress only within that noise (see NOISE_STALL_ITERATIONS),
   * since such a run never repeats θ and f exactly.
   */
  readonly reproducible?: boolean;
}

/** λ1 of an objective: its `l1`, or 0 when it has none. */
export function l1Strength(objective: Objective): number {
  return objective.l1 ?? 0;
}

/** The number of leading coordinates of θ that an objective's penalties apply to: `penalizedCount`, or d. */
export function penalizedCountOf(objective: Objective): number {
  return objective.penalizedCount ?? objective.dim;
}

/**
 * An objective that is a mean over m examples plus a regularizer, f(θ) = (1/m) Σ_i f_i(θ) + r(θ), and that
 * can be evaluated on a subset of its examples: f_B(θ) = (1/|B|) Σ_{i∈B} f_i(θ) + r(θ), an unbiased
 * estimate of f. The subset is `rows[start..end)`, so a caller reuses one index buffer for every
 * minibatch and nothing is allocated.
 */
export interface FiniteSumObjective extends Objective {
  /** m, the number of examples. */
  readonly examples: number;
  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number;
  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number;
  /**
   * Optional: writes into `order` (m entries) the permutation of 0..m−1 in which the next epoch visits the
   * rows, drawing its randomness from `random` only, so that a seed repeats the run. Absent: `minimize`
   * shuffles the whole order uniformly. An objective whose rows are read as a stream (a database, a file
   * larger than memory) gives an order that it can serve in one sequential read, such as
   * `shuffleWithinBlocks`, and serves the minibatches from a bounded buffer.
   */
  epochOrder?(order: Int32Array, random: RandomState): void;
}

/** True when the objective can be evaluated on minibatches. */
export function isFiniteSum(objective: Objective): objective is FiniteSumObjective {
  return typeof (objective as Partial<FiniteSumObjective>).valueAndGradientOnRows === "function";
}
