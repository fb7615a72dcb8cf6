import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MultinomialObjective, multinomialObjective } from "@descent/core";
import { digitsProblems, multinomialReferenceProblems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { accuracy } from "./evaluation.js";
import { multinomialCurvatureBound } from "./multiclassCurvature.js";
import type { MulticlassSpec } from "./multiclassProblems.js";
import { ensureOptimum } from "./optimum.js";
import { lossAtOrigin, problemObjective } from "./problemObjective.js";
import { ensureProblem, readProblem } from "./problemStore.js";
import { buildProblem, type DenseFeatures, problemId, problemLabel } from "./problems.js";
import { solveReference } from "./referenceSolver.js";

const synthetic: MulticlassSpec = {
  kind: "multiclass-dense",
  rows: 3000,
  columns: 8,
  classes: 5,
  testRows: 500,
  seed: 21,
};
const digits: MulticlassSpec = {
  kind: "multiclass-reference",
  reference: digitsProblems()[0]!.name,
  testFraction: 0.2,
  seed: 22,
};

const bytes = (array: Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

describe("multiclass problem generation", () => {
  it.each([
    ["synthetic", synthetic],
    ["digits", digits],
  ])("repeats the %s problem bit for bit from its spec", (_, spec) => {
    const first = buildProblem(spec);
    const second = buildProblem(spec);
    for (const split of ["train", "test"] as const) {
      const a = first[split].X as DenseFeatures;
      const b = second[split].X as DenseFeatures;
      expect(bytes(a.data).equals(bytes(b.data))).toBe(true);
      expect(bytes(first[split].y).equals(bytes(second[split].y))).toBe(true);
    }
  });

  it("draws another problem from another seed", () => {
    const other = buildProblem({ ...synthetic, seed: 99 });
    expect(bytes(other.train.y).equals(bytes(buildProblem(synthetic).train.y))).toBe(false);
  });

  it("names the problems so that --only multiclass selects them and binary fragments do not", () => {
    expect(problemId(synthetic)).toBe("multiclass-3000x8-k5");
    expect(problemLabel(synthetic)).toBe("multiclass 3k×8, 5 classes");
    expect(problemId(digits)).toBe("multiclass-digits-k10");
    expect(problemLabel(digits)).toBe("digits 10 classes");
    expect(problemId({ ...synthetic, rows: 100_000, columns: 100, classes: 10 })).not.toContain(
      "dense-100000",
    );
  });

  it("labels the synthetic rows with every class, neither trivially nor hopelessly", () => {
    const problem = buildProblem(synthetic);
    expect(problem.classes).toBe(5);
    expect(problem.l2).toBe(1 / 3000);
    const counts = new Array<number>(5).fill(0);
    for (const label of problem.train.y) {
      expect(Number.isInteger(label) && label >= 0 && label < 5).toBe(true);
      counts[label]!++;
    }
    // Every class is there in force (the intercepts only tilt the sizes a little).
    for (const count of counts) expect(count).toBeGreaterThan(3000 / 5 / 3);
    const objective = problemObjective(problem.train, problem.l2, problem.classes);
    const solution = solveReference(objective);
    // The optimum predicts far better than chance (0.2) and far from perfectly: the classes overlap.
    const heldOut = accuracy(solution.theta, problem.test, problem.classes);
    expect(heldOut).toBeGreaterThan(0.4);
    expect(heldOut).toBeLessThan(0.9);
  });

  it("splits digits 80/20 as scikit-learn's C = 1 problem on the training rows", () => {
    const problem = buildProblem(digits);
    const reference = digitsProblems()[0]!;
    expect(problem.classes).toBe(10);
    expect(problem.train.y.length + problem.test.y.length).toBe(reference.y.length);
    expect(problem.test.y.length).toBe(Math.round(reference.y.length * 0.2));
    expect(problem.l2).toBe(1 / problem.train.y.length);
  });

  it("stores K beside the data and reads it back", () => {
    const cache = mkdtempSync(join(tmpdir(), "descent-bench-multiclass-"));
    try {
      const { dir } = ensureProblem(cache, synthetic);
      const read = readProblem(dir);
      expect(read.classes).toBe(5);
      expect(bytes(read.train.y).equals(bytes(buildProblem(synthetic).train.y))).toBe(true);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("the multinomial f*", () => {
  // Every unweighted problem but digits at C = 0.1, whose 650-dimensional solve takes ten seconds more and
  // tests nothing that digits at C = 1 (the bench's problem) and iris and wine at both strengths do not.
  const unweighted = multinomialReferenceProblems().filter(
    (problem) => problem.sampleWeight === null && problem.name !== digitsProblems()[1]!.name,
  );

  it.each(unweighted.map((problem) => [problem.label, problem] as const))(
    "the reference solver reaches scikit-learn's multinomial optimum on %s",
    (_, problem) => {
      const objective = multinomialObjective({
        X: problem.X,
        y: problem.y,
        classes: problem.classes.length,
        l2: problem.l2,
      });
      const solution = solveReference(objective);
      // The datasets' optimum was polished by Newton steps to ‖∇f‖∞ ≤ 1e-15: both are f* to rounding.
      expect(Math.abs(solution.f - problem.optimum.f) / problem.optimum.f).toBeLessThan(1e-12);
      // A stationary point, not a coincidence of values. The solver stops when f stops falling at rounding
      // level; on digits at C = 0.1 (650 parameters) that leaves ‖∇f‖₂ near 7e-9.
      expect(solution.gradientNorm).toBeLessThan(1e-8);
    },
  );

  it("caches f* of a stored multiclass problem, with L and the optimum's accuracy", () => {
    const cache = mkdtempSync(join(tmpdir(), "descent-bench-multiclass-optimum-"));
    try {
      const { dir } = ensureProblem(cache, digits);
      const problem = readProblem(dir);
      const first = ensureOptimum(dir, () => problem);
      const again = ensureOptimum(dir, () => {
        throw new Error("f* was not cached");
      });
      expect(first.cached).toBe(false);
      expect(again.cached).toBe(true);
      expect(again.f).toBe(first.f);
      const f = solveReference(problemObjective(problem.train, problem.l2, problem.classes)).f;
      expect(Math.abs(first.f - f) / f).toBeLessThan(1e-13);
      expect(first.f).toBeLessThan(lossAtOrigin(10));
      // Digits are easy at C = 1: the optimum classifies the held-out rows almost all right.
      expect(first.testAccuracy).toBeGreaterThan(0.93);
      expect(first.strongConvexityExact).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

/**
 * The largest eigenvalue of the multinomial Hessian at θ, by power iteration from a start vector with a
 * part outside the Hessian's null space (the all-ones vector lies in it: adding one w to every W_k and one
 * c to every b_k leaves every softmax unchanged), so the iteration cannot stall there.
 */
function largestHessianEigenvalue(objective: MultinomialObjective, theta: Float64Array): number {
  const d = objective.dim;
  let v = Float64Array.from({ length: d }, (_, j) => Math.sin(3 * j + 1));
  const Hv = new Float64Array(d);
  let estimate = 0;
  for (let iteration = 0; iteration < 500; iteration++) {
    const norm = Math.hypot(...v);
    v = v.map((value) => value / norm);
    objective.hessianVectorProduct(theta, v, Hv);
    estimate = v.reduce((sum, value, j) => sum + value * Hv[j]!, 0);
    v = Hv.slice();
  }
  return estimate;
}

describe("the multinomial curvature bound", () => {
  it("bounds the Hessian's largest eigenvalue at the origin, the optimum and far from both", () => {
    const problem = buildProblem({ ...synthetic, rows: 600, testRows: 10 });
    const objective = multinomialObjective({
      X: problem.train.X,
      y: problem.train.y,
      classes: 5,
      l2: problem.l2,
    });
    const bound = multinomialCurvatureBound(problem.train, problem.l2);
    const optimum = solveReference(objective).theta;
    const far = optimum.map((value, j) => 3 * value + Math.sin(j));
    for (const theta of [optimum, far]) {
      expect(largestHessianEigenvalue(objective, theta)).toBeLessThanOrEqual(bound);
    }
    // At the origin p is uniform: diag(p) − p pᵀ = (I − 1 1ᵀ/K)/K, so the largest eigenvalue is the bound's
    // with 1/K for Böhning's ½ (K = 5 here): the bound is tight up to the λ = 1/600 that each adds.
    const atOrigin = largestHessianEigenvalue(objective, new Float64Array(objective.dim));
    expect(atOrigin).toBeLessThanOrEqual(bound);
    expect(bound / atOrigin).toBeCloseTo(5 / 2, 1);
  });

  it("predicts the class of the largest logit", () => {
    // Two features, three classes; W picks out feature 0, feature 1, and neither (intercept 0.5).
    const theta = Float64Array.from([1, 0, 0, 1, 0, 0, 0, 0, 0.5]);
    const split = {
      X: {
        kind: "dense" as const,
        data: Float64Array.from([2, 0, 0, 2, 0.1, 0.1, 1, 1]),
        shape: [4, 2] as const,
      },
      y: Float64Array.from([0, 1, 2, 1]),
    };
    // Rows: (2, 0) → 0; (0, 2) → 1; (0.1, 0.1) → 2; (1, 1) ties 0 and 1 → 0 (the first), wrong.
    expect(accuracy(theta, split, 3)).toBe(0.75);
  });
});
