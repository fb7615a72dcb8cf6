import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  absoluteSumNdarray,
  softThreshold,
  softThresholdNdarray,
  softThresholdPreconditioned,
} from "./softThreshold.js";

/** The textbook formula, S_t(x) = sign(x) · max(|x| − t, 0). */
const shrink = (x: number, t: number) => Math.sign(x) * Math.max(Math.abs(x) - t, 0);

describe("softThreshold", () => {
  it("is sign(x)·max(|x| − t, 0) entry by entry, and counts the non-zeros left", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (values, threshold) => {
          const x = Float64Array.from(values);
          const nonZero = softThreshold(x.length, threshold, x, 1);
          const expected = values.map((v) => shrink(v, threshold));
          for (let j = 0; j < x.length; j++) expect(x[j]).toBe(expected[j]! + 0); // +0: −0 compares as 0
          expect(nonZero).toBe(expected.filter((v) => v !== 0).length);
        },
      ),
    );
  });

  it("writes exactly +0 (not 1e-17, not −0) where |x| ≤ t, including |x| = t", () => {
    const x = Float64Array.from([0.3, -0.3, 0.1 + 0.2 - 0.3, -1e-300, 0.30000000000000004]);
    softThreshold(x.length, 0.3, x, 1);
    expect(Array.from(x.subarray(0, 4)).every((v) => Object.is(v, 0))).toBe(true);
    expect(x[4]).toBeGreaterThan(0);
  });

  it("honours length, stride and offset, and leaves the entries it skips alone", () => {
    const x = Float64Array.from([5, 100, -5, 100, 0.5, 100]);
    expect(softThreshold(3, 1, x, 2)).toBe(2);
    expect(Array.from(x)).toEqual([4, 100, -4, 100, 0, 100]);
    const y = Float64Array.from([100, 3, 100, -3]);
    softThresholdNdarray(2, 1, y, 2, 1);
    expect(Array.from(y)).toEqual([100, 2, 100, -2]);
    const reversed = Float64Array.from([3, 2, 1]);
    softThreshold(2, 1, reversed, -1); // a negative stride starts from the last of the N entries, as BLAS
    expect(Array.from(reversed)).toEqual([2, 1, 1]);
  });

  it("preconditioned: the threshold is t / d_j per entry", () => {
    const x = Float64Array.from([1, 1, -1, 0.2]);
    const d = Float64Array.from([1, 4, 2, 0.5]);
    expect(softThresholdPreconditioned(4, 0.5, d, x)).toBe(3);
    expect(Array.from(x)).toEqual([0.5, 0.875, -0.75, 0]);
  });

  it("absoluteSum is ‖x‖₁ over the strided entries", () => {
    expect(absoluteSumNdarray(3, Float64Array.from([1, -9, -2, 9, 3]), 2, 0)).toBe(6);
  });
});
