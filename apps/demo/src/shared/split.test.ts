import { describe, expect, it } from "vitest";
import { trainTestSplit } from "./split.js";

describe("trainTestSplit", () => {
  const labels = [...Array(40).fill("a"), ...Array(20).fill("b"), "c"];

  it("holds out round(fraction · count) rows of each class, and keeps one of each for training", () => {
    const { train, test } = trainTestSplit(labels, 0.25, 3);
    const count = (rows: Int32Array, label: string) =>
      Array.from(rows).filter((row) => labels[row] === label).length;
    expect([count(test, "a"), count(test, "b"), count(test, "c")]).toEqual([10, 5, 0]);
    expect([count(train, "a"), count(train, "b"), count(train, "c")]).toEqual([30, 15, 1]);
    expect([...train, ...test].sort((x, y) => x - y)).toEqual(labels.map((_, row) => row));
  });

  it("is repeatable for a seed and differs between seeds", () => {
    expect(trainTestSplit(labels, 0.25, 3)).toEqual(trainTestSplit(labels, 0.25, 3));
    expect(trainTestSplit(labels, 0.25, 3).test).not.toEqual(trainTestSplit(labels, 0.25, 4).test);
  });

  it("holds out nothing at fraction 0", () => {
    const { train, test } = trainTestSplit(labels, 0, 0);
    expect(test.length).toBe(0);
    expect(train.length).toBe(labels.length);
  });
});
