import { join } from "node:path";
import { logisticObjective } from "@descent/core";
import {
  applyStandardization,
  fitStandardization,
  loadBreastCancer,
  referenceProblems,
} from "@descent/datasets";
import { afterAll, describe, expect, it } from "vitest";
import { inProcessDuckDBForTests, relativeError, temporaryDirectory, writeCsv } from "../test/files.js";
import { duckdbObjective, sqlLogisticObjective } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());
const engine = inProcessDuckDBForTests();

const iris = referenceProblems()[3]!;

describe("labels: any two values, sorted as scikit-learn sorts them", () => {
  const cases: [string, (target: number) => unknown, readonly unknown[]][] = [
    // Numerically, not as text ("10" < "9"): 10 is the positive class.
    ["numbers 9 and 10", (target) => (target === 1 ? 10 : 9), [9, 10]],
    ["numbers -1 and 1", (target) => (target === 1 ? 1 : -1), [-1, 1]],
    ["strings", (target) => (target === 1 ? "virginica" : "versicolor"), ["versicolor", "virginica"]],
    ["booleans", (target) => target === 1, [false, true]],
  ];

  it.each(cases)("%s: the second class is y = 1", async (name, toLabel, classes) => {
    const csv = join(directory.path, `labels-${name.replace(/\W+/g, "-")}.csv`);
    const features = writeCsv(csv, iris.X, Array.from(iris.y, toLabel));
    const objective = await sqlLogisticObjective(engine, {
      relation: { file: csv },
      label: "y",
      features,
      l2: iris.l2,
    });
    expect(objective.classes).toEqual(classes);
    const reference = logisticObjective({ X: iris.X, y: iris.y, l2: iris.l2 });
    const theta = Float64Array.from(iris.theta, (value) => value / 2);
    const grad = new Float64Array(objective.dim);
    const expectedGrad = new Float64Array(objective.dim);
    const f = await objective.valueAndGradientAsync(theta, grad);
    const expectedF = reference.valueAndGradient(theta, expectedGrad);
    expect(Math.abs(f - expectedF) / expectedF).toBeLessThanOrEqual(1e-12);
    expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
  });
});

describe("the same function as core's logisticObjective", () => {
  it("with a weight column: weights normalized to mean 1, as core's sampleWeight", async () => {
    const weights = Array.from(iris.y, (_, i) => 0.25 + (i % 7));
    const csv = join(directory.path, "weighted.csv");
    const features = writeCsv(csv, iris.X, iris.y, weights);
    const objective = await duckdbObjective({
      relation: { file: csv },
      label: "y",
      features,
      sampleWeight: "w",
      l2: iris.l2,
    });
    try {
      const reference = logisticObjective({ X: iris.X, y: iris.y, l2: iris.l2, sampleWeight: weights });
      const theta = Float64Array.from(iris.theta, (value) => value / 2);
      const d = objective.dim;
      const [grad, expectedGrad] = [new Float64Array(d), new Float64Array(d)];
      const f = objective.valueAndGradient(theta, grad);
      expect(Math.abs(f - reference.valueAndGradient(theta, expectedGrad)) / f).toBeLessThanOrEqual(1e-12);
      expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
      const [hessian, expectedHessian] = [new Float64Array(d * d), new Float64Array(d * d)];
      objective.hessian(theta, hessian);
      reference.hessian(theta, expectedHessian);
      expect(relativeError(hessian, expectedHessian)).toBeLessThanOrEqual(1e-12);
    } finally {
      objective.close();
    }
  });

  it("standardized by the engine: means and population scales as scikit-learn's StandardScaler", async () => {
    const raw = loadBreastCancer();
    const X = { data: raw.data, shape: raw.shape };
    const y = Float64Array.from(raw.labels, (label) => (label === "malignant" ? 1 : 0));
    const csv = join(directory.path, "raw-breast-cancer.csv");
    const features = writeCsv(csv, X, y);
    const objective = await duckdbObjective({
      relation: { file: csv },
      label: "y",
      features,
      standardize: true,
      l2: 1e-3,
    });
    try {
      const expected = fitStandardization(raw.data, raw.shape);
      // Means and variances are sums over 569 rows in another order: a few ulps of cancellation apart.
      expect(relativeError(objective.means!, expected.mean)).toBeLessThanOrEqual(1e-14);
      expect(relativeError(objective.scales!, expected.scale)).toBeLessThanOrEqual(1e-13);
      // Against core on the data standardized with the engine's constants: the same function.
      const standardized = applyStandardization(raw.data, raw.shape, {
        mean: objective.means!,
        scale: objective.scales!,
      });
      const reference = logisticObjective({ X: { data: standardized, shape: raw.shape }, y, l2: 1e-3 });
      const theta = Float64Array.from({ length: objective.dim }, (_, j) => Math.sin(j));
      const d = objective.dim;
      const [grad, expectedGrad, product, expectedProduct] = [d, d, d, d].map((n) => new Float64Array(n)) as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
      ];
      const f = objective.valueAndGradient(theta, grad);
      expect(Math.abs(f - reference.valueAndGradient(theta, expectedGrad)) / f).toBeLessThanOrEqual(1e-12);
      expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
      objective.hessianVectorProduct(theta, grad, product);
      reference.hessianVectorProduct(theta, grad, expectedProduct);
      expect(relativeError(product, expectedProduct)).toBeLessThanOrEqual(1e-12);
    } finally {
      objective.close();
    }
  });

  it("without an intercept", async () => {
    const csv = join(directory.path, "no-intercept.csv");
    const features = writeCsv(csv, iris.X, iris.y);
    const objective = await sqlLogisticObjective(engine, {
      relation: { file: csv },
      label: "y",
      features,
      fitIntercept: false,
      l2: iris.l2,
    });
    const reference = logisticObjective({ X: iris.X, y: iris.y, l2: iris.l2, fitIntercept: false });
    expect(objective.dim).toBe(4);
    const theta = Float64Array.from(iris.theta.subarray(0, 4));
    const [grad, expectedGrad] = [new Float64Array(4), new Float64Array(4)];
    const f = await objective.valueAndGradientAsync(theta, grad);
    expect(Math.abs(f - reference.valueAndGradient(theta, expectedGrad)) / f).toBeLessThanOrEqual(1e-12);
    expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
    const [hessian, expectedHessian] = [new Float64Array(16), new Float64Array(16)];
    await objective.hessianAsync(theta, hessian);
    reference.hessian(theta, expectedHessian);
    expect(relativeError(hessian, expectedHessian)).toBeLessThanOrEqual(1e-12);
  });

  it("logits of ±1e4 and beyond: no overflow, the same loss and gradient as core", async () => {
    // exp(1000) overflows a double: the two-branch softplus and sigmoid only ever take exp of −|z|.
    const csv = join(directory.path, "extreme.csv");
    const features = writeCsv(csv, iris.X, iris.y);
    const objective = await sqlLogisticObjective(engine, { relation: { file: csv }, label: "y", features });
    const reference = logisticObjective({ X: iris.X, y: iris.y });
    const theta = Float64Array.from([2000, -1500, 3000, -2500, 100]);
    const [grad, expectedGrad] = [new Float64Array(5), new Float64Array(5)];
    const f = await objective.valueAndGradientAsync(theta, grad);
    const expectedF = reference.valueAndGradient(theta, expectedGrad);
    expect(Number.isFinite(f) && f > 100).toBe(true);
    expect(Math.abs(f - expectedF) / expectedF).toBeLessThanOrEqual(1e-12);
    expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
  });

  it("rejects θ of the wrong length", async () => {
    const csv = join(directory.path, "length.csv");
    const features = writeCsv(csv, iris.X, iris.y);
    const objective = await sqlLogisticObjective(engine, { relation: { file: csv }, label: "y", features });
    await expect(objective.valueAsync(new Float64Array(3))).rejects.toMatchObject({
      code: "LENGTH_MISMATCH",
      message: "theta has 3 entries, but the objective has dimension 5.",
    });
  });
});
