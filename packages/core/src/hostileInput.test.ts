import { breastCancerProblems } from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { isDescentError } from "./errors.js";
import { logisticObjective } from "./logisticObjective.js";
import { LogisticRegression } from "./logisticRegression.js";
import { minimize } from "./minimize.js";
import { multinomialObjective } from "./multinomialObjective.js";
import { sigmoid } from "./numerics.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate, trace } from "./transforms.js";

// Issue 13's silent wrong results and unclear errors, each pinned by a test that failed before its fix.

const gradientDescent = (learningRate = 1) =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(learningRate)), {
    learningRate,
  });
const problem = breastCancerProblems()[0]!;
const labels = Array.from(problem.y);

describe("sample weights at the ends of the double range", () => {
  const fit = (sampleWeight?: Float64Array) =>
    new LogisticRegression({ optimizer: gradientDescent(2), l2: problem.l2, maxIter: 50, tol: 0 }).fit(
      problem.X,
      labels,
      sampleWeight === undefined ? {} : { sampleWeight },
    );
  const unweighted = fit();
  for (const weight of [1e308, 5e-324]) {
    it(`all equal to ${weight}: the same model as without weights (not θ = 0, not "diverged")`, () => {
      const model = fit(new Float64Array(problem.y.length).fill(weight));
      expect(model.result?.reason).toBe("max-iterations");
      model.coef.forEach((w, j) => {
        expect(Math.abs(w - unweighted.coef[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
      });
    });
  }
});

describe("no intermediate overflow", () => {
  it("with l2 = 0, f stays a number where ‖w‖² overflows", () => {
    const objective = logisticObjective({ X: [[1e-300], [-1e-300]], y: [1, 0], l2: 0 });
    const f = objective.value(Float64Array.of(1e200, 0));
    expect(Number.isNaN(f)).toBe(false);
  });

  it("predictProba is a probability for finite input whose products overflow to +∞ and −∞", () => {
    const model = LogisticRegression.fromJSON({
      format: "descent.LogisticRegression",
      version: 2,
      classes: [0, 1],
      coef: [[1e200, 1e200]],
      intercept: [0.5],
      fitIntercept: true,
      l2: 0,
      optimizer: null,
    });
    const [cancelling, positive, negative] = model.predictProba([
      [1e200, -1e200],
      [1e200, -1e199],
      [-1e200, 1e199],
    ]);
    // +∞ and −∞ that cancel exactly leave the intercept.
    expect(Array.from(cancelling!)).toEqual([sigmoid(-0.5), sigmoid(0.5)]);
    expect(Array.from(positive!)).toEqual([0, 1]);
    expect(Array.from(negative!)).toEqual([1, 0]);
  });
});

describe("score refuses weights that would leave [0, 1]", () => {
  const model = new LogisticRegression({ optimizer: gradientDescent(), maxIter: 20 }).fit(problem.X, labels);
  for (const [what, weights] of [
    ["all zero", new Float64Array(labels.length)],
    ["a NaN", Float64Array.from(labels, (_, i) => (i === 3 ? Number.NaN : 1))],
    ["a negative", Float64Array.from(labels, (_, i) => (i === 5 ? -1 : 1))],
  ] as const) {
    it(`${what}: INVALID_SAMPLE_WEIGHT`, () => {
      expect(caught(() => model.score(problem.X, labels, weights)).code).toBe("INVALID_SAMPLE_WEIGHT");
    });
  }
  it("huge weights still give an accuracy in [0, 1]", () => {
    const accuracy = model.score(problem.X, labels, new Float64Array(labels.length).fill(1e308));
    expect(accuracy).toBe(model.score(problem.X, labels));
  });
});

describe("objective methods check their buffers", () => {
  const objectives = [
    logisticObjective({ X: problem.X, y: problem.y }),
    multinomialObjective({ X: [[1], [2], [3]], y: [0, 1, 2], classes: 3 }),
  ];
  for (const objective of objectives) {
    const d = objective.dim;
    const short = new Float64Array(d - 1);
    const theta = new Float64Array(d);
    const rows = Int32Array.of(0, 1);
    it(`${objective.constructor.name}: a θ, gradient, v or output of the wrong length, or a bad window, is LENGTH_MISMATCH`, () => {
      for (const call of [
        () => objective.value(short),
        () => objective.valueAndGradient(theta, short),
        () => objective.valueAndGradient(short, theta),
        () => objective.hessianVectorProduct?.(theta, short, theta),
        () => objective.hessian?.(theta, new Float64Array(d)),
        () => objective.valueOnRows(theta, rows, 0, 3),
        () => objective.valueOnRows(theta, Int32Array.of(0, 99_999), 0, 2),
        () => objective.valueAndGradientOnRows(theta, theta, rows, 1, 1),
        () => objective.value([0, 0] as never),
      ]) {
        expect(caught(call).code).toBe("LENGTH_MISMATCH");
      }
    });
  }
});

describe("persistence is validated, copied and never aliased", () => {
  const model = new LogisticRegression({ optimizer: gradientDescent(), maxIter: 10 }).fit(problem.X, labels);

  it("fromJSON reads a getter once: a coef that passes the checks cannot turn into NaN afterwards", () => {
    let reads = 0;
    const json = { ...model.toJSON() };
    Object.defineProperty(json, "coef", {
      enumerable: true,
      get: () => (reads++ === 0 ? model.toJSON().coef : [[Number.NaN]]),
    });
    const restored = LogisticRegression.fromJSON(json);
    expect(reads).toBe(1);
    expect(Array.from(restored.coef)).toEqual(Array.from(model.coef));
  });

  it("fromJSON refuses NaN and infinite classes", () => {
    for (const classes of [
      [Number.NaN, 1],
      [0, Number.POSITIVE_INFINITY],
    ]) {
      expect(caught(() => LogisticRegression.fromJSON({ ...model.toJSON(), classes })).code).toBe(
        "INVALID_MODEL_JSON",
      );
    }
  });

  it("neither the caller's classes nor model.classes can change the model's predictions", () => {
    const classes = ["no", "yes"];
    const restored = LogisticRegression.fromJSON({ ...model.toJSON(), classes });
    const before = restored.predict(problem.X);
    classes[0] = "changed";
    (restored.classes as string[])[1] = "changed too";
    expect(restored.predict(problem.X)).toEqual(before);
    expect(restored.classes).toEqual(["no", "yes"]);
  });
});

describe("checkpoints and progress", () => {
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });

  it("a checkpoint from another optimizer, another problem, or none at all is INVALID_STATE saying what differs", () => {
    const momentum = gradientTransformationOptimizer("heavy ball", trace({ decay: 0.9 }), {});
    const fromMomentum = minimize(objective, momentum, { maxIter: 3 }).checkpoint;
    const plain = minimize(objective, gradientDescent(), { maxIter: 3 }).checkpoint;
    const otherProblem = logisticObjective({ X: [[1, 2]], y: [1] });
    const cases: [unknown, RegExp][] = [
      [fromMomentum, /optimizerState/],
      [undefined as unknown, /./],
      [{}, /theta is undefined/],
      [{ ...plain, iteration: -1 }, /iteration is -1, not a count/],
      [{ ...plain, theta: new Float64Array(plain.theta.length).fill(Number.NaN) }, /theta\[0\] is NaN/],
    ];
    for (const [checkpoint, message] of cases) {
      if (checkpoint === undefined) continue;
      const error = caught(() =>
        minimize(objective, gradientDescent(), { resumeFrom: checkpoint as typeof plain }),
      );
      expect(error.code).toBe("INVALID_STATE");
      expect(error.message).toMatch(message);
    }
    expect(caught(() => minimize(otherProblem, gradientDescent(), { resumeFrom: plain })).message).toMatch(
      /dimension 3/,
    );
  });

  it("a NaN written into progress.theta does not reach the run", () => {
    const result = minimize(objective, gradientDescent(), {
      maxIter: 20,
      onProgress(progress) {
        progress.theta.fill(Number.NaN);
      },
    });
    expect(result.theta.every(Number.isFinite)).toBe(true);
    expect(result.reason).toBe("max-iterations");
  });

  it("progressEvery must be a whole number ≥ 1", () => {
    for (const progressEvery of [0, 1.5, Number.NaN]) {
      expect(caught(() => minimize(objective, gradientDescent(), { progressEvery })).code).toBe(
        "INVALID_OPTION",
      );
    }
  });
});

describe("misspelt options are refused, with the nearest known name", () => {
  it.each([
    [
      "LogisticRegression",
      () => new LogisticRegression({ optimizer: gradientDescent(), maxiter: 5 } as never),
      "maxIter",
    ],
    [
      "minimize",
      () =>
        minimize(logisticObjective({ X: [[1], [2]], y: [0, 1] }), gradientDescent(), { maxiter: 5 } as never),
      "maxIter",
    ],
    [
      "logisticObjective",
      () => logisticObjective({ X: [[1], [2]], y: [0, 1], sampleweight: [1, 1] } as never),
      "sampleWeight",
    ],
  ])("%s", (_, action, suggestion) => {
    const error = caught(action);
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toContain(`did you mean "${suggestion}"?`);
  });
});

it("0.1's threads and precision options of logisticObjective are refused, saying they belong to kernels() now", () => {
  for (const option of [{ threads: 2 }, { precision: "float32" }]) {
    const error = caught(() => logisticObjective({ X: [[1], [2]], y: [0, 1], ...option } as never));
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toMatch(/backend: kernels\(\{ (threads|precision) \}\)/);
  }
});

describe("every public entry point returns finite numbers or throws a DescentError", () => {
  // Hostile numbers anywhere in X, y, weights and options: the estimator never returns NaN and never
  // throws anything but a DescentError.
  const hostileNumber = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY),
  );
  it("LogisticRegression fit, predictProba, decisionFunction and score", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(hostileNumber, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 6 }),
        fc.option(fc.array(hostileNumber, { minLength: 1, maxLength: 6 }), { nil: undefined }),
        fc.option(hostileNumber, { nil: undefined }),
        (X, y, sampleWeight, l2) => {
          try {
            const model = new LogisticRegression({
              optimizer: gradientDescent(0.5),
              maxIter: 20,
              ...(l2 === undefined ? {} : { l2 }),
            }).fit(X, y, sampleWeight === undefined ? {} : { sampleWeight });
            for (const row of model.predictProba(X))
              for (const p of row) expect(Number.isFinite(p)).toBe(true);
            for (const z of model.decisionFunction(X)) expect(Number.isNaN(z)).toBe(false);
            const accuracy = model.score(X, y);
            expect(accuracy >= 0 && accuracy <= 1).toBe(true);
          } catch (error) {
            if (!isDescentError(error)) throw error;
          }
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});
