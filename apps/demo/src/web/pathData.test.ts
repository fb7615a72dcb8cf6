import { describe, expect, it } from "vitest";
import {
  coefficientCurves,
  entryOrder,
  initialPathIndex,
  nearestPathIndex,
  pathExtent,
  pathPoint,
} from "./pathData.js";
import type { PathPicture } from "./pathProtocol.js";

/** A three-point path of three features, by hand: c enters first, then a; b never does. */
const picture: PathPicture = {
  featureNames: ["a", "b", "c"],
  classes: ["no", "yes"],
  l1Ratio: 0.75,
  strengths: Float64Array.of(1, 0.1, 0.01),
  coefficients: Float64Array.of(0, 0, 0, 0, 0, -0.5, 2, 0, -1.5),
  intercepts: Float64Array.of(0.1, 0.2, 0.3),
  nonZero: Int32Array.of(0, 1, 2),
  objectives: Float64Array.of(0.69, 0.5, 0.3),
  testAccuracy: Float64Array.of(0.5, 0.8, 0.9),
  converged: true,
  crossValidation: null,
  milliseconds: 12,
};

describe("the path's plot data", () => {
  it("a curve per feature, w_j against log10 s, in the path's order", () => {
    const curves = coefficientCurves(picture);
    expect(curves.map((curve) => curve.feature)).toEqual(["a", "b", "c"]);
    expect(curves[0]!.points).toEqual([
      { x: 0, y: 0 },
      { x: -1, y: 0 },
      { x: -2, y: 2 },
    ]);
    expect(curves[2]!.points.map((point) => point.y)).toEqual([0, -0.5, -1.5]);
  });

  it("spans log s from the strongest to the weakest, and the weights with 0 inside", () => {
    expect(pathExtent(picture)).toEqual({ logStrongest: 0, logWeakest: -2, minWeight: -1.5, maxWeight: 2 });
    const positive = { ...picture, coefficients: Float64Array.of(0, 0, 0, 0, 0, 0.5, 2, 0, 1.5) };
    expect(pathExtent(positive).minWeight).toBe(0);
  });

  it("a point: λ1 = r s, λ2 = (1 − r) s, and its own weights", () => {
    const point = pathPoint(picture, 1);
    expect(point).toEqual({
      index: 1,
      strength: 0.1,
      l1: 0.75 * 0.1,
      l2: 0.1 * 0.25,
      coefficients: Float64Array.of(0, 0, -0.5),
      intercept: 0.2,
      nonZero: 1,
      objective: 0.5,
      testAccuracy: 0.8,
    });
    expect(pathPoint({ ...picture, testAccuracy: null }, 0).testAccuracy).toBeNull();
  });

  it("the nearest point in log strength, the first of a tie", () => {
    expect(nearestPathIndex(picture.strengths, 0.4)).toBe(0);
    expect(nearestPathIndex(picture.strengths, -0.6)).toBe(1);
    expect(nearestPathIndex(picture.strengths, -0.5)).toBe(0);
    expect(nearestPathIndex(picture.strengths, -7)).toBe(2);
  });

  it("starts at cross-validation's pick, or the middle without one", () => {
    expect(initialPathIndex(picture)).toBe(1);
    const validated = {
      ...picture,
      crossValidation: { folds: 5, bestIndex: 2, oneStandardErrorIndex: 1, meanLoss: new Float64Array(3) },
    };
    expect(initialPathIndex(validated)).toBe(2);
  });

  it("orders the features as the path lets them in, the ones that never enter last", () => {
    expect(entryOrder(picture)).toEqual([2, 0, 1]);
  });
});
