import { logisticObjective } from "@descent/core";
import { referenceProblems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { largestCurvature, largestEigenvalue, smallestEigenvalue } from "./curvature.js";
import { buildProblem } from "./problems.js";
import { solveReference } from "./referenceSolver.js";

describe("the reference solver (f*)", () => {
  it.each(referenceProblems().map((problem) => [problem.label, problem] as const))(
    "reaches scikit-learn's reference optimum on %s",
    (_, problem) => {
      const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
      const solution = solveReference(objective);
      // scikit-learn's optimum was computed at tol 1e-12: the two agree to rounding of f.
      expect(Math.abs(solution.f - problem.optimum.f) / problem.optimum.f).toBeLessThan(1e-12);
      expect(solution.gradientNorm).toBeLessThan(1e-9);
    },
  );

  it("agrees with itself on the conjugate-gradient path", () => {
    const problem = buildProblem({ kind: "dense", rows: 2000, columns: 12, testRows: 10, seed: 5 });
    const objective = logisticObjective({ X: problem.train.X, y: problem.train.y, l2: problem.l2 });
    const cholesky = solveReference(objective);
    const conjugate = solveReference(objective, { maxCholeskyDimension: 0 });
    expect(cholesky.method).toBe("newton-cholesky");
    expect(conjugate.method).toBe("newton-cg");
    // Both stop at machine precision of f: a few ulps of a number near 0.5.
    expect(Math.abs(cholesky.f - conjugate.f)).toBeLessThan(1e-14);
    // The Hessian at 0 that Cholesky formed gives the same L as power iteration on products.
    expect(cholesky.curvatureAtOrigin!).toBeCloseTo(largestCurvature(objective, 200), 8);
  });
});

describe("curvature bounds", () => {
  it("finds the extreme eigenvalues of a symmetric positive-definite matrix", () => {
    // Q diag(0.5, 2, 7) Qᵀ for a rotation Q, so that no eigenvector is a coordinate axis.
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const Q = [c, -s, 0, s * c, c * c, -s, s * s, c * s, c];
    const eigenvalues = [0.5, 2, 7];
    const A = new Float64Array(9);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        for (let k = 0; k < 3; k++) A[i * 3 + j]! += Q[i * 3 + k]! * eigenvalues[k]! * Q[j * 3 + k]!;
      }
    }
    expect(largestEigenvalue(A, 3)).toBeCloseTo(7, 10);
    expect(smallestEigenvalue(A, 3)).toBeCloseTo(0.5, 10);
  });
});
