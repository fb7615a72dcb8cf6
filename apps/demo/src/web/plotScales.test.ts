import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerTicks, linearScale, niceTicks, paddedDomain, powerOfTenLabel } from "./plotScales.js";

describe("linearScale", () => {
  it("maps the domain's ends to the range's ends, and is affine between", () => {
    const scale = linearScale([-1, 3], [40, 720]);
    expect(scale(-1)).toBe(40);
    expect(scale(3)).toBe(720);
    expect(scale(1)).toBe(380);
    expect(scale(5)).toBe(1060);
  });

  it("reverses when the domain decreases (the path's strongest penalty on the left)", () => {
    const scale = linearScale([0, -4], [50, 450]);
    expect(scale(0)).toBe(50);
    expect(scale(-4)).toBe(450);
    expect(scale(-1)).toBe(150);
  });

  it("puts a domain of one value in the middle of the range instead of dividing by zero", () => {
    expect(linearScale([2, 2], [0, 100])(2)).toBe(50);
  });
});

describe("paddedDomain", () => {
  it("widens by the fraction on each side, and gives a single value ±1", () => {
    expect(paddedDomain(-1, 3, 0.05)).toEqual([-1.2, 3.2]);
    expect(paddedDomain(0, 0, 0.05)).toEqual([-1, 1]);
  });
});

describe("niceTicks", () => {
  it("steps of 1, 2 or 5 × 10^k, rounded to the step's decimals", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-1.3, 3.9, 5)).toEqual([-1, 0, 1, 2, 3]);
    expect(niceTicks(-0.27, 0.31, 6)).toEqual([-0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 4000, 4)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(2, 2, 5)).toEqual([2]);
    expect(niceTicks(3, 1, 5)).toEqual([]);
    expect(niceTicks(0, Number.NaN, 5)).toEqual([]);
  });

  it("keeps ticks inside the range where the step is below the doubles' spacing (a case fast-check found)", () => {
    const min = -60079.85937499999;
    for (const width of [1e-6, 3e-6, 1e-5]) {
      for (const tick of niceTicks(min, min + width, 5)) {
        expect(tick).toBeGreaterThanOrEqual(min);
        expect(tick).toBeLessThanOrEqual(min + width);
      }
    }
  });

  it("for any finite range: ticks inside it, evenly spaced, increasing, about the count asked for", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (min, width, count) => {
          const max = min + width;
          const ticks = niceTicks(min, max, count);
          expect(ticks.length).toBeGreaterThanOrEqual(1);
          // The step is within a factor √2.5 of width / count (5/√10, the widest gap between a nice step
          // and its threshold): so at least ⌊count/√2.5⌋ ticks and at most count·√2.5 + 1.
          expect(ticks.length).toBeGreaterThanOrEqual(Math.floor(count / Math.sqrt(2.5)));
          expect(ticks.length).toBeLessThanOrEqual(Math.floor(count * Math.sqrt(2.5)) + 1);
          const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : width;
          for (const [k, tick] of ticks.entries()) {
            expect(tick).toBeGreaterThanOrEqual(min - step * 1e-6);
            expect(tick).toBeLessThanOrEqual(max + step * 1e-6);
            if (k > 0) expect(tick - ticks[k - 1]!).toBeCloseTo(step, 6);
          }
        },
      ),
    );
  });
});

describe("integerTicks and powerOfTenLabel", () => {
  it("label the powers of ten a log axis spans", () => {
    expect(integerTicks(-4.4, -0.4)).toEqual([-4, -3, -2, -1]);
    expect(integerTicks(0.2, 0.8)).toEqual([]);
    expect(integerTicks(-4.4, -0.4).map(powerOfTenLabel)).toEqual(["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"]);
    expect(powerOfTenLabel(0)).toBe("10⁰");
    expect(powerOfTenLabel(12)).toBe("10¹²");
  });
});
