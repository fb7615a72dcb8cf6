import type { DesignMatrix, StoredMatrix } from "./matrix.js";
import type { FiniteSumObjective } from "./objective.js";

/**
 * The data and settings of a logistic objective after core has checked them at the edge: the only form in
 * which a backend ever sees data. `matrix` has finite values and (CSR) a valid structure, `targets` are 0 or
 * 1, `weights` are finite, non-negative and normalized to sum to m, `l2` is finite and ≥ 0. Backends trust
 * it and check nothing again; core builds it in `checkLogisticProblem` and nowhere else.
 */
export interface LogisticProblem {
  readonly matrix: StoredMatrix;
  readonly targets: Float64Array;
  /** The normalized weights (summing to m), or null when every example weighs 1. */
  readonly weights: Float64Array | null;
  readonly l2: number;
  /**
   * λ1, the L1 strength on the coefficients: not part of the objective's value and derivatives (the smooth
   * part), but carried by it as `l1` for the optimizers that handle it (see Objective.l1).
   */
  readonly l1: number;
  readonly fitIntercept: boolean;
}

/**
 * The logistic objective, with what it was built from:
 *
 *     f(w, b) = (1/m) Σ_i c_i log(1 + exp(−s_i (x_i·w + b))) + (λ/2)‖w‖²,  s_i = 2y_i − 1,
 *
 * the smooth part, plus λ1‖w‖₁ carried as `l1` (see Objective.l1).
 *
 * Every backend computes this same function; `backend` says which one runs the passes over the data.
 */
export interface LogisticObjective extends FiniteSumObjective {
  /** The name of the backend whose passes run: "typescript" for core's reference, "kernels", … */
  readonly backend: string;
  readonly features: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  /** λ1 (see LogisticProblem.l1 and Objective.l1). */
  readonly l1: number;
  /** The coefficients come first in θ: the penalties apply to θ[0 .. features). */
  readonly penalizedCount: number;
  readonly matrix: StoredMatrix;
  readonly targets: Float64Array;
  /** The normalized weights (summing to m), or null when every example weighs 1. */
  readonly weights: Float64Array | null;
  hessian(theta: Float64Array, out: Float64Array): void;
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}

/**
 * The data and settings of a multinomial objective after core has checked them at the edge, as
 * LogisticProblem is for the binary one: `matrix` checked, `targets` class indices in [0, classes),
 * `classes` an integer K ≥ 2, `weights` normalized to sum to m, `l2` and `l1` finite and ≥ 0. Backends trust
 * it; core builds it in `checkMultinomialProblem` and nowhere else.
 */
export interface MultinomialProblem {
  readonly matrix: StoredMatrix;
  /** The class index of each row, in [0, classes). */
  readonly targets: Int32Array;
  /** K, the number of classes. */
  readonly classes: number;
  /** The normalized weights (summing to m), or null when every example weighs 1. */
  readonly weights: Float64Array | null;
  readonly l2: number;
  /** λ1 on W, carried as the objective's `l1` (see LogisticProblem.l1). */
  readonly l1: number;
  readonly fitIntercept: boolean;
}

/**
 * The multinomial (softmax) objective, with what it was built from (see multinomialObjective for its
 * formulas). Every backend computes this same function, θ = [W row-major, b] in every one.
 */
export interface MultinomialObjective extends FiniteSumObjective {
  /** The name of the backend whose passes run: "typescript" for core's reference, "kernels", … */
  readonly backend: string;
  /** K, the number of classes. */
  readonly classes: number;
  /** n, the number of features. */
  readonly features: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  readonly l1: number;
  /** W comes first in θ: the penalties apply to θ[0 .. K·n). */
  readonly penalizedCount: number;
  readonly matrix: DesignMatrix;
  /** The class index of each row. */
  readonly targets: Int32Array;
  /** The normalized weights (summing to m), or null when every example weighs 1. */
  readonly weights: Float64Array | null;
  hessian(theta: Float64Array, out: Float64Array): void;
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}

/**
 * Where the passes over the data run, passed explicitly like an optimizer:
 * `logisticObjective({ X, y, backend: kernels() })`, `new LogisticRegression({ optimizer, backend })`.
 * Core's TypeScript reference runs when no backend is given, and wherever a backend declines.
 */
export interface ObjectiveBackend {
  /** A short name for reports: "kernels", "duckdb". */
  readonly name: string;
  /**
   * The logistic objective of a checked problem on this backend, or undefined when the backend cannot run it
   * here (say, WebAssembly SIMD is missing, or X does not fit its memory): core then runs its TypeScript
   * reference. Throws a DescentError for a setting that can never work.
   */
  logisticObjective(problem: LogisticProblem): LogisticObjective | undefined;
  /**
   * The multinomial objective of a checked problem on this backend, or undefined where it cannot run it
   * (or has no multinomial kernels at all: a backend may leave this out): core then runs its TypeScript
   * reference. The objective is the same function as the reference's, θ in the same layout.
   */
  multinomialObjective?(problem: MultinomialProblem): MultinomialObjective | undefined;
}

/** True when `value` has the shape of an ObjectiveBackend. */
export function isObjectiveBackend(value: unknown): value is ObjectiveBackend {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as ObjectiveBackend).name === "string" &&
    typeof (value as ObjectiveBackend).logisticObjective === "function"
  );
}
