import type { FiniteSumObjective } from "@descent/core";

/**
 * Forwards to an objective and counts passes over the data as `minimize` does (a full evaluation is
 * one pass, a minibatch its share), so a progress callback can read the passes so far:
 * minimize's own count (result.evaluations.passes) is only available once the run has ended.
 */
export class PassCounter implements FiniteSumObjective {
  passes = 0;
  readonly dim: number;
  readonly examples: number;
  readonly hessian?: (theta: Float64Array, out: Float64Array) => void;
  readonly hessianVectorProduct?: (theta: Float64Array, v: Float64Array, out: Float64Array) => void;

  constructor(readonly inner: FiniteSumObjective) {
    this.dim = inner.dim;
    this.examples = inner.examples;
    if (inner.hessian) {
      const hessian = inner.hessian.bind(inner);
      this.hessian = (theta, out) => {
        this.passes += 1;
        hessian(theta, out);
      };
    }
    if (inner.hessianVectorProduct) {
      const product = inner.hessianVectorProduct.bind(inner);
      this.hessianVectorProduct = (theta, v, out) => {
        this.passes += 1;
        product(theta, v, out);
      };
    }
  }

  value(theta: Float64Array): number {
    this.passes += 1;
    return this.inner.value(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    this.passes += 1;
    return this.inner.valueAndGradient(theta, grad);
  }

  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number {
    this.passes += (end - start) / this.examples;
    return this.inner.valueAndGradientOnRows(theta, grad, rows, start, end);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    this.passes += (end - start) / this.examples;
    return this.inner.valueOnRows(theta, rows, start, end);
  }
}
