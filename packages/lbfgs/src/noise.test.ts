import { logisticObjective, minimize, NOISE_STALL_ITERATIONS } from "@descent/core";
import { noisyObjective, referenceProblems } from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { lbfgs } from "./lbfgs.js";

// An objective whose f and ∇f change in the last bits from call to call, as DuckDB's multi-threaded sums do:
// ±16 ulps on f, ±1e-14 on each entry of ∇f, so ‖∇f‖∞ cannot be resolved below ~1e-14. At tol = 1e-16 a run
// must still end, stalled, soon after it reaches that floor (before, some ran to maxIter), and at the exact
// objective's optimum: ‖θ − θ*‖∞ ≤ ‖H⁻¹‖ ‖∇f(θ)‖₂ ≤ √d (‖∇f‖∞ + noise) / λ, λ bounding H's eigenvalues on the
// weights from below (the intercept's curvature, the mean of σ(1 − σ), is larger on these problems).
const GRADIENT_NOISE = 1e-14;

describe.each(referenceProblems().map((problem) => [problem.label, problem] as const))(
  "lbfgs on a noisy objective: %s",
  (_, problem) => {
    const exact = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
    const optimum = minimize(exact, lbfgs(), { tol: 1e-13, maxIter: 1000 });

    it("at tol 1e-16, stops stalled soon after the noise floor, at the exact optimum", () => {
      let reachedFloor = Number.POSITIVE_INFINITY;
      const result = minimize(noisyObjective(exact, { seed: 1, gradientNoise: GRADIENT_NOISE }), lbfgs(), {
        tol: 1e-16,
        maxIter: 1000,
        onProgress: ({ iteration, gradientNorm }) => {
          if (gradientNorm <= 2 * GRADIENT_NOISE) reachedFloor = Math.min(reachedFloor, iteration);
        },
      });
      expect(result.reason).toBe("stalled");
      // The noise-stall needs NOISE_STALL_ITERATIONS without a halving of ‖∇f‖∞; once it is within 2× the
      // noise, a fluctuation can halve it once more (below the noise, rarely again), restarting the count.
      expect(result.iterations).toBeLessThanOrEqual(reachedFloor + 2 * NOISE_STALL_ITERATIONS);
      const bound = (Math.sqrt(exact.dim) * (result.gradientNorm + GRADIENT_NOISE + 1e-13)) / problem.l2;
      for (let j = 0; j < exact.dim; j++) {
        expect(Math.abs(result.theta[j]! - optimum.theta[j]!)).toBeLessThanOrEqual(bound);
      }
    });
  },
);
