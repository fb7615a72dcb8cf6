import { describe, expect, it } from "vitest";
import { probabilityRows, sortedClasses } from "./probabilities.js";

describe("sortedClasses", () => {
  it("sorts numbers numerically and strings by code unit, as scikit-learn's classes_", () => {
    expect(sortedClasses([10, 9, 2, 9, 10])).toEqual([2, 9, 10]);
    expect(sortedClasses(["versicolor", "setosa", "Virginica", "setosa"])).toEqual([
      "Virginica",
      "setosa",
      "versicolor",
    ]);
    expect(sortedClasses([true, false, true])).toEqual([false, true]);
  });
});

describe("probabilityRows", () => {
  it("turns a binary model's P(second class) into rows [1 − p, p]", () => {
    expect(Array.from(probabilityRows(Float64Array.of(0.25, 1), 2, 2))).toEqual([0.75, 0.25, 0, 1]);
  });

  it("takes a K-class answer as one row of K per sample, flat or nested", () => {
    const rows = [
      [0.2, 0.3, 0.5],
      [0.6, 0.3, 0.1],
    ];
    const flat = [0.2, 0.3, 0.5, 0.6, 0.3, 0.1];
    expect(Array.from(probabilityRows(rows, 2, 3))).toEqual(flat);
    expect(Array.from(probabilityRows(Float64Array.from(flat), 2, 3))).toEqual(flat);
  });

  it("refuses an answer of the wrong size instead of drawing garbage", () => {
    expect(() => probabilityRows(new Float64Array(5), 2, 3)).toThrow(
      "predictProba gave 5 numbers for 2 samples of 3 classes.",
    );
  });
});
