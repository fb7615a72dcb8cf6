import { logisticObjective } from "@descent/core";
import { breastCancerL1Problems, irisL1Problem } from "@descent/datasets";
import { kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { solveL1Reference, supportMismatches } from "./l1Reference.js";

describe("solveL1Reference", () => {
  for (const problem of [...breastCancerL1Problems(), irisL1Problem()]) {
    it(`finds scikit-learn saga's optimum (tol 1e-12) and its zero set: ${problem.label}`, () => {
      const objective = logisticObjective({
        X: problem.X,
        y: problem.y,
        l1: problem.l1,
        l2: problem.l2,
        backend: kernels({ threads: 1 }),
      });
      const solution = solveL1Reference(objective);
      // saga stops at its own tolerance: the reference may only be lower, and by little.
      expect(solution.f).toBeLessThanOrEqual(problem.optimum.f + 1e-15);
      expect((problem.optimum.f - solution.f) / problem.optimum.f).toBeLessThan(1e-11);
      expect(solution.violation).toBeLessThan(1e-12);
      expect(solution.support.length).toBe(problem.optimum.nonZero);
      expect(supportMismatches(problem.optimum.w, solution.support, problem.X.shape[1])).toBe(0);
    });
  }
});

describe("supportMismatches", () => {
  it("counts coordinates zero on one side only, and ignores the intercept", () => {
    expect(supportMismatches([0, 1.5, 0, -2, 7], [1, 2], 4)).toBe(2);
    expect(supportMismatches([0, 1.5, 0, 0, 7], [1], 4)).toBe(0);
  });
});
