import {
  DescentError,
  inverseScaling,
  logisticObjective,
  minimize,
  type Objective,
  stepDecay,
} from "@descent/core";
import { breastCancerL1Problems, breastCancerProblems, describeOptimizerConformance } from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { type SgdOptions, type SgdState, sgd } from "./sgd.js";

describeOptimizerConformance<SgdOptions>({
  name: "@descent/sgd",
  factory: sgd,
  // Curvatures 1…10: η = 0.15 < 2/10 is stable, and the slowest coordinate shrinks by 0.85 a step.
  quadratic: { options: { learningRate: 0.15 }, maxIter: 400, tolerance: 1e-20 },
  // η = 2 is near 2/L on standardized breast cancer; gradient descent then needs ~6k steps for 1e-6.
  breastCancer: { options: { learningRate: 2 }, maxIter: 6000, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.5 }, batchSize: 32 },
  invalidOptions: [
    { learningRate: -1 },
    { learningRate: 0 },
    { learningRate: Number.NaN },
    { weightDecay: -0.1 },
  ],
  l1: {
    // Proximal gradient on a separable quadratic contracts each coordinate by |1 − η a_j| ≤ 0.85 a step.
    quadratic: { options: { learningRate: 0.15 }, maxIter: 400, tolerance: 1e-15 },
    // ISTA needs ~11k steps on the pure L1 problem (no λ2 to condition it) to ‖pseudo-gradient‖∞ ≤ 1e-9.
    breastCancer: { options: { learningRate: 1 }, maxIter: 15_000, tol: 1e-9, tolerance: 1e-12 },
  },
});

describe("sgd", () => {
  const problem = breastCancerProblems()[1]!;
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  const gap = (theta: Float64Array) => (objective.value(theta) - problem.optimum.f) / problem.optimum.f;

  it("full batch reaches f within 1e-6 relative of scikit-learn's optimum on breast cancer (λ = 1e-3)", () => {
    const result = minimize(objective, sgd({ learningRate: 2 }), { maxIter: 20_000, tol: 1e-8 });
    expect(result.converged).toBe(true);
    expect(gap(result.theta)).toBeLessThanOrEqual(1e-6);
  });

  it.each([
    ["inverse scaling", inverseScaling({ initial: 1, power: 0.25 })],
    ["step decay", stepDecay({ initial: 1, factor: 0.5, every: 3000 })],
  ])("minibatches with a decaying schedule (%s) get within 1e-3", (_, schedule) => {
    const result = minimize(objective, sgd({ learningRate: schedule }), {
      batchSize: 32,
      seed: 42,
      maxIter: 15_000,
      tol: 0,
    });
    expect(result.epochs).toBeGreaterThan(10);
    expect(gap(result.theta)).toBeLessThanOrEqual(1e-3);
  });

  it("takes exactly θ ← θ − η_t (g + weightDecay θ)", () => {
    const optimizer = sgd({
      learningRate: stepDecay({ initial: 0.5, factor: 0.1, every: 1 }),
      weightDecay: 0.2,
    });
    const state = optimizer.init(2);
    const theta = Float64Array.of(1, -2);
    optimizer.step(theta, Float64Array.of(0.3, 0.4), 0, state, objective);
    expect(Array.from(theta)).toEqual([1 - 0.5 * (0.3 + 0.2 * 1), -2 - 0.5 * (0.4 + 0.2 * -2)]);
    optimizer.step(theta, Float64Array.of(1, 1), 0, state, objective);
    expect(theta[0]).toBeCloseTo(0.75 - 0.05 * (1 + 0.2 * 0.75), 15);
  });

  it("reports its settings as plain data", () => {
    expect(sgd({ learningRate: inverseScaling({ initial: 1, power: 0.5 }) }).hyperparameters).toEqual({
      learningRate: "inverseScaling(initial=1, power=0.5)",
      weightDecay: 0,
    });
  });
});

describe("sgd with an L1 penalty", () => {
  it("takes the proximal step θ ← S_{η λ1}(θ − η g) on the penalized coordinates only, with exact zeros", () => {
    const objective = { dim: 2, l1: 0.5, penalizedCount: 1, value: () => 0, valueAndGradient: () => 0 };
    const optimizer = sgd({ learningRate: 0.5 });
    const state = optimizer.init(2);
    const theta = Float64Array.of(0.3, 0.3); // [w, b]: only w is penalized (penalizedCount = 1)
    optimizer.step(theta, Float64Array.of(0.2, 0.2), 0, state, objective);
    // w: 0.3 − 0.1 = 0.2 ≤ η λ1 = 0.25 → exactly 0; b: 0.3 − 0.1, no threshold.
    expect(Object.is(theta[0], 0)).toBe(true);
    expect(theta[1]).toBeCloseTo(0.2, 15);
    optimizer.step(theta, Float64Array.of(-1, 0), 0, state, objective);
    expect(theta[0]).toBeCloseTo(0.25, 15); // 0 + 0.5 − 0.25
  });
});

describe("sgd with an L1 penalty on minibatches", () => {
  it("reports F and reaches the neighbourhood of the optimum that the README states", () => {
    const problem = breastCancerL1Problems()[0]!;
    const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1 });
    const composite = (theta: Float64Array) =>
      objective.value(theta) + problem.l1 * theta.subarray(0, 30).reduce((sum, w) => sum + Math.abs(w), 0);
    let worstReport = 0;
    const result = minimize(objective, sgd({ learningRate: 0.1 }), {
      batchSize: 32,
      seed: 1,
      maxIter: 20_000,
      tol: 0,
      onProgress: (progress) => {
        // At each epoch's end the loop reports F on the full data.
        if (Number.isFinite(progress.gradientNorm)) {
          worstReport = Math.max(worstReport, Math.abs(progress.loss - composite(progress.theta)));
        }
      },
    });
    expect(worstReport).toBeLessThan(1e-15);
    expect(result.loss).toBeCloseTo(composite(result.theta), 15);
    // Measured 2.7e-3 (README); a constant step stays in a noise ball, it does not converge.
    const gap = (result.loss - problem.optimum.f) / problem.optimum.f;
    expect(gap).toBeLessThan(5e-3);
    expect(gap).toBeGreaterThan(1e-4);
  });
});

describe("sgd states saved before L1 support (two slots, no proximal one)", () => {
  const problem = breastCancerL1Problems()[0]!;
  const oldCheckpoint = (objective: Objective) => {
    const run = minimize(objective, sgd({ learningRate: 1 }), { maxIter: 3, tol: 0 });
    const [decay, learningRate] = run.checkpoint.optimizerState;
    return { ...run.checkpoint, optimizerState: [decay, learningRate] as unknown as SgdState };
  };

  it("resume on an L2 objective, and are refused with INVALID_STATE on an L1 one", () => {
    const l2 = logisticObjective({ X: problem.X, y: problem.y, l2: 1e-3 });
    const resumed = minimize(l2, sgd({ learningRate: 1 }), {
      maxIter: 6,
      tol: 0,
      resumeFrom: oldCheckpoint(l2),
    });
    expect(resumed.iterations).toBe(6);
    const l1 = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1 });
    let thrown: unknown;
    try {
      minimize(l1, sgd({ learningRate: 1 }), { maxIter: 6, tol: 0, resumeFrom: oldCheckpoint(l2) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DescentError);
    expect((thrown as DescentError).code).toBe("INVALID_STATE");
  });
});
