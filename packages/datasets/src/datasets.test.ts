import { describe, expect, it } from "vitest";
import { applyStandardization, filterRows, fitStandardization, standardized } from "./dataset.js";
import { loadBreastCancer, loadIris } from "./loaders.js";
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
});
