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
    expect(only!.intercept).toBe(binary.intercept[0]);
  });

  it("gives a binary model's probabilities as rows of two that sum to 1", () => {
    const rows = classProbabilities(binary, X);
    for (const row of rows) expect(row[0]! + row[1]!).toBeCloseTo(1, 15);
  });

  const three = {
    data: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1, 2, 2, 2, 3),
    shape: [6, 2] as [number, number],
  };
  const multinomial = new LogisticRegression<Label>({ optimizer: newton() }).fit(three, [
    "a",
    "a",
    "b",
    "b",
    "c",
    "c",
  ]);

  it("gives a K-class model's K rows of coefficients, one per class", () => {
    const byClass = coefficientsByClass(multinomial, 2);
    expect(byClass.map((row) => row.label)).toEqual(["a", "b", "c"]);
    byClass.forEach((row, k) => {
      expect(Array.from(row.coef)).toEqual(Array.from(multinomial.coef.subarray(2 * k, 2 * k + 2)));
      expect(row.intercept).toBe(multinomial.intercept[k]);
    });
  });

  it("gives K-class probabilities as rows of K that sum to 1", () => {
    const rows = classProbabilities(multinomial, three);
    expect(rows.length).toBe(6);
    for (const row of rows) {
      expect(row.length).toBe(3);
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 14);
    }
  });
});
