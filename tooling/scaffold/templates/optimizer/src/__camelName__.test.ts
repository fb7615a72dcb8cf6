import { logisticObjective, minimize } from "@descent/core";
import { breastCancerProblems, describeOptimizerConformance } from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { type __PascalName__Options, __camelName__ } from "./__camelName__.js";

// PLACEHOLDER: the settings below suit the placeholder (plain gradient descent). Retune them for the real
// method, and give each its reason, as here.
describeOptimizerConformance<__PascalName__Options>({
  name: "@descent/__name__",
  factory: __camelName__,
  // Curvatures 1…10: η = 0.15 < 2/10 is stable, and the slowest coordinate shrinks by 0.85 a step.
  quadratic: { options: { learningRate: 0.15 }, maxIter: 400, tolerance: 1e-20 },
  // η = 2 is near 2/L on standardized breast cancer; gradient descent then needs ~6k steps for 1e-6.
  breastCancer: { options: { learningRate: 2 }, maxIter: 6000, tolerance: 1e-6 },
  // Raw iris (condition number ~1e4) is left out: gradient descent would need millions of steps.
  // Minibatches: remove this line for a full-batch method (and set `requires: { fullBatch: true }`).
  minibatch: { options: { learningRate: 0.5 }, batchSize: 32 },
  invalidOptions: [{ learningRate: -1 }, { learningRate: 0 }, { learningRate: Number.NaN }],
});

describe("__camelName__", () => {
  it("reaches scikit-learn's optimum on breast cancer (λ = 1e-3) to 1e-6 relative", () => {
    const problem = breastCancerProblems()[1]!;
    const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
    const result = minimize(objective, __camelName__({ learningRate: 2 }), { maxIter: 20_000, tol: 1e-8 });
    expect(result.converged).toBe(true);
    expect((objective.value(result.theta) - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-6);
  });

  // PLACEHOLDER: pin the update rule to the formula in the README, number for number.
  it("takes exactly θ ← θ − η g", () => {
    const optimizer = __camelName__({ learningRate: 0.5 });
    const state = optimizer.init(2);
    const theta = Float64Array.of(1, -2);
    const objective = { dim: 2, value: () => 0, valueAndGradient: () => 0 };
    optimizer.step(theta, Float64Array.of(0.3, 0.4), 0, state, objective);
    expect(Array.from(theta)).toEqual([1 - 0.5 * 0.3, -2 - 0.5 * 0.4]);
  });

  it("reports its settings as plain data", () => {
    expect(__camelName__({ learningRate: 0.5 }).hyperparameters).toEqual({ learningRate: 0.5 });
  });
});
