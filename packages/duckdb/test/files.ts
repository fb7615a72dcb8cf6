import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";
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
