import {
  createRandomState,
  DescentError,
  logisticObjective,
  minimize,
  nextUniform,
  type Objective,
  type Schedule,
  stepDecay,
  toSchedule,
} from "@descent/core";
import { breastCancerProblems, describeOptimizerConformance, irisProblem } from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { type AdamOptions, adam, adamw } from "./adam.js";

// With an L1 penalty: Adam's preconditioned proximal step (see adam.ts).
const l1Runs = {
  quadratic: { options: { learningRate: 0.1 }, maxIter: 800, tolerance: 1e-15 },
  // The best of α ∈ {0.01, 0.03, 0.1, 0.3}, for Adam and AMSGrad alike: ~750 steps to ‖pseudo-gradient‖∞ ≤ 1e-9
  // on pure L1 (α = 0.01: 13k), ~350 on the elastic net.
  breastCancer: { options: { learningRate: 0.3 }, maxIter: 1500, tol: 1e-9, tolerance: 1e-12 },
};

const invalidOptions: AdamOptions[] = [
  { learningRate: 0 },
  { learningRate: -1e-3 },
  { beta1: 1 },
  { beta1: -0.1 },
  { beta2: 1 },
  { beta2: Number.NaN },
  { epsilon: 0 },
  { epsilon: -1e-8 },
  { weightDecay: -1e-2 },
  { decoupled: 1 as unknown as boolean },
  { amsgrad: "yes" as unknown as boolean },
];

describeOptimizerConformance<AdamOptions>({
  name: "@descent/adam (Adam)",
  factory: adam,
  // The quadratic's gradient is exactly zero at θ*, so Adam settles there: 1e-17 after 400 steps, 5e-32 after 800.
  quadratic: { options: { learningRate: 0.1 }, maxIter: 800, tolerance: 1e-20 },
  // α = 0.5, the best of α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 1} here: 1.3e-6 after 200 steps, 5e-15 after 400. The
  // budget stops before the gradient reaches rounding level, after which a constant-step Adam leaves the optimum
  // (see "Full-batch Adam near the optimum" in the README).
  breastCancer: { options: { learningRate: 0.5 }, maxIter: 400, tolerance: 1e-6 },
  // Adam's per-coordinate scaling copes with raw iris: 9e-7 after 1500 steps, 2e-10 after 2000.
  iris: { options: { learningRate: 0.3 }, maxIter: 2000, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.01 }, batchSize: 32 },
  invalidOptions,
  l1: l1Runs,
});

describeOptimizerConformance<AdamOptions>({
  name: "@descent/adam (AMSGrad)",
  factory: (options) => adam({ ...options, amsgrad: true }),
  quadratic: { options: { learningRate: 0.1 }, maxIter: 800, tolerance: 1e-20 },
  // 2.3e-6 after 200 steps, 7e-13 after 400; AMSGrad's step never grows, so it stays at the optimum.
  breastCancer: { options: { learningRate: 0.5 }, maxIter: 400, tolerance: 1e-6 },
  // 7.5e-12 after 2000 steps.
  iris: { options: { learningRate: 1 }, maxIter: 2000, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.01 }, batchSize: 32 },
  // The factory sets amsgrad itself, so a bad `amsgrad` value cannot reach it.
  invalidOptions: invalidOptions.filter((options) => typeof options.amsgrad !== "string"),
  l1: l1Runs,
});

interface PytorchAdamOptions {
  readonly lr: (t: number) => number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  readonly amsgrad: boolean;
}

/**
 * torch.optim.Adam / AdamW written out as their documentation's pseudocode, with t counted from 1: returns
 * θ after each step, and the final raw second moment and its running maximum, for gradients that do not
 * depend on θ.
 */
function pytorchAdam(
  theta0: Float64Array,
  gradients: readonly Float64Array[],
  options: PytorchAdamOptions,
): { trajectory: Float64Array[]; v: Float64Array; vMax: Float64Array } {
  const { beta1, beta2, eps, weightDecay } = options;
  const dim = theta0.length;
  const theta = Float64Array.from(theta0);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const vMax = new Float64Array(dim);
  const trajectory: Float64Array[] = [];
  for (let t = 1; t <= gradients.length; t++) {
    const lr = options.lr(t - 1);
    const g = Float64Array.from(gradients[t - 1]!);
    for (let j = 0; j < dim; j++) {
      if (options.decoupled) theta[j] = theta[j]! - lr * weightDecay * theta[j]!;
      else g[j] = g[j]! + weightDecay * theta[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g[j]!;
      v[j] = beta2 * v[j]! + (1 - beta2) * g[j]! * g[j]!;
      const mHat = m[j]! / (1 - beta1 ** t);
      vMax[j] = Math.max(vMax[j]!, v[j]!);
      const vHat = (options.amsgrad ? vMax[j]! : v[j]!) / (1 - beta2 ** t);
      theta[j] = theta[j]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
    trajectory.push(Float64Array.from(theta));
  }
  return { trajectory, v, vMax };
}

/** k gradients of dimension d with entries in [−scale, scale), the scale jumping from step to step. */
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
  let largest = 0;
  for (let j = 0; j < b.length; j++) {
    scale = Math.max(scale, Math.abs(b[j]!));
    largest = Math.max(largest, Math.abs(a[j]! - b[j]!));
  }
  return largest / scale;
}

describe("adam", () => {
  const problem = breastCancerProblems()[1]!;
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  const gap = (loss: number) => (loss - problem.optimum.f) / problem.optimum.f;

  describe("equals PyTorch's Adam step for step", () => {
    const schedule: Schedule = stepDecay({ initial: 0.2, factor: 0.5, every: 5 });
    const variants: [string, AdamOptions][] = [
      ["Adam", { learningRate: 0.1 }],
      ["Adam with coupled weight decay", { learningRate: 0.1, weightDecay: 0.1 }],
      ["AdamW", { learningRate: 0.1, weightDecay: 0.1, decoupled: true }],
      // β₂ = 0.9 forgets fast enough for v to fall below its maximum within the 16 steps.
      ["AMSGrad", { learningRate: 0.1, beta2: 0.9, amsgrad: true }],
      // ε large enough to matter, so its place (outside the root, after bias correction) is tested.
      ["a large ε and other betas", { learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 0.5 }],
      [
        "AdamW with AMSGrad and a schedule",
        {
          learningRate: schedule,
          weightDecay: 0.05,
          decoupled: true,
          amsgrad: true,
        },
      ],
    ];
    it.each(variants)("%s", (_, options) => {
      const dim = 5;
      const gradients = gradientSequence(16, dim, 3);
      const theta0 = Float64Array.of(1, -0.5, 0.25, 2, -1.5);
      const reference: PytorchAdamOptions = {
        lr: toSchedule(options.learningRate ?? 1e-3),
        beta1: options.beta1 ?? 0.9,
        beta2: options.beta2 ?? 0.999,
        eps: options.epsilon ?? 1e-8,
        weightDecay: options.weightDecay ?? 0,
        decoupled: options.decoupled ?? false,
        amsgrad: options.amsgrad ?? false,
      };
      const expected = pytorchAdam(theta0, gradients, reference);
      const optimizer = adam(options);
      const state = optimizer.init(dim);
      const theta = Float64Array.from(theta0);
      for (let t = 0; t < gradients.length; t++) {
        optimizer.step(theta, Float64Array.from(gradients[t]!), 0, state, objective);
        // A few ulps: the same formula, its divisions and products grouped differently.
        expect(relativeDifference(theta, expected.trajectory[t]!)).toBeLessThanOrEqual(1e-15);
      }
      const moments = state[1];
      expect(moments.count).toBe(gradients.length);
      expect(relativeDifference(moments.nu, expected.v)).toBeLessThanOrEqual(1e-15);
      if (options.amsgrad) {
        expect(relativeDifference(moments.nuMax!, expected.vMax)).toBeLessThanOrEqual(1e-15);
        // The gradients shrink and grow again, so v falls below its maximum and AMSGrad takes other steps:
        // a billion times the tolerance away from Adam's, so matching PyTorch's AMSGrad is not matching Adam.
        const withoutMaximum = pytorchAdam(theta0, gradients, { ...reference, amsgrad: false }).trajectory;
        expect(relativeDifference(theta, withoutMaximum[gradients.length - 1]!)).toBeGreaterThan(1e-6);
      } else {
        expect(moments.nuMax).toBeUndefined();
      }
    });

    it("adamw(o) is adam({ ...o, decoupled: true }) with λ = 1e-2 by default", () => {
      const gradients = gradientSequence(8, 3, 5);
      const viaAdamW = adamw({ learningRate: 0.1 });
      const viaAdam = adam({ learningRate: 0.1, weightDecay: 1e-2, decoupled: true });
      const [a, b] = [Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)];
      const [stateA, stateB] = [viaAdamW.init(3), viaAdam.init(3)];
      for (const gradient of gradients) {
        viaAdamW.step(a, Float64Array.from(gradient), 0, stateA, objective);
        viaAdam.step(b, Float64Array.from(gradient), 0, stateB, objective);
      }
      expect(a).toEqual(b);
      expect(viaAdamW.name).toBe("adamw");
      expect(viaAdamW.hyperparameters).toEqual(viaAdam.hyperparameters);
    });
  });

  it.each([
    ["Adam", { learningRate: 0.5 }],
    ["AMSGrad", { learningRate: 0.5, amsgrad: true }],
  ] as [string, AdamOptions][])(
    "%s, full batch, reaches f within 1e-6 relative of scikit-learn's optimum on breast cancer (λ = 1e-3)",
    (_, options) => {
      const result = minimize(objective, adam(options), { maxIter: 1000, tol: 1e-6 });
      expect(result.converged).toBe(true);
      expect(gap(result.loss)).toBeLessThanOrEqual(1e-6);
      // One gradient evaluation a step, plus the one at θ₀.
      expect(result.evaluations.gradient).toBe(result.iterations + 1);
    },
  );

  it.each([
    // The README quotes the gap each reaches; a broken step would not get below these bounds.
    ["adam()", () => adam(), 5.5e-2],
    ["adamw()", () => adamw(), 6e-2],
    ["adam({ amsgrad: true })", () => adam({ amsgrad: true }), 1.2e-1],
  ])("%s with its default options does not diverge on raw iris in 10 000 iterations", (_, create, bound) => {
    const iris = irisProblem();
    const irisObjective = logisticObjective({ X: iris.X, y: iris.y, l2: iris.l2 });
    const result = minimize(irisObjective, create(), { maxIter: 10_000, tol: 0 });
    expect(result.reason).toBe("max-iterations");
    expect(Number.isFinite(result.loss)).toBe(true);
    expect((result.loss - iris.optimum.f) / iris.optimum.f).toBeLessThan(bound);
  });

  it("with a constant step, full-batch Adam leaves the optimum once the gradient reaches rounding level; AMSGrad stays", () => {
    const worstGapAfter = (options: AdamOptions, settled: number) => {
      let worst = 0;
      minimize(objective, adam(options), {
        maxIter: 5000,
        tol: 0,
        onProgress: (progress) => {
          if (progress.iteration >= settled) worst = Math.max(worst, gap(progress.loss));
        },
      });
      return worst;
    };
    // Both are below 1e-15 by step 500. Then v decays and Adam's step α m̂/(√v̂ + ε) grows towards α g/ε.
    expect(worstGapAfter({ learningRate: 0.5 }, 500)).toBeGreaterThan(1e-3);
    expect(worstGapAfter({ learningRate: 0.5, amsgrad: true }, 500)).toBeLessThan(1e-12);
  });

  it("refuses an AMSGrad state without nuMax", () => {
    const optimizer = adam({ amsgrad: true });
    const state = adam().init(2);
    let thrown: unknown;
    try {
      optimizer.step(Float64Array.of(0, 0), Float64Array.of(1, 1), 0, state, objective);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DescentError);
    expect((thrown as DescentError).code).toBe("INVALID_STATE");
  });

  it("reports its settings as plain data", () => {
    expect(adamw({ amsgrad: true }).hyperparameters).toEqual({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
      decoupled: true,
      amsgrad: true,
    });
    expect(adam().name).toBe("adam");
  });
});

describe("adam with an L1 penalty", () => {
  it("thresholds each coordinate at α λ1 / (√v̂ + ε): a proximal step in Adam's own metric", () => {
    const objective: Objective = {
      dim: 3,
      l1: 0.1,
      penalizedCount: 2,
      value: () => 0,
      valueAndGradient: () => 0,
    };
    const alpha = 0.01;
    const optimizer = adam({ learningRate: alpha });
    const state = optimizer.init(3);
    const theta = Float64Array.of(0.5, 0.009, 0.5);
    const gradient = [2, 0.5, 1];
    optimizer.step(theta, Float64Array.from(gradient), 0, state, objective);
    // After one step m̂ = g and v̂ = g², so d = |g| + ε and the Adam update is α g / (|g| + ε) ≈ α sign(g).
    const expected = gradient.map((g, j) => {
      const d = Math.abs(g) + 1e-8;
      const z = [0.5, 0.009, 0.5][j]! - (alpha * g) / d;
      if (j === 2) return z; // unpenalized
      const threshold = (alpha * 0.1) / d;
      return Math.sign(z) * Math.max(Math.abs(z) - threshold, 0) + 0;
    });
    for (let j = 0; j < 3; j++) expect(theta[j]).toBeCloseTo(expected[j]!, 15);
    // The second coordinate crossed zero within its threshold: exactly 0.
    expect(Object.is(theta[1], 0)).toBe(true);
    expect(Array.from(state[1].denominator)).toEqual(gradient.map((g) => Math.abs(g) + 1e-8));
  });
});
