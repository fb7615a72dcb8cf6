import { breastCancerProblems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { DescentError } from "./errors.js";
import { logisticObjective } from "./logisticObjective.js";
import { minimize, NOISE_STALL_ITERATIONS } from "./minimize.js";
import type { Objective } from "./objective.js";
import type { Optimizer } from "./optimizer.js";
import { createRandomState, nextUniform, shuffleWithinBlocks } from "./random.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate } from "./transforms.js";

const gradientDescent = (learningRate: number) =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(learningRate)), {
    learningRate,
  });

const problem = breastCancerProblems()[1]!;
const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });

/** f(θ) = Σ θ_j⁴: gradient descent with a large step overshoots further each time until it overflows. */
const quartic: Objective = {
  dim: 2,
  value: (theta) => theta[0]! ** 4 + theta[1]! ** 4,
  valueAndGradient(theta, grad) {
    grad[0] = 4 * theta[0]! ** 3;
    grad[1] = 4 * theta[1]! ** 3;
    return theta[0]! ** 4 + theta[1]! ** 4;
  },
};

describe("minimize stops", () => {
  it("when the gradient's ∞-norm reaches tol", () => {
    const result = minimize(objective, gradientDescent(2), { tol: 1e-5, maxIter: 10_000 });
    expect(result.reason).toBe("gradient-tolerance");
    expect(result.converged).toBe(true);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-5);
    const grad = new Float64Array(objective.dim);
    expect(objective.valueAndGradient(result.theta, grad)).toBe(result.loss);
    expect(Math.max(...grad.map(Math.abs))).toBe(result.gradientNorm);
    expect(result.message).toMatch(
      /^gd converged: the gradient's ∞-norm fell to the tolerance after \d+ iterations/,
    );
  });

  it("at maxIter, not converged; maxIter 0 takes no step", () => {
    const result = minimize(objective, gradientDescent(1), { tol: 0, maxIter: 17 });
    expect(result).toMatchObject({ reason: "max-iterations", converged: false, iterations: 17 });
    const none = minimize(objective, gradientDescent(1), { maxIter: 0, theta0: problem.theta });
    expect(none.iterations).toBe(0);
    expect(none.theta).toEqual(problem.theta);
  });

  it("when the loss stops changing, with lossTol", () => {
    const result = minimize(objective, gradientDescent(1), { tol: 0, lossTol: 1e-6, maxIter: 100_000 });
    expect(result.reason).toBe("loss-tolerance");
    expect(result.converged).toBe(true);
  });

  it("when its AbortSignal is aborted", () => {
    const controller = new AbortController();
    controller.abort();
    const result = minimize(objective, gradientDescent(1), { signal: controller.signal });
    expect(result).toMatchObject({ reason: "aborted", iterations: 0, converged: false });
  });

  it("when a step no longer changes θ or the loss (full batch), as stalled, not converged", () => {
    const standing: Optimizer<null> = {
      name: "standing",
      requires: {},
      hyperparameters: {},
      init: () => null,
      step: () => undefined,
    };
    const result = minimize(objective, standing, { tol: 1e-12, maxIter: 50 });
    expect(result).toMatchObject({ reason: "stalled", converged: false, iterations: 1 });
    expect(result.message).toMatch(/^standing stalled/);
  });

  describe("on last-bit noise (an objective whose f and ∇f at one θ differ from call to call)", () => {
    /** f(θ) = 1 + ½‖θ‖², f* = 1 at θ = 0; with noise, f gets ±16 ulps relative and ∇f ±1e-14 per call. */
    const bowl = (noisy: boolean): Objective => {
      const random = createRandomState(3);
      const noise = () => (noisy ? 2 * nextUniform(random) - 1 : 0);
      const value = (theta: Float64Array) => 1 + 0.5 * (theta[0]! ** 2 + theta[1]! ** 2);
      return {
        dim: 2,
        reproducible: !noisy,
        value: (theta) => value(theta) * (1 + 16 * Number.EPSILON * noise()),
        valueAndGradient(theta, grad) {
          grad[0] = theta[0]! + 1e-14 * noise();
          grad[1] = theta[1]! + 1e-14 * noise();
          return value(theta) * (1 + 16 * Number.EPSILON * noise());
        },
      };
    };

    it(`stalls within ${NOISE_STALL_ITERATIONS} iterations of the noise floor, not at maxIter, at the optimum`, () => {
      // A step of 0.6 shrinks θ to 0.4 θ: ~35 iterations from θ0 = (1, −1) to the floor ‖∇f‖∞ ≈ 1e-14.
      const result = minimize(bowl(true), gradientDescent(0.6), {
        theta0: [1, -1],
        tol: 1e-20,
        maxIter: 1000,
      });
      expect(result.reason).toBe("stalled");
      expect(result.converged).toBe(false);
      expect(result.iterations).toBeLessThanOrEqual(35 + NOISE_STALL_ITERATIONS + 5);
      expect(result.message).toMatch(/^gd stalled: for 30 iterations the loss changed only within rounding/);
      expect(Math.max(Math.abs(result.theta[0]!), Math.abs(result.theta[1]!))).toBeLessThan(1e-13);
    });

    it("leaves reproducible objectives to the exact test: a slowly converging run is never stopped on noise", () => {
      // Gradient descent with a small step: ‖∇f‖∞ shrinks by 0.99 a step (70 steps per halving), f no longer
      // changes beyond rounding after ~1000 steps, and the run still reaches tol = 1e-10 at ~2300.
      const result = minimize(bowl(false), gradientDescent(0.01), {
        theta0: [1, -1],
        tol: 1e-10,
        maxIter: 5000,
      });
      expect(result.reason).toBe("gradient-tolerance");
    });

    it("does not stop an exact run whose gradient keeps halving while f no longer changes", () => {
      // f rounds to 1 once ‖θ‖ < 1e-8 (iteration ~20), yet θ and ∇f shrink to 0.4× each step, down to 0.
      const result = minimize(bowl(false), gradientDescent(0.6), { theta0: [1, -1], tol: 0, maxIter: 2000 });
      expect(result.reason).toBe("gradient-tolerance");
      expect(result.gradientNorm).toBe(0);
    });
  });

  it("on divergence, keeping the last finite θ and saying so", () => {
    const trajectory: number[] = [];
    const result = minimize(quartic, gradientDescent(1), {
      theta0: [10, 1],
      maxIter: 100,
      onProgress: ({ theta }) => trajectory.push(theta[0]!),
    });
    expect(result.reason).toBe("diverged");
    expect(result.converged).toBe(false);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(result.theta.every(Number.isFinite)).toBe(true);
    // The last finite iterate is the last one a progress callback saw.
    expect(result.theta[0]).toBe(trajectory.at(-1));
    expect(result.message).toMatch(/diverged/);
  });
});

describe("minimize counts the work", () => {
  it("one gradient evaluation per full-batch step, plus the start, and progress sees the passes", () => {
    const passes: number[] = [];
    const result = minimize(objective, gradientDescent(1), {
      tol: 0,
      maxIter: 25,
      onProgress: (progress) => passes.push(progress.passes),
    });
    expect(passes.slice(0, 3)).toEqual([2, 3, 4]);
    expect(result.evaluations).toEqual({
      value: 0,
      gradient: 26,
      hessian: 0,
      hessianVectorProduct: 0,
      passes: 26,
    });
  });

  it("does not evaluate again after a step that evaluated the new point itself", () => {
    const evaluating: Optimizer<null> = {
      name: "evaluating",
      requires: {},
      hyperparameters: {},
      init: () => null,
      step(theta, grad, _loss, _state, target) {
        for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! - grad[j]!;
        return target.valueAndGradient(theta, grad);
      },
    };
    const result = minimize(objective, evaluating, { tol: 0, maxIter: 10 });
    expect(result.evaluations.gradient).toBe(11);
    const plain = minimize(objective, gradientDescent(1), { tol: 0, maxIter: 10 });
    expect(result.theta).toEqual(plain.theta);
  });

  it("passes over the data in minibatch mode: batches plus one full evaluation per epoch", () => {
    const m = objective.examples;
    const batchSize = 100;
    const steps = 2 * Math.ceil(m / batchSize);
    const result = minimize(objective, gradientDescent(0.1), { batchSize, tol: 0, maxIter: steps });
    expect(result.epochs).toBe(2);
    // Two epochs of batches (2m rows), a full evaluation at the start and at each epoch's end, and the last
    // of those is the result's loss.
    expect(result.evaluations.passes).toBeCloseTo(2 + 3, 12);
    expect(result.evaluations.gradient).toBe(steps + 3);
  });
});

describe("minibatches", () => {
  it("are seeded: the same seed repeats, another seed differs", () => {
    const run = (seed: number) =>
      minimize(objective, gradientDescent(0.5), { batchSize: 16, seed, tol: 0, maxIter: 100 }).theta;
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("report progress at each epoch's end on the full objective", () => {
    const epochs: number[] = [];
    minimize(objective, gradientDescent(0.5), {
      batchSize: 200,
      tol: 0,
      maxIter: 9,
      onProgress: (progress) => {
        if (!Number.isNaN(progress.gradientNorm)) epochs.push(progress.epoch);
      },
    });
    expect(epochs).toEqual([1, 2, 3]);
  });
});

describe("an objective's own epoch order (epochOrder)", () => {
  it("replaces the full shuffle: minibatches visit the order it writes, drawn from the run's generator", () => {
    const m = objective.examples;
    const visited: number[][] = [];
    const orders: number[][] = [];
    const blocked = {
      dim: objective.dim,
      examples: m,
      penalizedCount: objective.penalizedCount,
      value: (theta: Float64Array) => objective.value(theta),
      valueAndGradient: (theta: Float64Array, grad: Float64Array) => objective.valueAndGradient(theta, grad),
      valueOnRows: (theta: Float64Array, rows: Int32Array, start: number, end: number) =>
        objective.valueOnRows(theta, rows, start, end),
      valueAndGradientOnRows(
        theta: Float64Array,
        grad: Float64Array,
        rows: Int32Array,
        start: number,
        end: number,
      ) {
        visited.push(Array.from(rows.subarray(start, end)));
        return objective.valueAndGradientOnRows(theta, grad, rows, start, end);
      },
      epochOrder(order: Int32Array, random: { seed: number }) {
        shuffleWithinBlocks(order, 100, random);
        orders.push(Array.from(order));
      },
    };
    const batches = Math.ceil(m / 50);
    minimize(blocked, gradientDescent(0.5), { batchSize: 50, seed: 9, tol: 0, maxIter: 2 * batches });
    // Two epochs; the boundary after the second draws a third order before the iteration limit stops the run.
    expect(orders.length).toBeGreaterThanOrEqual(2);
    expect(visited.flat()).toEqual([...orders[0]!, ...orders[1]!]);
    // Blocks of 100 in storage order, each a permutation of its own rows; the two epochs differ.
    for (const order of orders.slice(0, 2)) {
      for (let start = 0; start < m; start += 100) {
        const block = order.slice(start, start + 100).sort((a, b) => a - b);
        expect(block).toEqual(Array.from({ length: block.length }, (_, k) => start + k));
      }
    }
    expect(orders[0]).not.toEqual(orders[1]);
    const expected = new Int32Array(m);
    const random = createRandomState(9);
    shuffleWithinBlocks(expected, 100, random);
    expect(orders[0]).toEqual(Array.from(expected));
  });
});

describe("minimize refuses what cannot work", () => {
  const needsHessian: Optimizer<null> = {
    name: "needs-hessian",
    requires: { secondOrder: "hessian", fullBatch: true },
    hyperparameters: {},
    init: () => null,
    step: () => undefined,
  };

  it.each([
    [
      "an optimizer that needs a Hessian, on an objective without one",
      quartic,
      needsHessian,
      {},
      /needs-hessian needs a hessian/,
    ],
    [
      "a full-batch optimizer with batchSize",
      objective,
      needsHessian,
      { batchSize: 10 },
      /runs on the full batch only/,
    ],
    [
      "batchSize on an objective that is not a finite sum",
      quartic,
      gradientDescent(1),
      { batchSize: 1 },
      /finite-sum objective/,
    ],
  ])("%s", (_, target, optimizer, options, message) => {
    expect(() => minimize(target, optimizer as Optimizer<unknown>, options)).toThrow(message);
    try {
      minimize(target, optimizer as Optimizer<unknown>, options);
    } catch (error) {
      expect((error as DescentError).code).toBe("UNSUPPORTED_OBJECTIVE");
    }
  });

  it("a starting point of the wrong length or with NaN", () => {
    expect(() => minimize(objective, gradientDescent(1), { theta0: [1, 2] })).toThrow(
      new DescentError("LENGTH_MISMATCH", "theta0 has 2 entries, but the objective has dimension 31."),
    );
    expect(() => minimize(quartic, gradientDescent(1), { theta0: [1, Number.NaN] })).toThrow(
      /theta0\[1\] is NaN/,
    );
  });
});
