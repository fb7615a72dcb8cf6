import { breastCancerProblems, irisProblem } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { DescentError } from "./errors.js";
import { LogisticRegression } from "./logisticRegression.js";
import { DenseMatrix, Float32DenseMatrix } from "./matrix.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate } from "./transforms.js";

// Core has no optimizer of its own (they are plugins); plain gradient descent built from core's
// transforms is enough to exercise the estimator.
const gradientDescent = (learningRate: number) =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(learningRate)), {
    learningRate,
  });

function rowsOf(data: Float64Array, shape: readonly [number, number]): number[][] {
  return Array.from({ length: shape[0] }, (_, i) =>
    Array.from(data.subarray(i * shape[1], (i + 1) * shape[1])),
  );
}

describe("LogisticRegression", () => {
  const problem = breastCancerProblems()[1]!;
  const X = rowsOf(problem.X.data, problem.X.shape);
  const labels = Array.from(problem.y, (target) => (target === 1 ? "malignant" : "benign"));

  const model = new LogisticRegression<string>({
    optimizer: gradientDescent(2),
    l2: problem.l2,
    tol: 1e-9,
    maxIter: 20_000,
  }).fit(X, labels);

  it("fits scikit-learn's optimum from string labels", () => {
    expect(model.result?.converged).toBe(true);
    expect(model.classes).toEqual(["benign", "malignant"]);
    // Gradient ∞-norm 1e-9 with the Hessian's smallest eigenvalue ≥ λ = 1e-3 bounds ‖θ − θ*‖ by about 1e-6.
    model.coef.forEach((w, j) => {
      expect(Math.abs(w - problem.optimum.w[j]!)).toBeLessThan(1e-5);
    });
    expect(Math.abs(model.intercept - problem.optimum.b)).toBeLessThan(1e-5);
  });

  it("predicts, scores and gives probabilities consistent with its logits", () => {
    const logits = model.decisionFunction(X);
    const probabilities = model.predictProba(X);
    const predictions = model.predict(X);
    for (let i = 0; i < X.length; i++) {
      expect(probabilities[i]).toBeCloseTo(1 / (1 + Math.exp(-logits[i]!)), 15);
      expect(predictions[i]).toBe(logits[i]! > 0 ? "malignant" : "benign");
    }
    const accuracy = predictions.filter((label, i) => label === labels[i]).length / labels.length;
    expect(model.score(X, labels)).toBe(accuracy);
    // Breast cancer is nearly separable: any reasonable fit classifies ≥ 98 % of its training rows.
    expect(accuracy).toBeGreaterThan(0.98);
  });

  it("round-trips through JSON to identical predictions", () => {
    const text = JSON.stringify(model);
    const restored = LogisticRegression.fromJSON<string>(text);
    expect(restored.predictProba(X)).toEqual(model.predictProba(X));
    expect(restored.predict(X)).toEqual(model.predict(X));
    expect(restored.coef).toEqual(model.coef);
    expect(restored.classes).toEqual(model.classes);
    expect(LogisticRegression.fromJSON(JSON.parse(text)).toJSON()).toEqual({
      ...model.toJSON(),
      optimizer: null,
    });
  });

  it.each([
    [
      [0, 1, 1, 0],
      [0, 1],
    ],
    [
      [true, false, true, false],
      [false, true],
    ],
    [
      [3.5, -1, -1, 3.5],
      [-1, 3.5],
    ],
    [
      ["yes", "no", "yes", "no"],
      ["no", "yes"],
    ],
  ])("labels %j: classes sorted as scikit-learn, the second positive", (y, classes) => {
    // Separable: the positive class sits at x > 0.
    const points = y.map((label, i) => [(label === classes[1] ? 1 : -1) * (1 + i / 4)]);
    const fitted = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 200 }).fit(points, y);
    expect(fitted.classes).toEqual(classes);
    const positiveRows = y.map((label, i) => (label === classes[1] ? i : -1)).filter((i) => i >= 0);
    for (const i of positiveRows) expect(fitted.predictProba([points[i]!])[0]).toBeGreaterThan(0.5);
    expect(fitted.predict(points)).toEqual(y);
  });

  it("sample weights change the fit as repeated rows do", () => {
    const points = [[0.5], [-0.3], [0.1], [1.2]];
    const y = [1, 0, 0, 1];
    const options = { optimizer: gradientDescent(1), l2: 0.1, maxIter: 5000, tol: 1e-12 };
    const weighted = new LogisticRegression(options).fit(points, y, { sampleWeight: [1, 3, 1, 1] });
    const repeated = new LogisticRegression(options).fit([...points, [-0.3], [-0.3]], [...y, 0, 0]);
    expect(weighted.coef[0]).toBeCloseTo(repeated.coef[0]!, 9);
    expect(weighted.intercept).toBeCloseTo(repeated.intercept, 9);
  });

  it("without an intercept, the intercept is 0 and θ has one entry per feature", () => {
    const iris = irisProblem();
    const fitted = new LogisticRegression({
      optimizer: gradientDescent(1e-3),
      fitIntercept: false,
      maxIter: 50,
    }).fit(iris.X, Array.from(iris.y));
    expect(fitted.intercept).toBe(0);
    expect(fitted.result?.theta.length).toBe(4);
  });

  it("defaults λ to 1/m, scikit-learn's C = 1", () => {
    const fitted = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 1 }).fit(
      [[1], [2], [3], [4]],
      [0, 0, 1, 1],
    );
    expect(fitted.l2).toBe(0.25);
  });

  it("stops when its signal aborts, keeping the last θ", () => {
    const controller = new AbortController();
    const fitted = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 1000, tol: 0 }).fit(
      X,
      labels,
      {
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.iteration === 7) controller.abort();
        },
      },
    );
    expect(fitted.result?.reason).toBe("aborted");
    expect(fitted.result?.iterations).toBe(7);
  });

  describe("fromJSON refuses malformed models", () => {
    const good = model.toJSON();
    it.each([
      ["not JSON", "{ nope", /not JSON/],
      ["an array", "[]", /expected an object/],
      ["another format", { ...good, format: "sklearn" }, /format is "sklearn"/],
      ["a future version", { ...good, version: 2 }, /version 2 is not supported/],
      ["one class", { ...good, classes: ["a"] }, /exactly two labels/],
      ["mixed classes", { ...good, classes: [0, "1"] }, /two distinct labels of one type/],
      ["equal classes", { ...good, classes: ["a", "a"] }, /two distinct labels/],
      ["a NaN coefficient", { ...good, coef: [1, null, 2] }, /coef\[1\] is null/],
      ["no coefficients", { ...good, coef: [] }, /coef must be a non-empty array/],
      ["a string intercept", { ...good, intercept: "0" }, /intercept is "0"/],
      ["a negative l2", { ...good, l2: -1 }, /l2 is -1/],
    ])("%s", (_, json, message) => {
      let error: unknown;
      try {
        LogisticRegression.fromJSON(json);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(DescentError);
      expect((error as DescentError).code).toBe("INVALID_MODEL_JSON");
      expect((error as DescentError).message).toMatch(message);
    });
  });
});

describe("LogisticRegression on matrices built by hand", () => {
  it("refuses to predict from a matrix holding a non-finite value, with its row and column, instead of a NaN", () => {
    const model = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 20 }).fit(
      [
        [0, 1],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
      [0, 1, 1, 0],
    );
    const loaded = new DenseMatrix(Float64Array.of(1, 0.5, 0, 1), 2, 2);
    loaded.data[3] = Number.NaN; // written after it was made, as a loader would
    const loaded32 = new Float32DenseMatrix(Float32Array.of(1, Number.POSITIVE_INFINITY, 0, 1), 2, 2);
    const byHand = new DenseMatrix(Float64Array.of(1, 0.5, Number.NEGATIVE_INFINITY, 1), 2, 2);
    const cases = [
      { X: loaded, row: 1, column: 1, value: Number.NaN },
      { X: loaded32, row: 0, column: 1, value: Number.POSITIVE_INFINITY },
      { X: byHand, row: 1, column: 0, value: Number.NEGATIVE_INFINITY },
    ];
    for (const { X, row, column, value } of cases) {
      for (const predictFrom of [
        () => model.decisionFunction(X),
        () => model.predictProba(X),
        () => model.predict(X),
        () => model.score(X, [0, 1]),
      ]) {
        expect(caught(predictFrom)).toMatchObject({ code: "NON_FINITE_VALUE", row, column, value });
      }
    }
  });
});
