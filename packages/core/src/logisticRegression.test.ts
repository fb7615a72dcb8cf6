import {
  breastCancerProblems,
  classWeightProblems,
  irisProblem,
  loadIris,
  type MultinomialReferenceProblem,
} from "@descent/datasets";
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
    expect(model.coefShape).toEqual([1, 30]);
    model.coef.forEach((w, j) => {
      expect(Math.abs(w - problem.optimum.w[j]!)).toBeLessThan(1e-5);
    });
    expect(model.intercept).toHaveLength(1);
    expect(Math.abs(model.intercept[0]! - problem.optimum.b)).toBeLessThan(1e-5);
  });

  it("predicts, scores and gives probabilities consistent with its logits", () => {
    const logits = model.decisionFunction(X);
    const probabilities = model.predictProba(X);
    const predictions = model.predict(X);
    for (let i = 0; i < X.length; i++) {
      // One row of two probabilities per sample, in classes order, as scikit-learn's predict_proba.
      expect(probabilities[i]).toHaveLength(2);
      expect(probabilities[i]![1]).toBeCloseTo(1 / (1 + Math.exp(-logits[i]!)), 15);
      expect(probabilities[i]![0]).toBeCloseTo(1 / (1 + Math.exp(logits[i]!)), 15);
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
    for (const i of positiveRows) expect(fitted.predictProba([points[i]!])[0]![1]).toBeGreaterThan(0.5);
    expect(fitted.predict(points)).toEqual(y);
  });

  it("sample weights change the fit as repeated rows do", () => {
    const points = [[0.5], [-0.3], [0.1], [1.2]];
    const y = [1, 0, 0, 1];
    const options = { optimizer: gradientDescent(1), l2: 0.1, maxIter: 5000, tol: 1e-12 };
    const weighted = new LogisticRegression(options).fit(points, y, { sampleWeight: [1, 3, 1, 1] });
    const repeated = new LogisticRegression(options).fit([...points, [-0.3], [-0.3]], [...y, 0, 0]);
    expect(weighted.coef[0]).toBeCloseTo(repeated.coef[0]!, 9);
    expect(weighted.intercept[0]).toBeCloseTo(repeated.intercept[0]!, 9);
  });

  it("without an intercept, the intercept is 0 and θ has one entry per feature", () => {
    const iris = irisProblem();
    const fitted = new LogisticRegression({
      optimizer: gradientDescent(1e-3),
      fitIntercept: false,
      maxIter: 50,
    }).fit(iris.X, Array.from(iris.y));
    expect(Array.from(fitted.intercept)).toEqual([0]);
    expect(fitted.result?.theta.length).toBe(4);
  });

  it("defaults λ to 1/Σ weights, scikit-learn's C = 1 (1/m without weights)", () => {
    const points = [[1], [2], [3], [4]];
    const fitted = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 1 }).fit(
      points,
      [0, 0, 1, 1],
    );
    expect(fitted.l2).toBe(0.25);
    const weighted = new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 1 }).fit(
      points,
      [0, 0, 1, 1],
      { sampleWeight: [1, 2, 3, 4] },
    );
    expect(weighted.l2).toBe(0.1);
    const classWeighted = new LogisticRegression({
      optimizer: gradientDescent(1),
      maxIter: 1,
      classWeight: { 1: 3 },
    }).fit(points, [0, 0, 1, 1], { sampleWeight: [1, 2, 3, 4] });
    // Σ sample weight × class weight = 1 + 2 + 3·3 + 4·3.
    expect(classWeighted.l2).toBe(1 / 24);
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
      ["a future version", { ...good, version: 3 }, /version 3 is not supported/],
      ["one class", { ...good, classes: ["a"] }, /two labels or more/],
      ["mixed classes", { ...good, classes: [0, "1"] }, /distinct labels of one type/],
      ["equal classes", { ...good, classes: ["a", "a"] }, /distinct labels/],
      ["a NaN coefficient", { ...good, coef: [[1, null, 2]] }, /coef\[0\]\[1\] is null/],
      ["no coefficients", { ...good, coef: [[]] }, /coef\[0\] must be a non-empty array/],
      ["a flat coef in version 2", { ...good, coef: [5] }, /coef\[0\] must be a non-empty array/],
      ["two rows for two classes", { ...good, coef: [[1], [2]] }, /coef must hold 1 row for 2 classes/],
      ["a string intercept", { ...good, intercept: ["0"] }, /intercept\[0\] is "0"/],
      ["an intercept number in version 2", { ...good, intercept: 0 }, /intercept must be a non-empty array/],
      [
        "a version 1 intercept array",
        { ...good, version: 1, coef: [1], intercept: [0] },
        /intercept is an array/,
      ],
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

/** softmax(W x_i + b) of every row at the reference optimum: scikit-learn's predict_proba. */
function referenceProbabilities(problem: MultinomialReferenceProblem): Float64Array[] {
  const [m, n] = problem.X.shape;
  return Array.from({ length: m }, (_, i) => {
    const z = problem.optimum.coef.map(
      (row, k) =>
        row.reduce((sum, w, j) => sum + w * problem.X.data[i * n + j]!, 0) + problem.optimum.intercept[k]!,
    );
    const max = Math.max(...z);
    const e = z.map((value) => Math.exp(value - max));
    const total = e.reduce((a, b) => a + b, 0);
    return Float64Array.from(e, (value) => value / total);
  });
}

describe("LogisticRegression with three classes or more", () => {
  const [wineBalanced] = classWeightProblems();
  const problem = wineBalanced!;
  const [m, n] = problem.X.shape;
  // Standardized wine at C = 1 is well-conditioned (κ ≈ 300): plain gradient descent with η = 1 reaches
  // ‖∇f‖∞ ≤ 1e-10 in a few thousand steps, which bounds the coefficients' error by about 1e-8.
  const model = new LogisticRegression<string>({
    optimizer: gradientDescent(1),
    classWeight: "balanced",
    tol: 1e-10,
    maxIter: 20_000,
  }).fit(problem.X, problem.labels);

  it("with classWeight 'balanced' fits scikit-learn's class_weight='balanced' optimum, at its default λ = 1/Σ weights", () => {
    expect(model.result?.converged).toBe(true);
    expect(model.classes).toEqual(["class_0", "class_1", "class_2"]);
    expect(model.l2).toBeCloseTo(problem.l2, 15);
    expect(model.coefShape).toEqual([3, n]);
    expect(model.intercept).toHaveLength(3);
    const coef = model.coef;
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < n; j++)
        expect(Math.abs(coef[k * n + j]! - problem.optimum.coef[k]![j]!)).toBeLessThan(1e-5);
      expect(Math.abs(model.intercept[k]! - problem.optimum.intercept[k]!)).toBeLessThan(1e-5);
    }
    const probabilities = model.predictProba(problem.X);
    const expected = referenceProbabilities(problem);
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < 3; k++)
        expect(Math.abs(probabilities[i]![k]! - expected[i]![k]!)).toBeLessThan(1e-6);
    }
  });

  it("predicts the class of the largest logit; probabilities are the softmax of decisionFunction and sum to 1", () => {
    const logits = model.decisionFunction(problem.X);
    expect(logits).toHaveLength(m * 3);
    const probabilities = model.predictProba(problem.X);
    const predictions = model.predict(problem.X);
    for (let i = 0; i < m; i++) {
      const z = logits.subarray(i * 3, i * 3 + 3);
      const best = z.indexOf(Math.max(...z));
      expect(predictions[i]).toBe(model.classes[best]);
      expect(probabilities[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
      const ratio = probabilities[i]![1]! / probabilities[i]![0]!;
      expect(Math.abs(ratio / Math.exp(z[1]! - z[0]!) - 1)).toBeLessThan(1e-13);
    }
    // Wine's cultivars are (nearly) separable once standardized: the fit gets every training row right.
    expect(model.score(problem.X, problem.labels)).toBe(1);
    expect(Math.abs(model.intercept.reduce((a, b) => a + b, 0))).toBeLessThan(1e-15);
  });

  it("round-trips through JSON version 2 to identical predictions", () => {
    const json = model.toJSON();
    expect(json.version).toBe(2);
    expect(json.coef).toHaveLength(3);
    expect(json.coef[0]).toHaveLength(n);
    const restored = LogisticRegression.fromJSON<string>(JSON.stringify(json));
    expect(restored.predictProba(problem.X)).toEqual(model.predictProba(problem.X));
    expect(restored.predict(problem.X)).toEqual(model.predict(problem.X));
    expect(restored.coef).toEqual(model.coef);
    expect(restored.intercept).toEqual(model.intercept);
    expect(restored.toJSON()).toEqual({ ...json, optimizer: null });
  });

  it("labels of any type sort as scikit-learn: numbers, strings and booleans", () => {
    const iris = loadIris();
    const codes = iris.labels.map((label) => ["setosa", "versicolor", "virginica"].indexOf(label));
    const numeric = codes.map((code) => [10, -2, 3.5][code]!);
    const fitted = new LogisticRegression({ optimizer: gradientDescent(0.01), maxIter: 50 }).fit(
      { data: iris.data, shape: iris.shape },
      numeric,
    );
    expect(fitted.classes).toEqual([-2, 3.5, 10]);
    expect(fitted.predictProba([[5, 3, 1.5, 0.2]])[0]).toHaveLength(3);
  });

  it("refuses a class weight for a label y does not have, or a bad weight", () => {
    const fit = (classWeight: unknown) => () =>
      new LogisticRegression({
        optimizer: gradientDescent(1),
        maxIter: 1,
        classWeight: classWeight as "balanced",
      }).fit([[1], [2], [3]], ["a", "b", "c"]);
    expect(caught(fit({ d: 2 }))).toMatchObject({ code: "INVALID_OPTION", value: "d" });
    expect(caught(fit({ a: -1 }))).toMatchObject({ code: "INVALID_OPTION", value: -1 });
    expect(caught(fit("balance"))).toMatchObject({ code: "INVALID_OPTION" });
    expect(fit({ a: 2 })()).toBeInstanceOf(LogisticRegression);
  });

  it("refuses a single class with NOT_TWO_CLASSES", () => {
    const fit = () =>
      new LogisticRegression({ optimizer: gradientDescent(1), maxIter: 1 }).fit([[1], [2]], ["a", "a"]);
    expect(caught(fit).code).toBe("NOT_TWO_CLASSES");
  });
});

describe("LogisticRegression.fromJSON reads version 1", () => {
  it("a binary model written by descent 0.1 predicts as it did", () => {
    const version1 = {
      format: "descent.LogisticRegression",
      version: 1,
      classes: ["no", "yes"],
      coef: [0.5, -1.25],
      intercept: 0.25,
      fitIntercept: true,
      l2: 0.01,
      optimizer: { name: "newton", hyperparameters: { mode: "exact" } },
    };
    const model = LogisticRegression.fromJSON<string>(JSON.stringify(version1));
    expect(model.classes).toEqual(["no", "yes"]);
    expect(Array.from(model.coef)).toEqual([0.5, -1.25]);
    expect(model.coefShape).toEqual([1, 2]);
    expect(Array.from(model.intercept)).toEqual([0.25]);
    const z = 0.5 * 2 - 1.25 * 1 + 0.25;
    expect(Array.from(model.decisionFunction([[2, 1]]))).toEqual([z]);
    expect(model.predictProba([[2, 1]])[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
    const points = [
      [2, 1],
      [-2, -1],
    ];
    expect(Array.from(model.decisionFunction(points))).toEqual([0, 0.5]);
    // A logit of exactly 0 is the negative class, as scikit-learn's `decision_function > 0`.
    expect(model.predict(points)).toEqual(["no", "yes"]);
    // Written back, it is a version 2 model of one row.
    expect(model.toJSON()).toMatchObject({ version: 2, coef: [[0.5, -1.25]], intercept: [0.25] });
  });
});
