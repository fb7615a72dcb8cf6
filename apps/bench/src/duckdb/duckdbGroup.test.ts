import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import type { DuckdbGroupResults } from "./group.js";
import { duckdbPlan } from "./plan.js";
import { duckdbMarkdown, duckdbTable } from "./report.js";
import { featureNames, fillProblem, parquetCopySql } from "./syntheticData.js";

const directory = mkdtempSync(join(tmpdir(), "descent-bench-duckdb-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("the DuckDB group's problem", () => {
  it("DuckDB's Parquet file holds the doubles TypeScript fills in memory, bit for bit", async () => {
    // Rows past P = 1 000 003 too, where the integer arithmetic wraps.
    const rows = 1_000_100;
    const columns = 4;
    const file = join(directory, "problem.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(parquetCopySql(file, rows, columns));
      // Every 99 991st row and the last two; file_row_number is the row's index i.
      const reader = await connection.runAndReadAll(
        `SELECT ${featureNames(columns).join(", ")}, y, file_row_number
         FROM read_parquet('${file}', file_row_number = true)
         WHERE file_row_number % 99991 = 0 OR file_row_number > ${rows - 3}`,
      );
      const data = new Float64Array(rows * columns);
      const y = new Float64Array(rows);
      fillProblem(data, y, rows, columns);
      const sampled = reader.getRows();
      expect(sampled.length).toBeGreaterThan(10);
      for (const row of sampled) {
        const i = Number(row[columns + 1]);
        for (let j = 0; j < columns; j++) expect(row[j]).toBe(data[i * columns + j]);
        expect(Number(row[columns])).toBe(y[i]);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("the DuckDB group's plan and report", () => {
  it("quick is one small case on every side; full adds 10M × 50 and the memory case under a limit", () => {
    const every = ["duckdb", "parquet", "memory"];
    expect(duckdbPlan("quick").map((c) => [c.rows, c.columns, c.sides, c.fitSides])).toEqual([
      [200_000, 20, every, every],
    ]);
    const full = duckdbPlan("full");
    expect(full.map((c) => [c.rows, c.columns, c.sides, c.fitSides])).toEqual([
      [200_000, 20, every, every],
      [10_000_000, 50, every, ["parquet", "memory"]],
      [10_000_000, 50, ["parquet", "memory"], ["parquet"]],
      [25_000_000, 10, ["parquet", "duckdb"], ["parquet", "duckdb"]],
    ]);
    expect(full[2]!.compression).toBe("uncompressed");
    expect(full[3]!.memoryLimit).toBe("512MB");
  });

  it("reports each side's pass, fits and peak RSS, with DuckDB's pass against memory's", () => {
    const summary = (median: number, min = median, max = median) => ({ median, min, max, count: 3 });
    const spec = duckdbPlan("quick")[0]!;
    const results: DuckdbGroupResults = {
      group: "duckdb",
      mode: "quick",
      startedAt: "2026-12-04T21:00:00.000Z",
      threads: 2,
      cases: [
        {
          case: spec,
          xBytes: 32e6,
          fileBytes: 32e6,
          failures: [],
          loadAverage: { start: 1, end: 2 },
          sides: (["duckdb", "memory"] as const).map((side) => ({
            side,
            engine: side === "duckdb" ? "DuckDB v1.5.6, 2 thread(s)" : "kernels, 2 thread(s)",
            setupSeconds: summary(1),
            passSeconds: side === "duckdb" ? summary(0.3, 0.25, 0.4) : summary(0.1),
            passCpuSeconds: summary(0.2),
            value: side === "duckdb" ? 0.5 + 1e-16 : 0.5,
            fits: [
              { optimizer: "newton", seconds: summary(2), passes: summary(13), converged: true, loss: 0.5 },
              { optimizer: "lbfgs", seconds: summary(3), passes: summary(26), converged: false, loss: 0.5 },
            ],
            maxRssBytes: 64e6,
          })),
        },
      ],
    };
    const table = duckdbTable(results);
    expect(table.header).toEqual([
      "case",
      "engine",
      "pass (median [min–max])",
      "pass CPU",
      "newton",
      "lbfgs",
      "peak RSS",
    ]);
    expect(table.rows[0]).toEqual([
      "parquet-200000x20",
      "DuckDB v1.5.6, 2 thread(s)",
      "300.0 ms [250.0 ms–400.0 ms] (3.0× memory)",
      "200.0 ms",
      "2.00 s, 13 passes",
      "3.00 s, 26 passes (not converged)",
      "64.0 MB (X/peak 0.50)",
    ]);
    expect(duckdbMarkdown(results)).toContain(
      "duckdb: f at the test point agrees with memory's to 2.2e-16 relative",
    );
  });
});
