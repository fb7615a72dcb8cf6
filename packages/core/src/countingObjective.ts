import { type FiniteSumObjective, l1Strength, type Objective, penalizedCountOf } from "./objective.js";

/** How much work a run asked of its objective. */
export interface EvaluationCounts {
  /** Calls of value (full data or a minibatch). */
  value: number;
  /** Calls of valueAndGradient (full data or a minibatch). */
  gradient: number;
  hessian: number;
  hessianVectorProduct: number;
  /** Examples visited by all of the above, divided by m: passes over the data. */
  passes: number;
}

/**
 * Forwards to an objective and counts what is asked of it, so `minimize` can report gradient
 * evaluations and passes over the data whatever the optimizer does. Allocates nothing per call.
 */
export class CountingObjective implements Objective {
  readonly dim: number;
  readonly counts: EvaluationCounts = {
    value: 0,
    gradient: 0,
    hessian: 0,
    hessianVectorProduct: 0,
    passes: 0,
  };
  readonly hessian?: (theta: Float64Array, out: Float64Array) => void;
  readonly hessianVectorProduct?: (theta: Float64Array, v: Float64Array, out: Float64Array) => void;
  readonly l1: number;
  readonly penalizedCount: number;
  private readonly examples: number;

  constructor(readonly inner: Objective) {
    this.dim = inner.dim;
    this.l1 = l1Strength(inner);
    this.penalizedCount = penalizedCountOf(inner);
    this.examples = (inner as Partial<FiniteSumObjective>).examples ?? 1;
    if (inner.hessian) {
      const hessian = inner.hessian.bind(inner);
      this.hessian = (theta, out) => {
        this.counts.hessian += 1;
        this.counts.passes += 1;
        hessian(theta, out);
      };
    }
    if (inner.hessianVectorProduct) {
      const product = inner.hessianVectorProduct.bind(inner);
      this.hessianVectorProduct = (theta, v, out) => {
        this.counts.hessianVectorProduct += 1;
        this.counts.passes += 1;
        product(theta, v, out);
      };
    }
  }

  value(theta: Float64Array): number {
    this.counts.value += 1;
    this.counts.passes += 1;
    return this.inner.value(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    this.counts.gradient += 1;
    this.counts.passes += 1;
    return this.inner.valueAndGradient(theta, grad);
  }

  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number {
    this.counts.gradient += 1;
    this.counts.passes += (end - start) / this.examples;
    return (this.inner as FiniteSumObjective).valueAndGradientOnRows(theta, grad, rows, start, end);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    this.counts.value += 1;
    this.counts.passes += (end - start) / this.examples;
    return (this.inner as FiniteSumObjective).valueOnRows(theta, rows, start, end);
  }
}

/**
 * The objective restricted to the rows of the current minibatch, rows[start..end): what a first-order
 * step sees in minibatch mode. The loop moves the window; nothing is copied.
 */
export class MinibatchObjective implements Objective {
  readonly dim: number;
  readonly l1: number;
  readonly penalizedCount: number;
  start = 0;
  end = 0;

  constructor(
    private readonly inner: CountingObjective,
    readonly rows: Int32Array,
  ) {
    this.dim = inner.dim;
    this.l1 = inner.l1;
    this.penalizedCount = inner.penalizedCount;
  }

  value(theta: Float64Array): number {
    return this.inner.valueOnRows(theta, this.rows, this.start, this.end);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    return this.inner.valueAndGradientOnRows(theta, grad, this.rows, this.start, this.end);
  }
}
