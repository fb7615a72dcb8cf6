import type { FiniteSumObjective } from "@descent/core";

/** A strongly convex quadratic with a known minimizer, and its objective. */
export interface QuadraticProblem {
  readonly objective: FiniteSumObjective & {
    hessian(theta: Float64Array, out: Float64Array): void;
    hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
  };
  /** θ*, the minimizer; f(θ*) = 0. */
  readonly minimizer: Float64Array;
  readonly conditionNumber: number;
}

/**
 * f(θ) = Σ_j ½ a_j (θ_j − θ*_j)², with curvatures a_j spread geometrically from 1 to `conditionNumber`,
 * so ∇²f = diag(a). Written as a mean of m = 2d terms, so minibatch methods run on it too.
 * θ* = (1, −2, 3, −4, …)/d and f(θ*) = 0.
 */
export function quadraticProblem(dim = 10, conditionNumber = 10): QuadraticProblem {
  const curvature = Float64Array.from({ length: dim }, (_, j) =>
    dim === 1 ? 1 : conditionNumber ** (j / (dim - 1)),
  );
  const minimizer = Float64Array.from({ length: dim }, (_, j) => ((j % 2 === 0 ? 1 : -1) * (j + 1)) / dim);
  const examples = 2 * dim;
  // Term i is (d/2) a_j (θ_j − θ*_j)² for j = i mod d: each coordinate has two terms, and their mean over
  // all 2d terms is exactly Σ_j ½ a_j (θ_j − θ*_j)².
  const termValue = (theta: Float64Array, i: number): number => {
    const j = i % dim;
    const delta = theta[j]! - minimizer[j]!;
    return 0.5 * dim * curvature[j]! * delta * delta;
  };
  const objective = {
    dim,
    examples,
    value(theta: Float64Array): number {
      let sum = 0;
      for (let i = 0; i < examples; i++) sum += termValue(theta, i);
      return sum / examples;
    },
    valueAndGradient(theta: Float64Array, grad: Float64Array): number {
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const delta = theta[j]! - minimizer[j]!;
        grad[j] = curvature[j]! * delta;
        sum += 0.5 * curvature[j]! * delta * delta;
      }
      return sum;
    },
    valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
      let sum = 0;
      for (let k = start; k < end; k++) sum += termValue(theta, rows[k]!);
      return sum / (end - start);
    },
    valueAndGradientOnRows(
      theta: Float64Array,
      grad: Float64Array,
      rows: Int32Array,
      start: number,
      end: number,
    ): number {
      grad.fill(0);
      let sum = 0;
      const scale = dim / (end - start);
      for (let k = start; k < end; k++) {
        const i = rows[k]!;
        const j = i % dim;
        const delta = theta[j]! - minimizer[j]!;
        grad[j]! += curvature[j]! * delta * scale;
        sum += termValue(theta, i);
      }
      return sum / (end - start);
    },
    hessian(_theta: Float64Array, out: Float64Array): void {
      out.fill(0);
      for (let j = 0; j < dim; j++) out[j * dim + j] = curvature[j]!;
    },
    hessianVectorProduct(_theta: Float64Array, v: Float64Array, out: Float64Array): void {
      for (let j = 0; j < dim; j++) out[j] = curvature[j]! * v[j]!;
    },
  };
  return { objective, minimizer, conditionNumber };
}
