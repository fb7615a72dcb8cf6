import * as datasets from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyStandardization, fitStandardization } from "./standardization.js";

const column = (values: readonly number[]) => ({
  data: Float64Array.from(values),
  shape: [values.length, 1] as [number, number],
});

describe("fitStandardization", () => {
  it("agrees with the textbook formulas (datasets' fitStandardization) on ordinary data", () => {
    const data = Float64Array.from({ length: 60 }, (_, k) => Math.sin(k) * 10 ** ((k % 7) - 3));
    const ours = fitStandardization(data, [20, 3]);
    const theirs = datasets.fitStandardization(data, [20, 3]);
    for (let j = 0; j < 3; j++) {
      // Dividing by the column's largest magnitude and multiplying back rounds twice more: a few ulps.
      expect(Math.abs(ours.mean[j]! - theirs.mean[j]!)).toBeLessThanOrEqual(1e-14 * theirs.scale[j]!);
      expect(ours.scale[j]! / theirs.scale[j]!).toBeCloseTo(1, 14);
    }
  });

  // Σ(x − mean)² overflows to ∞ near 1e200 and underflows to 0 near 1e-300: the textbook sums lose the
  // feature (scale ∞ or 1); dividing by the largest magnitude first keeps it.
  for (const magnitude of [1e200, 1e-300, 1.7e308]) {
    it(`keeps a feature near ${magnitude}: scale = magnitude · std of the unscaled pattern`, () => {
      const pattern = [0.25, 0.5, 0.75, 1, -0.25];
      const { data, shape } = column(pattern.map((x) => x * magnitude));
      const { mean, scale } = fitStandardization(data, shape);
      const patternMean = 2.25 / 5;
      const patternStd = Math.sqrt(pattern.reduce((sum, x) => sum + (x - patternMean) ** 2, 0) / 5);
      expect(mean[0]! / magnitude).toBeCloseTo(patternMean, 14);
      expect(scale[0]! / magnitude).toBeCloseTo(patternStd, 14);
      const standardized = applyStandardization(data, shape, { mean, scale });
      for (let k = 0; k < pattern.length; k++) {
        expect(standardized[k]).toBeCloseTo((pattern[k]! - patternMean) / patternStd, 13);
      }
    });
  }

  it("standardizes x − mean without overflow when x and the mean lie at opposite ends of the range", () => {
    const { data, shape } = column([1.7e308, -1.7e308, -1.7e308]);
    const standardization = fitStandardization(data, shape);
    const standardized = applyStandardization(data, shape, standardization);
    // 1.7e308 − (−5.7e307) overflows; its standardized value is √2 (two of three at −1, one at +2 → ±√2, ∓1/√2).
    expect(standardized[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(standardized[1]).toBeCloseTo(-Math.SQRT1_2, 14);
  });

  it("leaves missing cells (NaN) out, and fills them with the mean (0 once standardized)", () => {
    const { data, shape } = column([1, Number.NaN, 3]);
    const standardization = fitStandardization(data, shape);
    expect(standardization.mean[0]).toBe(2);
    expect(standardization.scale[0]).toBe(1);
    expect(Array.from(applyStandardization(data, shape, standardization))).toEqual([-1, 0, 1]);
    const empty = column([Number.NaN]);
    expect(fitStandardization(empty.data, empty.shape).mean[0]).toBeNaN();
  });

  it("gives a constant column scale 1, as scikit-learn's StandardScaler", () => {
    const { data, shape } = column([5e-324, 5e-324]);
    expect(Array.from(fitStandardization(data, shape).scale)).toEqual([1]);
  });

  it("for any finite column, standardizes to finite values of mean 0 and standard deviation 1 (or all 0)", () => {
    // Any finite double but subnormals (below 2.2e-308), whose few significant bits the stored mean and
    // scale cannot keep (see fitStandardization); 1e-290 leaves room for a spread of one ulp.
    const finiteDouble = fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((x) => x === 0 || Math.abs(x) >= 1e-290);
    fc.assert(
      fc.property(fc.array(finiteDouble, { minLength: 1, maxLength: 30 }), (values) => {
        const { data, shape } = column(values);
        const standardization = fitStandardization(data, shape);
        expect(Number.isFinite(standardization.mean[0])).toBe(true);
        expect(standardization.scale[0]).toBeGreaterThan(0);
        expect(Number.isFinite(standardization.scale[0])).toBe(true);
        const standardized = Array.from(applyStandardization(data, shape, standardization));
        // The stored mean is the true mean rounded to a double (relative error ≤ 2⁻⁵³), which shifts every
        // standardized value alike by up to |mean|·2⁻⁵³/scale: nothing when the values spread over many
        // ulps, up to 1 when they lie a few ulps apart (1.7976931348619062e308 and …072e308, say).
        const shift = (Math.abs(standardization.mean[0]!) * 2 ** -53) / standardization.scale[0]!;
        for (const value of standardized) {
          expect(Number.isFinite(value)).toBe(true);
          // |x − mean| / std ≤ √(n − 1) for any n values (Samuelson's inequality), with room for rounding.
          expect(Math.abs(value)).toBeLessThanOrEqual(Math.sqrt(values.length) + shift + 1e-9);
        }
        const mean = standardized.reduce((sum, x) => sum + x, 0) / values.length;
        const variance = standardized.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
        expect(Math.abs(mean)).toBeLessThan(shift + 1e-9);
        // The same rounding of the mean enters the scale (computed about the rounded mean): the variance is
        // 1/(1 + shift²) ≈ 1 − shift², so it is 1 but for values a few ulps apart. A constant column
        // standardizes to zeros.
        if (new Set(values).size > 1) {
          expect(Math.abs(variance - 1)).toBeLessThanOrEqual(4 * shift ** 2 + 1e-9);
        } else {
          expect(variance).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
