import { crossValidatePath, encodeLabels, logisticObjective, regularizationPath } from "@descent/core";
import { loadBreastCancer, loadIris } from "@descent/datasets";
import { newton } from "@descent/newton";
import { describe, expect, it } from "vitest";
import { fromDataset, prepareData } from "../shared/labelledData.js";
import type { ComputePath, PathPicture } from "./pathProtocol.js";
import { computePath, handlePathMessage } from "./pathSession.js";

// What the page sends for breast cancer with all 30 features: the same split as the page's plane.
const dataset = loadBreastCancer();
const prepared = prepareData(fromDataset(dataset), 0.25, 0);
const request: ComputePath = {
  type: "path",
  featureNames: dataset.featureNames,
  train: prepared.train,
  test: prepared.test,
  l1Ratio: 1,
  count: 20,
  folds: 5,
};
const picture = computePath(request);
const features = 30;

/**
 * scikit-learn 1.x, LogisticRegression(penalty="l1", C = 1/(s·m), solver="saga", tol=1e-13,
 * max_iter=200000) on the same 427 standardized training rows, at path points 5 and 11 (s as below):
 * its coefficients, and F = mean log loss + s‖w‖₁ at them.
 */
const SCIKIT_LEARN = [
  {
    index: 5,
    strength: 0.03385455510782014,
    objective: 0.2729302777037861,
    coefficients: [
      0, 0, 0, 0, 0, 0, 0, 0.288058085, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.61949516, 0.6252837612, 0, 0, 0,
      0, 0, 1.247715939, 0, 0,
    ],
  },
  {
    index: 11,
    strength: 0.0018469673416500554,
    objective: 0.07495972381990082,
    coefficients: [
      0, 0, 0, 0, 0, 0, 0, 0.7796575257, 0, -0.1096255779, 2.534820668, -0.1139368692, 0, 0, 0.4862677012,
      -1.016938243, -0.01060885528, 0, 0, -0.3048940775, 3.896176017, 2.021075858, 0, 0, 0, 0, 1.39119636,
      1.9281554, 0.5991612307, 0,
    ],
  },
];

function weightsAt(path: PathPicture, k: number): Float64Array {
  return path.coefficients.subarray(k * features, (k + 1) * features);
}

describe("computePath (the path worker's side)", () => {
  it("is core's regularizationPath and crossValidatePath, point for point", () => {
    const { targets, classes } = encodeLabels(prepared.train.y);
    const options = {
      X: prepared.train.X,
      y: targets,
      optimizer: newton({ mode: "exact" }),
      l1Ratio: 1,
      count: 20,
      maxIter: 1000,
      tol: 1e-6,
    };
    const validated = crossValidatePath({ ...options, folds: 5, seed: 0 });
    expect(picture.classes).toEqual(classes);
    expect(Array.from(picture.strengths)).toEqual(validated.path.points.map((point) => point.strength));
    validated.path.points.forEach((point, k) => {
      expect(Array.from(weightsAt(picture, k))).toEqual(Array.from(point.coefficients));
      expect(picture.intercepts[k]).toBe(point.intercept);
      expect(picture.nonZero[k]).toBe(point.nonZero);
      expect(picture.objectives[k]).toBe(point.objective);
    });
    expect(picture.crossValidation).toEqual({
      folds: 5,
      bestIndex: validated.bestIndex,
      oneStandardErrorIndex: validated.oneStandardErrorIndex,
      meanLoss: validated.meanLoss,
    });
    expect(picture.converged).toBe(true);
    // Without folds: the plain path, the same points.
    const plain = computePath({ ...request, folds: 0 });
    expect(plain.crossValidation).toBeNull();
    expect(Array.from(plain.coefficients)).toEqual(
      regularizationPath(options).points.flatMap((point) => Array.from(point.coefficients)),
    );
  });

  it("starts with every weight exactly 0 and lets features in as the penalty falls", () => {
    expect(Array.from(weightsAt(picture, 0))).toEqual(new Array(features).fill(0));
    expect(picture.nonZero[0]).toBe(0);
    expect(picture.nonZero[19]).toBeGreaterThan(20);
    for (let k = 0; k < 20; k++) {
      const zeros = Array.from(weightsAt(picture, k)).filter((weight) => weight === 0).length;
      expect(zeros).toBe(features - picture.nonZero[k]!);
    }
  });

  it("reaches scikit-learn's L1 optimum (saga, tol 1e-13) with the same zero set", () => {
    for (const reference of SCIKIT_LEARN) {
      const k = reference.index;
      expect(picture.strengths[k]).toBeCloseTo(reference.strength, 15);
      // F agrees to 1e-9 relative (tol 1e-6 on the pseudo-gradient; measured 1.2e-11).
      expect(Math.abs(picture.objectives[k]! - reference.objective) / reference.objective).toBeLessThan(1e-9);
      const weights = Array.from(weightsAt(picture, k));
      expect(weights.map((weight) => weight === 0)).toEqual(
        reference.coefficients.map((weight) => weight === 0),
      );
      // The weights of collinear features (radius, perimeter, area) sit in a flat valley: equal F to 1e-11
      // leaves them 1e-5 apart, so they are held to 1e-4.
      for (const [j, weight] of weights.entries()) {
        expect(Math.abs(weight - reference.coefficients[j]!)).toBeLessThan(1e-4);
      }
    }
  });

  it("satisfies the L1 optimality conditions at every point: ∂_j L = −λ1 sign(w_j), or |∂_j L| ≤ λ1 at 0", () => {
    const { targets } = encodeLabels(prepared.train.y);
    const loss = logisticObjective({ X: prepared.train.X, y: targets, l2: 0 });
    const theta = new Float64Array(features + 1);
    const gradient = new Float64Array(features + 1);
    for (let k = 0; k < 20; k++) {
      theta.set(weightsAt(picture, k));
      theta[features] = picture.intercepts[k]!;
      loss.valueAndGradient(theta, gradient);
      const l1 = picture.strengths[k]!;
      for (let j = 0; j < features; j++) {
        const w = theta[j]!;
        // The path's tolerance: the pseudo-gradient's ∞-norm ≤ 1e-6 (plus rounding).
        if (w === 0) expect(Math.abs(gradient[j]!)).toBeLessThanOrEqual(l1 + 1e-6);
        else expect(Math.abs(gradient[j]! + l1 * Math.sign(w))).toBeLessThan(1.01e-6);
      }
      expect(Math.abs(gradient[features]!)).toBeLessThan(1.01e-6);
    }
  });

  it("scores each point on the held-out rows as predict would (x·w + b > 0 is the second class)", () => {
    const { X, y } = prepared.test;
    for (const k of [0, 5, 11, 19]) {
      const w = weightsAt(picture, k);
      let right = 0;
      for (let i = 0; i < y.length; i++) {
        let z = picture.intercepts[k]!;
        for (let j = 0; j < features; j++) z += X.data[i * features + j]! * w[j]!;
        if ((z > 0 ? "malignant" : "benign") === y[i]) right++;
      }
      expect(picture.testAccuracy![k]).toBe(right / y.length);
    }
    // The null model predicts the majority class (benign) for every row.
    expect(picture.testAccuracy![0]).toBeCloseTo(89 / 142, 15);
  });

  it("elastic net: the ratio reaches the fits (λ2 > 0 shrinks without dropping as many)", () => {
    const half = computePath({ ...request, l1Ratio: 0.5, folds: 0 });
    expect(half.l1Ratio).toBe(0.5);
    expect(half.strengths[0]).toBeCloseTo(2 * picture.strengths[0]!, 12);
    expect(half.nonZero[19]).toBeGreaterThanOrEqual(picture.nonZero[19]!);
  });

  it("refuses three classes and a bad ratio with a message, instead of throwing in the worker", () => {
    const iris = loadIris();
    const irisPrepared = prepareData(fromDataset(iris), 0.25, 0);
    expect(
      handlePathMessage({
        ...request,
        featureNames: iris.featureNames,
        train: irisPrepared.train,
        test: irisPrepared.test,
      }),
    ).toEqual({
      type: "error",
      message:
        "The regularization path fits two classes (core's regularizationPath is binary); these data have 3.",
    });
    expect(handlePathMessage({ ...request, l1Ratio: 1.5 })).toEqual({
      type: "error",
      message: expect.stringContaining("l1Ratio"),
    });
  });
});
