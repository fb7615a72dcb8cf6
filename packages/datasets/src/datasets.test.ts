import { describe, expect, it } from "vitest";
import { applyStandardization, filterRows, fitStandardization, standardized } from "./dataset.js";
import { loadBreastCancer, loadDigits, loadIris, loadWine } from "./loaders.js";
import { multinomialReferenceProblems, scaledDigits } from "./multinomialProblems.js";
import { referenceProblems } from "./referenceProblems.js";

describe("datasets", () => {
  it("load with the shapes and class counts of the UCI originals", () => {
    const cancer = loadBreastCancer();
    expect(cancer.shape).toEqual([569, 30]);
    expect(cancer.labels.filter((label) => label === "malignant")).toHaveLength(212);
    expect(cancer.data[0]).toBe(17.99);
    const iris = loadIris();
    expect(iris.shape).toEqual([150, 4]);
    expect(iris.classNames).toEqual(["setosa", "versicolor", "virginica"]);
  });

  it("each load is an independent copy", () => {
    const first = loadIris();
    first.data[0] = 99;
    expect(loadIris().data[0]).toBe(5.1);
  });

  it("standardization gives columns of mean 0 and population variance 1", () => {
    const { data, shape } = standardized(loadBreastCancer());
    for (let j = 0; j < shape[1]; j++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < shape[0]; i++) {
        sum += data[i * shape[1] + j]!;
        squares += data[i * shape[1] + j]! ** 2;
      }
      expect(Math.abs(sum / shape[0])).toBeLessThan(1e-13);
      expect(squares / shape[0]).toBeCloseTo(1, 12);
    }
  });

  it("standardizes to the bit as the row-major formula does (the reference optima were found on that)", () => {
    const { data, shape } = loadBreastCancer();
    const [rows, columns] = shape;
    // The plain formula, row by row: every column's sums in row order, then (x − mean) / scale.
    const mean = new Float64Array(columns);
    const scale = new Float64Array(columns);
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) mean[j]! += data[i * columns + j]!;
    for (let j = 0; j < columns; j++) mean[j]! /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        const centered = data[i * columns + j]! - mean[j]!;
        scale[j]! += centered * centered;
      }
    }
    for (let j = 0; j < columns; j++) scale[j] = Math.sqrt(scale[j]! / rows) || 1;
    const expected = data.map((value, at) => (value - mean[at % columns]!) / scale[at % columns]!);
    const fitted = fitStandardization(data, shape);
    expect(fitted.mean).toEqual(mean);
    expect(fitted.scale).toEqual(scale);
    expect(standardized(loadBreastCancer()).data).toEqual(expected);
  });

  it("a standardization fitted on one split applies to another", () => {
    const train = Float64Array.of(1, 10, 3, 30);
    const scaler = fitStandardization(train, [2, 2]);
    expect(Array.from(scaler.mean)).toEqual([2, 20]);
    expect(Array.from(applyStandardization(Float64Array.of(4, 0), [1, 2], scaler))).toEqual([2, -2]);
  });

  it("filterRows keeps the chosen rows and classes", () => {
    const twoClasses = filterRows(loadIris(), (label) => label !== "setosa");
    expect(twoClasses.shape).toEqual([100, 4]);
    expect(twoClasses.classNames).toEqual(["versicolor", "virginica"]);
    expect(twoClasses.data[0]).toBe(7);
  });

  it("reference problems carry their λ and optimum", () => {
    const problems = referenceProblems();
    expect(problems.map((problem) => problem.l2)).toEqual([0.01, 0.001, 0.0001, 0.01]);
    for (const problem of problems) {
      expect(problem.theta).toHaveLength(problem.X.shape[1] + 1);
      expect(problem.y).toHaveLength(problem.X.shape[0]);
    }
  });

  it("wine and digits load as scikit-learn bundles them", () => {
    const wine = loadWine();
    expect(wine.shape).toEqual([178, 13]);
    expect(wine.classNames).toEqual(["class_0", "class_1", "class_2"]);
    expect(wine.classNames.map((name) => wine.labels.filter((label) => label === name).length)).toEqual([
      59, 71, 48,
    ]);
    expect(wine.data[0]).toBe(14.23);
    expect(wine.data[12]).toBe(1065);
    const digits = loadDigits();
    expect(digits.shape).toEqual([1797, 64]);
    expect(digits.classNames).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(digits.labels.slice(0, 3)).toEqual(["0", "1", "2"]);
    expect(Math.max(...digits.data)).toBe(16);
    expect(Math.max(...scaledDigits().data)).toBe(1);
  });

  it("multinomial reference problems carry sorted classes, λ = 1/(C Σ weights) and a centered optimum", () => {
    for (const problem of multinomialReferenceProblems()) {
      const [m, n] = problem.X.shape;
      const K = problem.classes.length;
      expect([...problem.classes].sort()).toEqual(problem.classes);
      expect(problem.theta).toHaveLength(K * (n + 1));
      expect(problem.y).toHaveLength(m);
      for (let i = 0; i < m; i++) expect(problem.classes[problem.y[i]!]).toBe(problem.labels[i]);
      const totalWeight = problem.sampleWeight === null ? m : problem.sampleWeight.reduce((a, b) => a + b, 0);
      expect(problem.l2).toBeCloseTo(1 / (problem.optimum.C * totalWeight), 15);
      expect(Math.abs(problem.optimum.intercept.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
    }
  });
});
