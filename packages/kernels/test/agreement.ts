import type { LogisticObjective } from "@descent/core";
import {
  constantSchedule,
  gradientTransformationOptimizer,
  type MinimizeResult,
  minimize,
  scaleByLearningRate,
} from "@descent/core";
import { expect } from "vitest";

/**
 * How closely threads agree with one thread: they add the same terms, grouped by thread, so they differ by
 * rounding alone, about 1e-16 relative; 1e-12 of the largest entry leaves room for that and nothing more.
 */
export const THREADED_AGREEMENT = 1e-12;

/** ‖actual − expected‖∞ ≤ tolerance · ‖expected‖∞: agreement relative to the size of what is expected. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let difference = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]!));
    difference = Math.max(difference, Math.abs(actual[k]! - expected[k]!));
  }
  expect(difference).toBeLessThanOrEqual(tolerance * scale);
}

/** The bits of each number, in hex: equal strings are a bit-for-bit repeat. */
export function bitsOf(values: number | ArrayLike<number>): string {
  return Array.from(typeof values === "number" ? [values] : values, (x) =>
    new BigUint64Array(Float64Array.of(x).buffer)[0]!.toString(16),
  ).join(" ");
}

/** What a threaded objective splits across its threads, at a point: f, ∇f, Hv and the value alone. */
export interface FullPasses {
  readonly f: number;
  readonly value: number;
  readonly grad: Float64Array;
  readonly hv: Float64Array;
}

/** The full passes at θ and v (their first `dim` entries: a problem's point also serves fitIntercept: false). */
export function fullPasses(
  objective: LogisticObjective,
  point: { readonly theta: Float64Array; readonly v: Float64Array },
): FullPasses {
  const theta = point.theta.subarray(0, objective.dim);
  const v = point.v.subarray(0, objective.dim);
  const grad = new Float64Array(objective.dim);
  const hv = new Float64Array(objective.dim);
  const f = objective.valueAndGradient(theta, grad);
  objective.hessianVectorProduct(theta, v, hv);
  return { f, value: objective.value(theta), grad, hv };
}

/** The threaded passes agree with one thread's within THREADED_AGREEMENT: f and the value, ∇f, Hv. */
export function expectCloseToOneThread(threaded: FullPasses, single: FullPasses): void {
  expectClose([threaded.f, threaded.value], [single.f, single.value], THREADED_AGREEMENT);
  expectClose(threaded.grad, single.grad, THREADED_AGREEMENT);
  expectClose(threaded.hv, single.hv, THREADED_AGREEMENT);
}

/** The passes repeat bit for bit. */
export function expectSameBits(actual: FullPasses, expected: FullPasses): void {
  for (const key of ["f", "value", "grad", "hv"] as const) {
    expect(bitsOf(actual[key])).toBe(bitsOf(expected[key]));
  }
}

/**
 * 50 steps of gradient descent with step 1 and no stopping test: a fixed sequence of full passes, for runs
 * on threads to repeat bit for bit and to compare with one thread's.
 */
export function fiftyGradientSteps(objective: LogisticObjective): MinimizeResult {
  const gradientDescent = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {
    learningRate: 1,
  });
  return minimize(objective, gradientDescent, { maxIter: 50, tol: 0 });
}
