import { logisticObjective } from "@descent/core";
import { describe, expect, it } from "vitest";
import { instantiateKernels, type LogisticKernels } from "./webAssembly.js";

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ColumnProblem {
  readonly rows: number;
  readonly n: number;
  /** Row-major, raw (before standardization). */
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** Normalized to mean 1, or null. */
  readonly c: Float64Array | null;
  readonly means: Float64Array | null;
  readonly inverseScales: Float64Array | null;
}

function columnProblem(
  seed: number,
  rows: number,
  n: number,
  weighted: boolean,
  standardized: boolean,
): ColumnProblem {
  const next = uniform(seed);
  const X = new Float64Array(rows * n);
  for (let k = 0; k < X.length; k++) X[k] = (next() - 0.5) * 6 + (standardized ? 40 * (k % n) : 0);
  const y = Float64Array.from({ length: rows }, () => (next() < 0.4 ? 1 : 0));
  let c: Float64Array | null = null;
  if (weighted) {
    c = Float64Array.from({ length: rows }, () => next() * 3);
    const sum = c.reduce((a, b) => a + b, 0);
    for (let i = 0; i < rows; i++) c[i] = (c[i]! * rows) / sum;
  }
  let means: Float64Array | null = null;
  let inverseScales: Float64Array | null = null;
  if (standardized) {
    means = Float64Array.from({ length: n }, (_, j) => 40 * j + (next() - 0.5));
    inverseScales = Float64Array.from({ length: n }, () => 1 / (1 + next()));
  }
  return { rows, n, X, y, c, means, inverseScales };
}

/** The problem's X as the kernels see it after standardization, row-major: the reference's input. */
function standardizedRows(problem: ColumnProblem): number[][] {
  const { rows, n, X, means, inverseScales } = problem;
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      means === null ? X[i * n + j]! : (X[i * n + j]! - means[j]!) * inverseScales![j]!,
    ),
  );
}

/** A memory holding the problem column by column, and the addresses of everything a column kernel reads. */
function columnMemory(problem: ColumnProblem, tile: number) {
  const { rows, n } = problem;
  const dim = n + 1;
  const bytes = 1024 + 8 * (n * (rows + 1) + 2 * rows + 4 * dim + dim * dim + 2 * tile) + 4 * n + 4096;
  const { kernels, memory } = instantiateKernels(bytes)!;
  const f64 = new Float64Array(memory.buffer);
  let at = 1024;
  const take = (count: number) => {
    const address = at;
    at += 8 * count;
    return address;
  };
  const columnsTable = at;
  at += 4 * n + (n % 2 === 1 ? 4 : 0);
  const columns: number[] = [];
  for (let j = 0; j < n; j++) {
    const address = take(rows + 1);
    columns.push(address);
    for (let i = 0; i < rows; i++) f64[address / 8 + i] = problem.X[i * n + j]!;
  }
  new Int32Array(memory.buffer, columnsTable, n).set(columns);
  const y = take(rows);
  f64.set(problem.y, y / 8);
  const c = problem.c === null ? 0 : take(rows);
  if (problem.c !== null) f64.set(problem.c, c / 8);
  const means = problem.means === null ? 0 : take(n);
  const inverseScales = problem.inverseScales === null ? 0 : take(n);
  if (problem.means !== null) f64.set(problem.means, means / 8);
  if (problem.inverseScales !== null) f64.set(problem.inverseScales, inverseScales / 8);
  return {
    kernels: kernels as LogisticKernels,
    f64,
    columnsTable,
    columns,
    y,
    c,
    means,
    inverseScales,
    theta: take(dim),
    v: take(dim),
    out: take(dim),
    H: take(dim * dim),
    tiles: take(2 * tile),
    /** Puts the raw columns back (the kernels standardize them in place). */
    reload() {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < rows; i++) f64[columns[j]! / 8 + i] = problem.X[i * n + j]!;
      }
    },
  };
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let norm = 0;
  for (let k = 0; k < expected.length; k++) norm = Math.max(norm, Math.abs(expected[k]!));
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!));
  return worst / Math.max(norm, Number.MIN_VALUE);
}

const cases = [
  { rows: 1, n: 1, weighted: false, standardized: false, tile: 8 },
  { rows: 7, n: 3, weighted: true, standardized: false, tile: 8 },
  { rows: 37, n: 5, weighted: false, standardized: true, tile: 16 },
  { rows: 200, n: 8, weighted: true, standardized: true, tile: 64 },
  { rows: 1001, n: 13, weighted: true, standardized: true, tile: 512 },
  { rows: 513, n: 50, weighted: false, standardized: false, tile: 512 },
];

describe("the column-major kernels", () => {
  for (const { rows, n, weighted, standardized, tile } of cases) {
    const name = `${rows} × ${n}${weighted ? ", weighted" : ""}${standardized ? ", standardized" : ""}, tiles of ${tile}`;
    it(`agree with core's reference objective to 1e-13: ${name}`, () => {
      const problem = columnProblem(rows * 31 + n, rows, n, weighted, standardized);
      const memory = columnMemory(problem, tile);
      const { kernels, f64 } = memory;
      const reference = logisticObjective({
        X: standardizedRows(problem),
        y: problem.y,
        ...(problem.c === null ? {} : { sampleWeight: problem.c }),
      });
      const next = uniform(7 + n);
      const theta = Float64Array.from({ length: n + 1 }, () => next() - 0.5);
      const v = Float64Array.from({ length: n + 1 }, () => next() - 0.5);
      f64.set(theta, memory.theta / 8);
      f64.set(v, memory.v / 8);
      const args = [memory.columnsTable, n, rows] as const;
      const standardization = [memory.means, memory.inverseScales] as const;

      // Value and gradient.
      f64.fill(0, memory.out / 8, memory.out / 8 + n + 1);
      kernels.columnsLossAndGradient(
        ...args,
        memory.y,
        memory.c,
        ...standardization,
        memory.theta,
        theta[n]!,
        memory.out,
        memory.tiles,
        tile,
      );
      const grad = new Float64Array(n + 1);
      const value = reference.valueAndGradient(theta, grad);
      expect(Math.abs(f64[0]! / rows - value) / value).toBeLessThan(1e-13);
      const kernelGradient = Array.from(f64.subarray(memory.out / 8, memory.out / 8 + n), (g) => g / rows);
      kernelGradient.push(f64[1]! / rows);
      expect(relativeError(kernelGradient, grad)).toBeLessThan(1e-13);

      // The loss alone repeats the value bit for bit.
      const loss = f64[0]!;
      memory.reload();
      kernels.columnsLossAndGradient(
        ...args,
        memory.y,
        memory.c,
        ...standardization,
        memory.theta,
        theta[n]!,
        0,
        memory.tiles,
        tile,
      );
      expect(f64[0]).toBe(loss);

      // The Hessian-vector product.
      memory.reload();
      f64.fill(0, memory.out / 8, memory.out / 8 + n + 1);
      kernels.columnsHessianVectorProduct(
        ...args,
        memory.c,
        ...standardization,
        memory.theta,
        theta[n]!,
        memory.v,
        v[n]!,
        memory.out,
        memory.tiles,
        tile,
      );
      const product = new Float64Array(n + 1);
      reference.hessianVectorProduct!(theta, v, product);
      const kernelProduct = Array.from(f64.subarray(memory.out / 8, memory.out / 8 + n), (p) => p / rows);
      kernelProduct.push(f64[1]! / rows);
      expect(relativeError(kernelProduct, product)).toBeLessThan(1e-13);

      // The Hessian's upper triangle, with the intercept.
      memory.reload();
      const dim = n + 1;
      f64.fill(0, memory.H / 8, memory.H / 8 + dim * dim);
      kernels.columnsHessian(
        ...args,
        memory.c,
        ...standardization,
        memory.theta,
        theta[n]!,
        memory.H,
        dim,
        1,
        memory.tiles,
        tile,
      );
      const hessian = new Float64Array(dim * dim);
      reference.hessian!(theta, hessian);
      const upper: number[] = [];
      const expected: number[] = [];
      for (let j = 0; j < dim; j++) {
        for (let k = j; k < dim; k++) {
          upper.push(f64[memory.H / 8 + j * dim + k]! / rows);
          expected.push(hessian[j * dim + k]!);
        }
      }
      expect(relativeError(upper, expected)).toBeLessThan(1e-13);
    });
  }

  it("leave a column's neighbours alone when standardizing an odd count in place", () => {
    const problem = columnProblem(3, 9, 2, false, true);
    const memory = columnMemory(problem, 8);
    const after = memory.columns[0]! / 8 + 9; // the padding entry after column 0's 9 rows
    memory.f64[after] = 12345;
    memory.kernels.columnsLossAndGradient(
      memory.columnsTable,
      2,
      9,
      memory.y,
      0,
      memory.means,
      memory.inverseScales,
      memory.theta,
      0,
      memory.out,
      memory.tiles,
      8,
    );
    expect(memory.f64[after]).toBe(12345);
  });
});
