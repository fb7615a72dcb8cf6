import { describe, expect, it } from "vitest";
import { createKernelArena } from "./kernelMemory.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

/** The distance between two doubles of the same sign in units in the last place (0 when equal). */
function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || Math.sign(a) !== Math.sign(b)) return Number.POSITIVE_INFINITY;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, Math.abs(a));
  view.setFloat64(8, Math.abs(b));
  return (
    Number(view.getBigInt64(0) - view.getBigInt64(8)) * (view.getBigInt64(0) >= view.getBigInt64(8) ? 1 : -1)
  );
}

/** `count` points spread evenly over [from, to], both ends included. */
function sweep(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
}

/** The doubles just below and just above x, and x. */
function around(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return [-2n, -1n, 0n, 1n, 2n].map((step) => {
    view.setBigInt64(0, bits + step);
    return view.getFloat64(0);
  });
}

describe.runIf(hasWebAssemblySimd())("the kernel's exp and log1p", () => {
  const { kernels } = createKernelArena({ kind: "dense", rows: 1, columns: 1, precision: "float64" })!;

  it("exp is within 2 ulp of Math.exp over the kernel's domain x ≤ 0 and beyond, subnormals included", () => {
    const points = [
      ...sweep(-746, 0, 200_001),
      ...sweep(0, 709.7, 20_001),
      // Around the places where the range reduction switches n, and where results turn subnormal and zero.
      ...[0.5, 1, 1.5, 2, 2.5].flatMap((k) => around(-k * Math.LN2)),
      ...around(-708.3964185322641),
      ...around(-745.1332191019411),
      ...around(-744.44007192138),
      ...around(709.782712893384),
      ...Array.from({ length: 200 }, (_, k) => -(10 ** (-300 + 1.5 * k))),
      -0,
      0,
    ];
    let worst = 0;
    for (const x of points) {
      const distance = ulpDistance(kernels.exp(x), Math.exp(x));
      if (distance > worst) worst = distance;
      if (distance > 2) expect.fail(`exp(${x}) = ${kernels.exp(x)}, Math.exp gives ${Math.exp(x)}`);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("exp gives 0 far below, Infinity far above and NaN for NaN", () => {
    expect(kernels.exp(-746)).toBe(0);
    expect(kernels.exp(-1e300)).toBe(0);
    expect(kernels.exp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(kernels.exp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(kernels.exp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(kernels.exp(Number.NaN)).toBeNaN();
    expect(kernels.exp(0)).toBe(1);
  });

  it("log1p is within 2 ulp of Math.log1p over [0, 1], the only arguments the kernels give it", () => {
    const points = [
      ...sweep(0, 1, 200_001),
      ...Array.from({ length: 640 }, (_, k) => 10 ** (-320 + 0.5 * k)).filter((x) => x <= 1),
      // Around the switch between log1p's two reductions, at √2 − 1.
      ...around(Math.SQRT2 - 1),
      ...around(1),
      0,
    ];
    let worst = 0;
    for (const x of points) {
      const distance = ulpDistance(kernels.log1p(x), Math.log1p(x));
      if (distance > worst) worst = distance;
      if (distance > 2) expect.fail(`log1p(${x}) = ${kernels.log1p(x)}, Math.log1p gives ${Math.log1p(x)}`);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("the multinomial kernels' log1p is within 2 ulp of Math.log1p over [0, 2^53), where the softmax's sums go", () => {
    const points = [
      ...sweep(0, 1, 50_001),
      ...sweep(1, 1000, 100_001),
      ...Array.from({ length: 740 }, (_, k) => 10 ** (-320 + 0.5 * k)).filter((x) => x < 2 ** 53),
      // Around the switches: k = 0 → 1 near √2 − 1, u = 2 (the correction's two forms), and powers of 2.
      ...around(Math.SQRT2 - 1),
      ...[1, 2, 3, 7, 2 ** 20 - 1, 2 ** 52].flatMap((x) => around(x)),
      ...[1, 2, 3, 7].flatMap((x) => around(x * Math.SQRT2 - 1)),
      0,
    ];
    let worst = 0;
    for (const x of points) {
      const distance = ulpDistance(kernels.log1pWide(x), Math.log1p(x));
      if (distance > worst) worst = distance;
      if (distance > 2) {
        expect.fail(`log1pWide(${x}) = ${kernels.log1pWide(x)}, Math.log1p gives ${Math.log1p(x)}`);
      }
    }
    expect(worst).toBeLessThanOrEqual(2);
  });
});
