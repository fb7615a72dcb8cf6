import { join } from "node:path";
import { multinomialObjective } from "@descent/core";
import { applyStandardization, irisMultinomialProblems } from "@descent/datasets";
import { afterAll, describe, expect, it } from "vitest";
import { inProcessDuckDBForTests, relativeError, temporaryDirectory, writeCsv } from "../test/files.js";
import { sqlLogisticObjective, sqlMultinomialObjective } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());
const engine = inProcessDuckDBForTests();

const iris = irisMultinomialProblems()[0]!;

describe("sqlMultinomialObjective over a user's SqlEngine (asynchronous passes)", () => {
  it("labels of any type map to class indices in scikit-learn's order: numbers numerically, text by code unit", async () => {
    // "10" < "9" as text, 9 < 10 as numbers: classes sort numerically.
    const cases: [string, (k: number) => number | string, (number | string)[]][] = [
      ["numbers", (k) => [9, 10, -1][k]!, [-1, 9, 10]],
      ["strings", (k) => ["b", "a", "C"][k]!, ["C", "a", "b"]],
    ];
    for (const [name, toLabel, classes] of cases) {
      const csv = join(directory.path, `labels-${name}.csv`);
      const features = writeCsv(csv, iris.X, Array.from(iris.y, toLabel));
      const objective = await sqlMultinomialObjective(engine, {
        relation: { file: csv },
        label: "y",
        features,
        l2: iris.l2,
      });
      expect(objective.classes).toEqual(classes);
      // The reference with y re-indexed into the sorted classes.
      const y = Int32Array.from(iris.y, (k) => classes.indexOf(toLabel(k)));
      const reference = multinomialObjective({ X: iris.X, y, classes: 3, l2: iris.l2 });
      const theta = Float64Array.from({ length: objective.dim }, (_, j) => Math.sin(3 * j + 1));
      const [grad, expectedGrad] = [new Float64Array(objective.dim), new Float64Array(objective.dim)];
      const f = await objective.valueAndGradientAsync(theta, grad);
      const expectedF = reference.valueAndGradient(theta, expectedGrad);
      expect(Math.abs(f - expectedF) / expectedF).toBeLessThanOrEqual(1e-12);
      expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
      const [hessian, expectedHessian] = [
        new Float64Array(objective.dim ** 2),
        new Float64Array(objective.dim ** 2),
      ];
      await objective.hessianAsync(theta, hessian);
      reference.hessian(theta, expectedHessian);
      expect(relativeError(hessian, expectedHessian)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("standardized by the engine, without intercepts: core's function on the engine's standardization", async () => {
    const csv = join(directory.path, "iris.csv");
    const features = writeCsv(csv, iris.X, iris.labels);
    const objective = await sqlMultinomialObjective(engine, {
      relation: { file: csv },
      label: "y",
      features,
      standardize: true,
      fitIntercept: false,
      l2: 0.1,
    });
    expect(objective.dim).toBe(3 * 4);
    expect(objective.penalizedCount).toBe(12);
    const standardized = applyStandardization(iris.X.data, iris.X.shape, {
      mean: objective.means!,
      scale: objective.scales!,
    });
    const reference = multinomialObjective({
      X: { data: standardized, shape: iris.X.shape },
      y: iris.y,
      classes: 3,
      fitIntercept: false,
      l2: 0.1,
    });
    const theta = Float64Array.from({ length: objective.dim }, (_, j) => Math.cos(j));
    const v = Float64Array.from({ length: objective.dim }, (_, j) => Math.sin(j));
    const [product, expectedProduct] = [new Float64Array(12), new Float64Array(12)];
    await objective.hessianVectorProductAsync(theta, v, product);
    reference.hessianVectorProduct(theta, v, expectedProduct);
    expect(relativeError(product, expectedProduct)).toBeLessThanOrEqual(1e-12);
    const expectedF = reference.value(theta);
    expect(Math.abs((await objective.valueAsync(theta)) - expectedF) / expectedF).toBeLessThanOrEqual(1e-12);
  });

  it("given classes: one without rows in this file is a class all the same (K = 4 here)", async () => {
    const csv = join(directory.path, "iris-given.csv");
    const features = writeCsv(csv, iris.X, iris.labels);
    const objective = await sqlMultinomialObjective(engine, {
      relation: { file: csv },
      label: "y",
      features,
      classes: ["zebra", "virginica", "setosa", "versicolor"],
      l2: iris.l2,
    });
    expect(objective.classes).toEqual(["setosa", "versicolor", "virginica", "zebra"]);
    const reference = multinomialObjective({ X: iris.X, y: iris.y, classes: 4, l2: iris.l2 });
    const theta = Float64Array.from({ length: objective.dim }, (_, j) => Math.sin(2 * j));
    const [grad, expectedGrad] = [new Float64Array(objective.dim), new Float64Array(objective.dim)];
    const f = await objective.valueAndGradientAsync(theta, grad);
    const expectedF = reference.valueAndGradient(theta, expectedGrad);
    expect(Math.abs(f - expectedF) / expectedF).toBeLessThanOrEqual(1e-12);
    expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(1e-12);
  });

  it("given classes on the binary objective: exactly two, sorted, the second the positive class", async () => {
    const csv = join(directory.path, "binary-given.csv");
    const y = Array.from(iris.y, (k) => (k === 2 ? 1 : 0));
    const features = writeCsv(csv, iris.X, y);
    const objective = await sqlLogisticObjective(engine, {
      relation: { file: csv },
      label: "y",
      features,
      classes: [1, 0],
    });
    expect(objective.classes).toEqual([0, 1]);
    await expect(
      sqlLogisticObjective(engine, { relation: { file: csv }, label: "y", features, classes: [0, 1, 2] }),
    ).rejects.toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringContaining("classes must list exactly two labels"),
    });
  });

  it.each([
    [
      ["setosa", "versicolor"],
      "INVALID_LABEL",
      'has 50 rows whose label is none of the given classes ("setosa", "versicolor").',
    ],
    [[1, 2, 3], "INVALID_OPTION", 'classes[0] is 1; label column "y" of the file'],
    [["setosa", "setosa"], "INVALID_OPTION", 'classes lists "setosa" twice.'],
    [["setosa"], "INVALID_OPTION", 'classes must list at least two labels of column "y", got'],
  ])("given classes %j: refused with %s", async (classes, code, message) => {
    const csv = join(directory.path, "iris-given.csv");
    const features = writeCsv(csv, iris.X, iris.labels);
    await expect(
      sqlMultinomialObjective(engine, {
        relation: { file: csv },
        label: "y",
        features,
        classes: classes as string[],
      }),
    ).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
  });

  it("refuses a label of one class, naming the column", async () => {
    const csv = join(directory.path, "one-class.csv");
    const features = writeCsv(
      csv,
      iris.X,
      Array.from(iris.y, () => "setosa"),
    );
    await expect(
      sqlMultinomialObjective(engine, { relation: { file: csv }, label: "y", features }),
    ).rejects.toMatchObject({
      code: "NOT_TWO_CLASSES",
      message: expect.stringContaining(
        `label column "y" of the file ${JSON.stringify(csv)} has a single class ("setosa")`,
      ),
    });
  });
});
