import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, expect } from "vitest";
import { duckdbDialect, type SqlEngine } from "../src/index.js";

export {
  syntheticLinearProblem as syntheticProblem,
  syntheticLinearSql as syntheticSql,
} from "@descent/datasets";

/** A temporary directory, removed by the returned function. */
export function temporaryDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "descent-duckdb-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Writes dense rows as CSV: columns x0 … x{n−1}, then y (and w when weights are given). JavaScript's
 * number-to-string is the shortest round-trip decimal, so the file holds every double exactly.
 */
export function writeCsv(
  path: string,
  X: { readonly data: Float64Array; readonly shape: readonly [number, number] },
  y: ArrayLike<unknown>,
  weights?: ArrayLike<number>,
): string[] {
  const [rows, columns] = X.shape;
  const features = Array.from({ length: columns }, (_, j) => `x${j}`);
  const lines = [[...features, "y", ...(weights ? ["w"] : [])].join(",")];
  for (let i = 0; i < rows; i++) {
    const row = [...X.data.subarray(i * columns, (i + 1) * columns)].map(String);
    row.push(String(y[i]));
    if (weights) row.push(String(weights[i]));
    lines.push(row.join(","));
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return features;
}

/** Runs statements in a DuckDB of the test's own (files are converted with it, not with the objective's). */
export async function runDuckDB(...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Converts a CSV file to Parquet through DuckDB, doubles kept as DOUBLE. */
export async function csvToParquet(csv: string, parquet: string): Promise<void> {
  await runDuckDB(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
}

/** ‖a − b‖∞ / ‖b‖∞: the error of a vector relative to its size, which summation order bounds. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let size = 0;
  for (let j = 0; j < b.length; j++) {
    difference = Math.max(difference, Math.abs(a[j]! - b[j]!));
    size = Math.max(size, Math.abs(b[j]!));
  }
  return difference / size;
}

/**
 * A SqlEngine over @duckdb/node-api in this thread, asynchronous: what a user writes for their own engine,
 * in a few lines. JavaScript numbers bind as DOUBLE.
 */
export async function inProcessDuckDB(): Promise<SqlEngine & { close(): void }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    dialect: duckdbDialect,
    async query(sql, parameters) {
      const reader = await connection.runAndReadAll(
        sql,
        parameters === undefined ? undefined : [...parameters],
      );
      return reader.getRows();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * The test file's in-process DuckDB (see inProcessDuckDB), opened before its tests and closed after them:
 * an engine to pass at once, whose queries wait for it to open.
 */
export function inProcessDuckDBForTests(): SqlEngine {
  let opened: ReturnType<typeof inProcessDuckDB> | undefined;
  beforeAll(async () => {
    opened = inProcessDuckDB();
    await opened;
  });
  afterAll(async () => (await opened)?.close());
  return { dialect: duckdbDialect, query: async (sql, parameters) => (await opened!).query(sql, parameters) };
}

/** The passes both a SQL objective and core's in-memory reference have. */
interface Passes {
  readonly dim: number;
  value(theta: Float64Array): number;
  valueAndGradient(theta: Float64Array, grad: Float64Array): number;
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
  hessian(theta: Float64Array, out: Float64Array): void;
}

/** f, ∇f, Hv (along a fixed v) and H of `objective` and `reference` at θ agree to `agreement` relative. */
export function expectSamePasses(
  objective: Passes,
  reference: Passes,
  theta: Float64Array,
  agreement: number,
): void {
  const d = objective.dim;
  const [grad, expectedGrad, product, expectedProduct] = [d, d, d, d].map((n) => new Float64Array(n)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const v = Float64Array.from({ length: d }, (_, j) => Math.cos(3 * j + 0.5));
  const f = objective.valueAndGradient(theta, grad);
  const expectedF = reference.valueAndGradient(theta, expectedGrad);
  expect(Math.abs(f - expectedF) / expectedF).toBeLessThanOrEqual(agreement);
  expect(Math.abs(objective.value(theta) - expectedF) / expectedF).toBeLessThanOrEqual(agreement);
  expect(relativeError(grad, expectedGrad)).toBeLessThanOrEqual(agreement);
  objective.hessianVectorProduct(theta, v, product);
  reference.hessianVectorProduct(theta, v, expectedProduct);
  expect(relativeError(product, expectedProduct)).toBeLessThanOrEqual(agreement);
  const [hessian, expectedHessian] = [new Float64Array(d * d), new Float64Array(d * d)];
  objective.hessian(theta, hessian);
  reference.hessian(theta, expectedHessian);
  expect(relativeError(hessian, expectedHessian)).toBeLessThanOrEqual(agreement);
}
