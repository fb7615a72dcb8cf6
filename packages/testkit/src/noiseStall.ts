import {
  type AnyOptimizer,
  type MinimizeResult,
  minimize,
  NOISE_STALL_ITERATIONS,
  type Objective,
} from "@descent/core";
import { expect } from "vitest";
import { noisyObjective } from "./noisyObjective.js";

export interface NoiseStallCheck {
  /** The exact objective, which the run sees through noisyObjective. */
  readonly exact: Objective;
  /** Its optimum θ*, found on the exact objective. */
  readonly optimum: Float64Array;
  /** λ, the L2 strength: it bounds the Hessian's eigenvalues on the weights from below. */
  readonly l2: number;
  /** Noise added to each entry of ∇f. Default 1e-14. */
  readonly gradientNoise?: number;
  readonly maxIter?: number;
}

/**
 * Runs `optimizer` at tol 1e-16 on `exact` with last-bit noise on f and ∇f (so ‖∇f‖∞ cannot be resolved
 * below about the noise) and expects it to stop, stalled, soon after it reaches that floor, at the exact
 * optimum: ‖θ − θ*‖∞ ≤ ‖H⁻¹‖ ‖∇f(θ)‖₂ ≤ √d (‖∇f‖∞ + noise) / λ. Returns the run's result.
 */
export function expectNoiseStall(optimizer: AnyOptimizer, check: NoiseStallCheck): MinimizeResult {
  const { exact, optimum, l2 } = check;
  const gradientNoise = check.gradientNoise ?? 1e-14;
  let reachedFloor = Number.POSITIVE_INFINITY;
  const result = minimize(noisyObjective(exact, { seed: 1, gradientNoise }), optimizer, {
    tol: 1e-16,
    maxIter: check.maxIter ?? 1000,
    onProgress: ({ iteration, gradientNorm }) => {
      if (gradientNorm <= 2 * gradientNoise) reachedFloor = Math.min(reachedFloor, iteration);
    },
  });
  expect(result.reason).toBe("stalled");
  // The noise-stall needs NOISE_STALL_ITERATIONS without a halving of ‖∇f‖∞; once it is within 2× the
  // noise, a fluctuation can halve it once more (below the noise, rarely again), restarting the count.
  expect(result.iterations).toBeLessThanOrEqual(reachedFloor + 2 * NOISE_STALL_ITERATIONS);
  const bound = (Math.sqrt(exact.dim) * (result.gradientNorm + gradientNoise + 1e-13)) / l2;
  for (let j = 0; j < exact.dim; j++) {
    expect(Math.abs(result.theta[j]! - optimum[j]!)).toBeLessThanOrEqual(bound);
  }
  return result;
}
