import { describe, expect, it } from "vitest";
import { buildProblem, type ProblemSpec } from "../problems.js";
import { sklearnEstimator } from "./l1Bench.js";
import { l1Penalty, l1Plan, l1ProblemId, sklearnC, WIDE_SPARSE_TRUTH } from "./l1Plan.js";

describe("L1 plan", () => {
  it("splits a strength into λ1 = r s and λ2 = (1 − r) s, and scikit-learn's C = 1/(s m)", () => {
    expect(l1Penalty({ strength: 0.002, l1Ratio: 0.5 })).toEqual({ l1: 0.001, l2: 0.001 });
    expect(l1Penalty({ strength: 0.001, l1Ratio: 1 })).toEqual({ l1: 0.001, l2: 0 });
    expect(sklearnC(0.001, 100_000)).toBe(0.01);
  });

  it("asks scikit-learn for the same penalty, and refuses liblinear an elastic net", () => {
    expect(sklearnEstimator("saga", 1)).toEqual({ penalty: "l1" });
    expect(sklearnEstimator("saga", 0.5)).toEqual({ penalty: "elasticnet", l1_ratio: 0.5 });
    expect(sklearnEstimator("liblinear", 1)).toEqual({ penalty: "l1", intercept_scaling: 100 });
    expect(() => sklearnEstimator("liblinear", 0.5)).toThrow("liblinear has no elastic net");
  });

  it("names every L1 problem with an l1- prefix, so that --only l1 selects them all", () => {
    for (const mode of ["quick", "full"] as const) {
      for (const plan of l1Plan(mode)) expect(l1ProblemId(plan)).toMatch(/^l1-/);
    }
    expect(l1ProblemId(l1Plan("quick")[0]!)).toBe("l1-dense-100000x100-informative20-s=0.001-r=1");
  });
});

describe("the sparse-truth problem", () => {
  it("draws labels from the first `informative` features only: the others are independent of y", () => {
    const spec: ProblemSpec = { ...WIDE_SPARSE_TRUTH, rows: 20_000, testRows: 10 } as ProblemSpec;
    const { train } = buildProblem(spec);
    const { data } = train.X as { data: Float64Array };
    const columns = 100;
    // Correlation of each feature with y: clearly non-zero for the informative ones (logit sd 2 over 20),
    // noise-sized (sd 1/√m ≈ 0.007) for the rest.
    const correlation = (j: number) => {
      let xy = 0;
      let yMean = 0;
      for (let i = 0; i < 20_000; i++) yMean += train.y[i]!;
      yMean /= 20_000;
      for (let i = 0; i < 20_000; i++) xy += data[i * columns + j]! * (train.y[i]! - yMean);
      return xy / 20_000;
    };
    const informative = Array.from({ length: 20 }, (_, j) => Math.abs(correlation(j)));
    const rest = Array.from({ length: 80 }, (_, j) => Math.abs(correlation(20 + j)));
    expect(Math.max(...rest)).toBeLessThan(0.03);
    expect(informative.filter((value) => value > 0.03).length).toBeGreaterThan(10);
  });
});
