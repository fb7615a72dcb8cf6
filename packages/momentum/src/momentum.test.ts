import {
  chain,
  constantSchedule,
  createRandomState,
  DescentError,
  gradientTransformationOptimizer,
  type LearningRate,
  logisticObjective,
  minimize,
  nextUniform,
  type Objective,
  proximal,
  scaleByLearningRate,
  stepDecay,
  toSchedule,
  trace,
} from "@descent/core";
import {
  breastCancerL1Problems,
  breastCancerProblems,
  describeOptimizerConformance,
  irisProblem,
  quadraticProblem,
} from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { type MomentumOptions, momentum } from "./momentum.js";

const invalidOptions: MomentumOptions[] = [
  { learningRate: 0 },
  { learningRate: -1 },
  { learningRate: Number.NaN },
  { momentum: 1 },
  { momentum: -0.1 },
  { dampening: 1.5 },
  { dampening: -0.5 },
  { weightDecay: -1 },
  // PyTorch's rule: Nesterov needs μ > 0 and no dampening.
  { nesterov: true, dampening: 0.1 },
  { nesterov: true, momentum: 0 },
  { nesterov: "yes" as unknown as boolean },
];

// Heavy ball at the optimum for curvatures in [1, 10] (Polyak): η = 4/(√L + √m)², μ = ((√κ − 1)/(√κ + 1))²;
// every mode then shrinks by √μ ≈ 0.52 a step, so f falls below 1e-20 within 50 steps.
const rootKappa = Math.sqrt(10);

// With an L1 penalty both modes run FISTA with its momentum capped at μ (see momentum.ts).
const l1Runs = {
  // η = 1/L on the quadratic.
  quadratic: { options: { learningRate: 0.1, momentum: 0.5 }, maxIter: 300, tolerance: 1e-15 },
  // η = 1, μ = 0.9: ~1000 steps to ‖pseudo-gradient‖∞ ≤ 1e-9 on pure L1, ~260 on the elastic net (ISTA, which
  // sgd runs, needs ~11k and ~2.7k).
  breastCancer: { options: { learningRate: 1, momentum: 0.9 }, maxIter: 2000, tol: 1e-9, tolerance: 1e-12 },
};
describeOptimizerConformance<MomentumOptions>({
  name: "@descent/momentum (heavy ball)",
  factory: momentum,
  quadratic: {
    options: { learningRate: 4 / (rootKappa + 1) ** 2, momentum: ((rootKappa - 1) / (rootKappa + 1)) ** 2 },
    maxIter: 50,
    tolerance: 1e-20,
  },
  // The best of a grid over η ∈ {1, 2, 3, 4} × μ ∈ {0.85, 0.9, 0.93}: 1e-6 after 180 steps, 3e-10 after 300.
  breastCancer: { options: { learningRate: 2, momentum: 0.9 }, maxIter: 300, tolerance: 1e-6 },
  // η = 0.5 is below 2(1 + μ)/L = 0.55 for L = 7.2, the largest curvature at iris's optimum: 1.3e-6 after
  // 1000 steps, 3e-11 after 1500.
  iris: { options: { learningRate: 0.5, momentum: 0.98 }, maxIter: 1500, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.1, momentum: 0.9 }, batchSize: 32 },
  invalidOptions,
  l1: l1Runs,
});

// Nesterov for a strongly convex function (Nesterov 1983, §2.2): η = 1/L, μ = (√κ − 1)/(√κ + 1);
// f falls below 1e-20 within 75 steps.
describeOptimizerConformance<MomentumOptions>({
  name: "@descent/momentum (Nesterov)",
  factory: (options) => momentum({ ...options, nesterov: true }),
  quadratic: {
    options: { learningRate: 0.1, momentum: (rootKappa - 1) / (rootKappa + 1) },
    maxIter: 75,
    tolerance: 1e-20,
  },
  // The same grid as heavy ball: 1e-6 after 175 steps, 3e-10 after 300.
  breastCancer: { options: { learningRate: 2, momentum: 0.9 }, maxIter: 300, tolerance: 1e-6 },
  // Nesterov's stable step is (1 + 2μ)/(1 + μ) times shorter than heavy ball's: η = 0.1 with μ = 0.98
  // reaches 1e-7 after 2000 steps.
  iris: { options: { learningRate: 0.1, momentum: 0.98 }, maxIter: 2000, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.1, momentum: 0.9 }, batchSize: 32 },
  // The factory sets nesterov itself, so a bad `nesterov` value cannot reach it.
  invalidOptions: invalidOptions.filter((options) => typeof options.nesterov !== "string"),
  l1: l1Runs,
});

/**
 * torch.optim.SGD with momentum, written out as its documentation's pseudocode (torch/optim/sgd.py,
 * _single_tensor_sgd): returns θ after each of the steps, for gradients that do not depend on θ.
 */
function pytorchSgd(
  theta0: Float64Array,
  gradients: readonly Float64Array[],
  options: {
    lr: (t: number) => number;
    momentum: number;
    dampening: number;
    nesterov: boolean;
    weightDecay: number;
  },
): Float64Array[] {
  const { momentum: mu, dampening, nesterov, weightDecay } = options;
  const dim = theta0.length;
  const theta = Float64Array.from(theta0);
  const buffer = new Float64Array(dim);
  const trajectory: Float64Array[] = [];
  for (let t = 0; t < gradients.length; t++) {
    const g = new Float64Array(dim);
    for (let j = 0; j < dim; j++) g[j] = gradients[t]![j]! + weightDecay * theta[j]!;
    const direction = Float64Array.from(g);
    if (mu !== 0) {
      for (let j = 0; j < dim; j++) buffer[j] = t === 0 ? g[j]! : mu * buffer[j]! + (1 - dampening) * g[j]!;
      for (let j = 0; j < dim; j++) direction[j] = nesterov ? g[j]! + mu * buffer[j]! : buffer[j]!;
    }
    for (let j = 0; j < dim; j++) theta[j] = theta[j]! - options.lr(t) * direction[j]!;
    trajectory.push(Float64Array.from(theta));
  }
  return trajectory;
}

/** k gradients of dimension d with entries in [−scale, scale), the scale changing from step to step. */
function gradientSequence(steps: number, dim: number, seed: number): Float64Array[] {
  const random = createRandomState(seed);
  return Array.from({ length: steps }, (_, t) => {
    const scale = 0.1 + 3 * ((t * 7) % 5);
    return Float64Array.from({ length: dim }, () => scale * (2 * nextUniform(random) - 1));
  });
}

/** max_j |a_j − b_j| / max(1, max_j |b_j|). */
function relativeDifference(a: Float64Array, b: Float64Array): number {
  let scale = 1;
  for (let j = 0; j < b.length; j++) scale = Math.max(scale, Math.abs(b[j]!));
  return largestDifference(a, b) / scale;
}

function largestDifference(a: Float64Array, b: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < a.length; j++) largest = Math.max(largest, Math.abs(a[j]! - b[j]!));
  return largest;
}

describe("momentum", () => {
  const problem = breastCancerProblems()[1]!;
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  const gap = (loss: number) => (loss - problem.optimum.f) / problem.optimum.f;

  describe("equals PyTorch's SGD with momentum step for step", () => {
    const variants: [string, MomentumOptions][] = [
      ["heavy ball", { learningRate: 0.05, momentum: 0.9 }],
      ["Nesterov", { learningRate: 0.05, momentum: 0.9, nesterov: true }],
      ["dampening", { learningRate: 0.05, momentum: 0.8, dampening: 0.3 }],
      ["coupled weight decay", { learningRate: 0.05, momentum: 0.9, weightDecay: 0.1 }],
      [
        "Nesterov, weight decay and a schedule",
        {
          learningRate: stepDecay({ initial: 0.1, factor: 0.5, every: 4 }),
          momentum: 0.7,
          nesterov: true,
          weightDecay: 0.05,
        },
      ],
      // PyTorch keeps no buffer when μ = 0, so τ has no effect: the step is plain g.
      ["no momentum, dampening ignored", { learningRate: 0.05, momentum: 0, dampening: 0.5 }],
    ];
    it.each(variants)("%s", (_, options) => {
      const dim = 5;
      const gradients = gradientSequence(12, dim, 7);
      const theta0 = Float64Array.of(1, -0.5, 0.25, 2, -1.5);
      const learningRate: LearningRate = options.learningRate ?? 0.01;
      const expected = pytorchSgd(theta0, gradients, {
        lr: toSchedule(learningRate),
        momentum: options.momentum ?? 0.9,
        dampening: options.dampening ?? 0,
        nesterov: options.nesterov ?? false,
        weightDecay: options.weightDecay ?? 0,
      });
      const optimizer = momentum(options);
      const state = optimizer.init(dim);
      const theta = Float64Array.from(theta0);
      for (let t = 0; t < gradients.length; t++) {
        optimizer.step(theta, Float64Array.from(gradients[t]!), 0, state, objective);
        // A few ulps: the same arithmetic, perhaps in another order (today it agrees bit for bit).
        expect(relativeDifference(theta, expected[t]!)).toBeLessThanOrEqual(1e-15);
      }
    });
  });

  it.each([
    ["heavy ball", false],
    ["Nesterov", true],
  ])(
    "%s, full batch, reaches f within 1e-6 relative of scikit-learn's optimum on breast cancer (λ = 1e-3)",
    (_, nesterov) => {
      const result = minimize(objective, momentum({ learningRate: 2, momentum: 0.9, nesterov }), {
        maxIter: 1000,
        tol: 1e-6,
      });
      expect(result.converged).toBe(true);
      expect(gap(result.loss)).toBeLessThanOrEqual(1e-6);
      // One gradient evaluation a step, plus the one at θ₀.
      expect(result.evaluations.gradient).toBe(result.iterations + 1);
    },
  );

  it.each([
    ["heavy ball", false],
    ["Nesterov", true],
  ])("%s with its default options does not diverge on raw iris in 10 000 iterations", (_, nesterov) => {
    const iris = irisProblem();
    const irisObjective = logisticObjective({ X: iris.X, y: iris.y, l2: iris.l2 });
    const result = minimize(irisObjective, momentum({ nesterov }), { maxIter: 10_000, tol: 0 });
    expect(result.reason).toBe("max-iterations");
    expect(Number.isFinite(result.loss)).toBe(true);
    // The README quotes the gap reached, 5.5e-2 for both; a broken step would not get below 6e-2.
    expect((result.loss - iris.optimum.f) / iris.optimum.f).toBeLessThan(6e-2);
  });

  it("keeps PyTorch's buffer: the first step moves by η g₁ whatever the dampening", () => {
    const optimizer = momentum({ learningRate: 0.5, momentum: 0.9, dampening: 0.5 });
    const state = optimizer.init(2);
    const theta = Float64Array.of(1, 1);
    optimizer.step(theta, Float64Array.of(0.2, -0.4), 0, state, objective);
    expect(Array.from(theta)).toEqual([1 - 0.5 * 0.2, 1 + 0.5 * 0.4]);
    expect(Array.from(state[1].trace)).toEqual([0.2, -0.4]);
  });

  it("names the broken Nesterov rule in its error", () => {
    let thrown: unknown;
    try {
      momentum({ nesterov: true, dampening: 0.1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DescentError);
    expect((thrown as DescentError).code).toBe("INVALID_OPTION");
    expect((thrown as DescentError).message).toBe(
      "momentum with nesterov needs momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1.",
    );
  });

  it("reports its settings as plain data", () => {
    expect(momentum({ nesterov: true }).hyperparameters).toEqual({
      learningRate: 0.01,
      momentum: 0.9,
      nesterov: true,
      dampening: 0,
      weightDecay: 0,
    });
    expect(momentum().name).toBe("momentum");
    expect(momentum({ nesterov: true }).name).toBe("nesterov");
  });

  it("runs on a quadratic whose minimizer it reaches exactly from a schedule", () => {
    const { objective: quadratic, minimizer } = quadraticProblem(4, 4);
    const result = minimize(quadratic, momentum({ learningRate: stepDecay({ initial: 0.2, every: 200 }) }), {
      maxIter: 2000,
      tol: 1e-12,
    });
    expect(result.converged).toBe(true);
    expect(largestDifference(result.theta, minimizer)).toBeLessThan(1e-11);
  });
});

describe("momentum with an L1 penalty", () => {
  it("runs FISTA: x = S(y − η∇f(y)), y₊ = x + min(μ, (t−1)/t₊)(x − x_prev), θ holding y", () => {
    // f = ½‖θ − c‖², λ1 = 0.5 on both coordinates: ∇f(θ) = θ − c.
    const c = [2, 0.1];
    const objective: Objective = {
      dim: 2,
      l1: 0.5,
      value: (t) => 0.5 * ((t[0]! - c[0]!) ** 2 + (t[1]! - c[1]!) ** 2),
      valueAndGradient(t, g) {
        g[0] = t[0]! - c[0]!;
        g[1] = t[1]! - c[1]!;
        return 0;
      },
    };
    const eta = 0.5;
    const mu = 0.9;
    const optimizer = momentum({ learningRate: eta, momentum: mu });
    const state = optimizer.init(2);
    const theta = Float64Array.of(0, 1);
    const grad = new Float64Array(2);
    const shrink = (v: number) => Math.sign(v) * Math.max(Math.abs(v) - eta * 0.5, 0) + 0;
    let y = [0, 1];
    let previous = [0, 1];
    let t = 1;
    for (let k = 0; k < 6; k++) {
      objective.valueAndGradient(theta, grad);
      optimizer.step(theta, grad, 0, state, objective);
      const x = y.map((v, j) => shrink(v - eta * (v - c[j]!)));
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = Math.min(mu, (t - 1) / tNext);
      y = x.map((v, j) => v + beta * (v - previous[j]!));
      previous = x;
      t = tNext;
      expect(theta[0]).toBeCloseTo(y[0]!, 14);
      expect(theta[1]).toBeCloseTo(y[1]!, 14);
    }
    // c₁ = 0.1 < λ1: the second coordinate is exactly 0 once x and x_prev both are.
    expect(Object.is(theta[1], 0)).toBe(true);
  });

  it("where soft-thresholding after a heavy-ball step stops at the wrong point, reaches the optimum", () => {
    const problem = breastCancerL1Problems()[1]!; // elastic net, λ1 = λ2 = 0.005
    const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
    // The naive chain: heavy ball, learning rate, then the proximal step. Its fixed point solves the
    // problem with λ1 (1 − μ) in place of λ1, since the buffer settles at ∇f / (1 − μ).
    const naive = gradientTransformationOptimizer(
      "heavy ball + prox",
      chain(
        trace({ decay: 0.9 }),
        scaleByLearningRate(constantSchedule(0.1)),
        proximal(constantSchedule(0.1)),
      ),
      {},
      { l1: true },
    );
    const wrong = minimize(objective, naive, { maxIter: 5000, tol: 1e-10 });
    const right = minimize(objective, momentum({ learningRate: 0.1, momentum: 0.9 }), {
      maxIter: 5000,
      tol: 1e-10,
    });
    const gap = (loss: number) => (loss - problem.optimum.f) / problem.optimum.f;
    expect(gap(wrong.loss)).toBeGreaterThan(0.05); // measured 0.086 (0.53 on the pure L1 problem)
    expect(right.converged).toBe(true);
    expect(gap(right.loss)).toBeLessThan(1e-12);
  });
});
