import { join } from "node:path";
import { DescentError, type DescentErrorCode } from "@descent/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inProcessDuckDB, temporaryDirectory } from "../test/files.js";
import { duckdbObjective, sqlLogisticObjective } from "./index.js";
import type { RelationColumns } from "./inspectRelation.js";
import type { SqlEngine } from "./sqlEngine.js";

// Four rows: a and b numbers, s text, y two classes, w weights; variants of it below.
const TABLE =
  "SELECT * FROM (VALUES (1.5, 2.0, 'p', 0, 1.0), (0.5, -1.0, 'q', 1, 2.0), (2.5, 0.0, 'r', 1, 0.5), (-1.0, 3.0, 's', 0, 1.0)) AS t(a, b, s, y, w)";
const withRows = (rows: string) => ({ query: `SELECT * FROM (VALUES ${rows}) AS t(a, b, s, y, w)` });

let engine: SqlEngine & { close(): void };
beforeAll(async () => {
  engine = await inProcessDuckDB();
});
afterAll(() => engine.close());

async function refusal(columns: Partial<RelationColumns> & { l2?: number }): Promise<DescentError> {
  try {
    await sqlLogisticObjective(engine, {
      relation: { query: TABLE },
      label: "y",
      features: ["a", "b"],
      ...columns,
    });
  } catch (error) {
    if (error instanceof DescentError) return error;
    throw error;
  }
  throw new Error("expected a DescentError; the objective was built");
}

describe("bad input is refused with a DescentError that names the column and the count", () => {
  const cases: [string, Partial<RelationColumns> & { l2?: number }, DescentErrorCode, string][] = [
    [
      "a missing feature column",
      { features: ["a", "nope"] },
      "INVALID_OPTION",
      `features[1] names column "nope", which the query "${TABLE.slice(0, 77)}..." does not have (its columns: a, b, s, y, w).`,
    ],
    [
      "a missing label column",
      { label: "class" },
      "INVALID_OPTION",
      `label names column "class", which the query "${TABLE.slice(0, 77)}..." does not have (its columns: a, b, s, y, w).`,
    ],
    [
      "a text feature",
      { features: ["a", "s"] },
      "INVALID_OPTION",
      `features[1] names column "s" of the query "${TABLE.slice(0, 77)}...", of type VARCHAR: features must be numbers.`,
    ],
    [
      "NULLs in a feature",
      { relation: withRows("(1.5, NULL, 'p', 0, 1.0), (0.5, NULL, 'q', 1, 2.0), (2.5, 0.0, 'r', 1, 0.5)") },
      "NON_FINITE_VALUE",
      "has 2 NULLs in 3 rows; features must be finite numbers.",
    ],
    [
      "a NaN and an Infinity in a feature",
      {
        relation: {
          query:
            "SELECT * FROM (VALUES (1.5, 'nan'::DOUBLE, 0), (0.5, 'inf'::DOUBLE, 1), (2.5, 0.0, 1)) AS t(a, b, y)",
        },
      },
      "NON_FINITE_VALUE",
      "has 2 non-finite values (NaN or ±Infinity) in 3 rows",
    ],
    [
      "no rows",
      { relation: { query: `${TABLE} WHERE false` } },
      "EMPTY_DATA",
      "has no rows: there is nothing to learn from.",
    ],
    [
      "a NULL label",
      { relation: withRows("(1.5, 2.0, 'p', 0, 1.0), (0.5, -1.0, 'q', NULL, 2.0), (2.5, 0.0, 'r', 1, 0.5)") },
      "INVALID_LABEL",
      `label column "y" of the query`,
    ],
    [
      "three classes",
      { relation: withRows("(1.5, 2.0, 'p', 0, 1.0), (0.5, -1.0, 'q', 1, 2.0), (2.5, 0.0, 'r', 2, 0.5)") },
      "NOT_TWO_CLASSES",
      "has more than two classes (0, 1, 2 at least); this objective is binary (sqlMultinomialObjective and duckdbMultinomialObjective fit K ≥ 3).",
    ],
    [
      "one class",
      { relation: withRows("(1.5, 2.0, 'p', 1, 1.0), (0.5, -1.0, 'q', 1, 2.0)") },
      "NOT_TWO_CLASSES",
      "has a single class (1); two are needed to fit a classifier.",
    ],
    [
      "a negative weight",
      { sampleWeight: "w", relation: withRows("(1.5, 2.0, 'p', 0, 1.0), (0.5, -1.0, 'q', 1, -2.0)") },
      "INVALID_SAMPLE_WEIGHT",
      `sampleWeight column "w" of the query`,
    ],
    [
      "weights that sum to 0",
      { sampleWeight: "w", relation: withRows("(1.5, 2.0, 'p', 0, 0.0), (0.5, -1.0, 'q', 1, 0.0)") },
      "INVALID_SAMPLE_WEIGHT",
      "sums to 0: at least one row must count.",
    ],
    [
      "one column in two roles",
      { features: ["a", "y"] },
      "INVALID_OPTION",
      'features[1] and label both name column "y".',
    ],
    ["no features", { features: [] }, "INVALID_OPTION", "features must name at least one column."],
    [
      "a file type DuckDB does not read",
      { relation: { file: "data.xlsx" } },
      "INVALID_OPTION",
      'relation.file "data.xlsx": DuckDB reads .csv, .tsv, .parquet, .json, .jsonl and .ndjson files',
    ],
    [
      "two relations at once",
      { relation: { file: "a.csv", table: "t" } as never },
      "INVALID_OPTION",
      "relation must be exactly one of { file }, { table } or { query }, each a non-empty string; got 2 of them.",
    ],
    ["a negative l2", { l2: -1 }, "INVALID_OPTION", "l2 must be a finite number ≥ 0, got -1."],
  ];

  it.each(cases)("%s", async (_name, columns, code, message) => {
    const error = await refusal(columns);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("NULLs name the feature's index, column and count", async () => {
    const error = await refusal({
      relation: withRows("(1.5, NULL, 'p', 0, 1.0), (0.5, NULL, 'q', 1, 2.0), (2.5, 0.0, 'r', 1, 0.5)"),
    });
    expect(error.message).toMatch(/^features\[1\], column "b" of the query ".*", has 2 NULLs in 3 rows/);
    expect(error.column).toBe(1);
    expect(error.value).toBe(2);
  });

  it("a missing file: DuckDB's own reason, under INVALID_OPTION", async () => {
    const directory = temporaryDirectory();
    const missing = join(directory.path, "missing.parquet");
    try {
      const error = await refusal({ relation: { file: missing } });
      expect(error.code).toBe("INVALID_OPTION");
      expect(error.message).toContain(`DuckDB could not read the file ${JSON.stringify(missing)}: IO Error`);
    } finally {
      directory.remove();
    }
  });

  it("through duckdbObjective, the same refusal, and the worker is stopped", async () => {
    const error = await duckdbObjective({
      relation: { query: TABLE },
      label: "y",
      features: ["a", "nope"],
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DescentError);
    expect((error as DescentError).code).toBe("INVALID_OPTION");
    expect((error as DescentError).message).toContain('features[1] names column "nope"');
  });
});
