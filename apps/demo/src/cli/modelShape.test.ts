import { type Label, LogisticRegression } from "@descent/core";
import { newton } from "@descent/newton";
import { describe, expect, it } from "vitest";
import { classProbabilities, coefficientsByClass } from "./modelShape.js";

const X = { data: Float64Array.of(0, 1, 1, 0, 2, 1, 3, 0), shape: [4, 2] as [number, number] };
const y = ["no", "no", "yes", "yes"];

describe("reading a model for any number of classes", () => {
  const binary = new LogisticRegression<Label>({ optimizer: newton() }).fit(X, y);

  it("gives a binary model's one row of coefficients as the second class's", () => {
    const [only, ...rest] = coefficientsByClass(binary, 2);
    expect(rest).toEqual([]);
    expect(only!.label).toBe("yes");
    expect(Array.from(only!.coef)).toEqual(Array.from(binary.coef));
    expect(only!.intercept).toBe(binary.intercept);
  });

  it("gives a binary model's probabilities as rows of two that sum to 1", () => {
    const rows = classProbabilities(binary, X);
    const positive = binary.predictProba(X);
    expect(rows.map((row) => row[1])).toEqual(Array.from(positive));
    for (const row of rows) expect(row[0]! + row[1]!).toBeCloseTo(1, 15);
  });

  // The multinomial estimator (in progress) takes scikit-learn's shapes; a stand-in with those shapes
  // checks that the command line reads them without change.
  const multinomial = {
    classes: ["a", "b", "c"],
    coef: [Float64Array.of(1, 2), Float64Array.of(3, 4), Float64Array.of(5, 6)],
    intercept: Float64Array.of(0.1, 0.2, 0.3),
    predictProba: () => [Float64Array.of(0.2, 0.3, 0.5), Float64Array.of(0.6, 0.3, 0.1)],
  } as unknown as LogisticRegression<Label>;

  it("gives a K-class model's K rows of coefficients, one per class", () => {
    const byClass = coefficientsByClass(multinomial, 2);
    expect(byClass.map((row) => [row.label, Array.from(row.coef), row.intercept])).toEqual([
      ["a", [1, 2], 0.1],
      ["b", [3, 4], 0.2],
      ["c", [5, 6], 0.3],
    ]);
  });

  it("reads K-class probabilities given as rows or as one row-major array", () => {
    const input = { data: new Float64Array(4), shape: [2, 2] as [number, number] };
    expect(classProbabilities(multinomial, input).map((row) => Array.from(row))).toEqual([
      [0.2, 0.3, 0.5],
      [0.6, 0.3, 0.1],
    ]);
    const flat = {
      ...multinomial,
      classes: ["a", "b", "c"],
      predictProba: () => Float64Array.of(0.2, 0.3, 0.5, 0.6, 0.3, 0.1),
    } as unknown as LogisticRegression<Label>;
    expect(classProbabilities(flat, input).map((row) => Array.from(row))).toEqual([
      [0.2, 0.3, 0.5],
      [0.6, 0.3, 0.1],
    ]);
  });

  it("refuses coefficients that fit neither shape", () => {
    expect(() => coefficientsByClass(binary, 3)).toThrow("unexpected coefficient shape");
  });
});
