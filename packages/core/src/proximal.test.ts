import { breastCancerL1Problems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { l1Penalty } from "./l1Penalty.js";
import { logisticObjective } from "./logisticObjective.js";
import { minimize } from "./minimize.js";
import type { Objective } from "./objective.js";
import { constantSchedule } from "./schedules.js";
import { chain, gradientTransformationOptimizer, proximal, scaleByLearningRate } from "./transforms.js";

const shrink = (x: number, t: number) => Math.sign(x) * Math.max(Math.abs(x) - t, 0) + 0;

/** Proximal gradient descent as a chain: the update, then the proximal step. */
const proximalGradient = (learningRate: number) =>
  gradientTransformationOptimizer(
    "proximal-gradient",
    chain(scaleByLearningRate(constantSchedule(learningRate)), proximal(constantSchedule(learningRate))),
    { learningRate },
    { l1: true },
  );

/** A two-coordinate objective f(θ) = ½‖θ − c‖² with an L1 penalty on the first coordinate only. */
function shifted(l1: number): Objective {
  return {
    dim: 2,
    l1,
    penalizedCount: 1,
    value: (theta) => 0.5 * ((theta[0]! - 0.3) ** 2 + (theta[1]! + 2) ** 2),
    valueAndGradient(theta, grad) {
      grad[0] = theta[0]! - 0.3;
      grad[1] = theta[1]! + 2;
      return 0.5 * (grad[0] ** 2 + grad[1] ** 2);
    },
  };
}

describe("the proximal transformation", () => {
  it("chained after the learning rate, equals the monolithic prox-gradient step S_{ηλ1}(θ − η∇f)", () => {
    const learningRate = 0.25;
    const l1 = 0.8;
    const transform = chain(
      scaleByLearningRate(constantSchedule(learningRate)),
      proximal(constantSchedule(learningRate)),
    );
    const state = transform.init(4);
    const objective: Objective = { ...shifted(l1), dim: 4, penalizedCount: 3 };
    const theta = Float64Array.from([1, -0.1, 0.05, 0.05]);
    const grad = Float64Array.from([0.4, -0.2, 3, 3]);
    const expected = Array.from(theta, (t, j) =>
      j < 3 ? shrink(t - learningRate * grad[j]!, learningRate * l1) : t - learningRate * grad[j]!,
    );
    transform.update(grad, state, theta, { objective });
    const next = Array.from(theta, (t, j) => t + grad[j]!);
    for (let j = 0; j < 4; j++) expect(next[j]).toBeCloseTo(expected[j]!, 15);
    // The zeroed coordinate lands on exactly 0: θ_j + (0 − θ_j) is 0 in floating point.
    expect(Object.is(next[1], 0)).toBe(true);
  });

  it("with a preconditioner d, thresholds at η λ1 / d_j", () => {
    const transform = proximal(constantSchedule(0.5));
    const updates = Float64Array.from([0, 0]);
    transform.update(updates, transform.init(2), Float64Array.from([1, 1]), {
      objective: { ...shifted(1), penalizedCount: 2 },
      preconditioner: Float64Array.from([1, 4]),
    });
    expect(Array.from(updates)).toEqual([-0.5, -0.125]);
  });

  it("is the identity without an objective or with λ1 = 0, and still counts its steps", () => {
    const transform = proximal(constantSchedule(1));
    const state = transform.init(2);
    const updates = Float64Array.from([0.5, -0.5]);
    transform.update(updates, state, Float64Array.from([0.1, 0.1]));
    transform.update(updates, state, Float64Array.from([0.1, 0.1]), { objective: shifted(0) });
    expect(Array.from(updates)).toEqual([0.5, -0.5]);
    expect(state.count).toBe(2);
  });
});

describe("minimize with an L1 penalty", () => {
  it("reaches the closed-form sparse optimum, reports F and stops on the pseudo-gradient", () => {
    // F = ½(θ₀ − 0.3)² + ½(θ₁ + 2)² + |θ₀|: θ* = (S₁(0.3), −2) = (0, −2), F* = 0.045.
    const result = minimize(shifted(1), proximalGradient(0.5), { theta0: [1, 1], tol: 1e-12 });
    expect(result.converged).toBe(true);
    expect(Object.is(result.theta[0], 0)).toBe(true);
    expect(result.theta[1]).toBeCloseTo(-2, 11);
    expect(result.loss).toBeCloseTo(0.045, 15);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-12);
  });

  it("refuses an l1 objective, before the first step, for an optimizer that does not declare l1", () => {
    let steps = 0;
    const plain = gradientTransformationOptimizer("plain", scaleByLearningRate(constantSchedule(0.1)), {});
    const counting = {
      ...plain,
      step: (...args: Parameters<typeof plain.step>) => {
        steps += 1;
        return plain.step(...args);
      },
    };
    const error = caught(() => minimize(shifted(1), counting));
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toContain("plain does not handle an L1 penalty");
    expect(steps).toBe(0);
    // λ1 = 0 is no penalty at all: accepted.
    expect(minimize(shifted(0), counting, { maxIter: 1 }).iterations).toBe(1);
  });

  it("refuses a malformed penalty on the objective", () => {
    expect(caught(() => minimize(shifted(-1), proximalGradient(0.5))).code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(caught(() => minimize({ ...shifted(1), penalizedCount: 3 }, proximalGradient(0.5))).code).toBe(
      "UNSUPPORTED_OBJECTIVE",
    );
  });

  it("proximal gradient reaches scikit-learn's saga optimum on breast cancer, with its zero set", () => {
    for (const problem of breastCancerL1Problems()) {
      const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
      expect(objective.l1).toBe(problem.l1);
      expect(objective.penalizedCount).toBe(30);
      // η = 1 converges here (η ≤ 1/L, L the largest curvature of f, is the textbook bound); the pure L1
      // problem, with no λ2 to condition it, takes ~11k steps to ‖pseudo-gradient‖∞ ≤ 1e-9.
      const result = minimize(objective, proximalGradient(1), { maxIter: 20000, tol: 1e-9 });
      expect(result.converged).toBe(true);
      const F = objective.value(result.theta) + l1Penalty(result.theta, 30, problem.l1);
      expect(result.loss).toBe(F);
      expect((F - problem.optimum.f) / problem.optimum.f).toBeLessThan(1e-9);
      for (let j = 0; j < 30; j++) expect(result.theta[j] === 0).toBe(problem.optimum.w[j] === 0);
    }
  });
});

describe("logisticObjective's l1 option", () => {
  const problem = breastCancerL1Problems()[0]!;

  it("refuses a negative or non-finite l1", () => {
    for (const l1 of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(caught(() => logisticObjective({ X: problem.X, y: problem.y, l1 })).code).toBe("INVALID_OPTION");
    }
  });

  it("carries l1 and the penalized count (the weights, not the intercept)", () => {
    const objective = logisticObjective({ X: problem.X, y: problem.y, l1: 0.5 });
    expect([objective.l1, objective.penalizedCount, objective.dim]).toEqual([
      0.5,
      problem.X.shape[1],
      problem.X.shape[1] + 1,
    ]);
    expect(caught(() => logisticObjective({ X: problem.X, y: problem.y, l1: -1 })).code).toBe(
      "INVALID_OPTION",
    );
  });

  it("keeps value and gradient smooth: the same as without l1", () => {
    const withL1 = logisticObjective({ X: problem.X, y: problem.y, l1: 0.5 });
    const without = logisticObjective({ X: problem.X, y: problem.y });
    expect(withL1.value(problem.theta)).toBe(without.value(problem.theta));
  });
});
