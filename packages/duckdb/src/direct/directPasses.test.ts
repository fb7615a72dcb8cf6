import { copyFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { DescentError, logisticObjective, minimize } from "@descent/core";
import { referenceProblems } from "@descent/datasets";
import { newton } from "@descent/newton";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectSamePasses,
  relativeError,
  runDuckDB,
  syntheticSql,
  temporaryDirectory,
  writeCsv,
} from "../../test/files.js";
import { type DuckDBLogisticObjective, type DuckDBObjectiveOptions, duckdbObjective } from "../index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());

const breastCancer = referenceProblems().find((problem) => problem.name.includes("breast"))!;
const n = breastCancer.X.shape[1];
const features = Array.from({ length: n }, (_, j) => `x${j}`);
const csv = join(directory.path, "breast-cancer.csv");
/** The rows with a weight column w = 1 + (i mod 7)/3. */
const weights = Float64Array.from({ length: breastCancer.X.shape[0] }, (_, i) => 1 + (i % 7) / 3);

/** Breast cancer as Parquet, written by DuckDB with `options` (e.g. "COMPRESSION uncompressed, ROW_GROUP_SIZE 100"). */
async function parquet(name: string, options: string, select = "*"): Promise<string> {
  const file = join(directory.path, `${name}.parquet`);
  await runDuckDB(
    `COPY (SELECT ${select} FROM read_csv('${csv}')) TO '${file}' (FORMAT parquet${options ? `, ${options}` : ""})`,
  );
  return file;
}

beforeAll(() => {
  writeCsv(csv, breastCancer.X, breastCancer.y, weights);
});

const open: DuckDBLogisticObjective[] = [];
afterAll(() => {
  for (const objective of open) objective.close();
});

async function objectiveOver(file: string, options: Partial<DuckDBObjectiveOptions> = {}) {
  const objective = await duckdbObjective({
    relation: { file },
    label: "y",
    features,
    l2: breastCancer.l2,
    ...options,
  });
  open.push(objective);
  return objective;
}

const theta = Float64Array.from({ length: n + 1 }, (_, j) => 0.05 * Math.sin(3 * j + 1));

describe("the direct Parquet passes", () => {
  it("run on DuckDB's default Parquet (SNAPPY) and equal core's in-memory objective to 1e-12", async () => {
    const objective = await objectiveOver(await parquet("default", ""));
    expect(objective.passEngine).toBe("parquet");
    expect(objective.directRefusal).toBeUndefined();
    expect(objective.reproducible).toBe(true);
    const reference = logisticObjective({ X: breastCancer.X, y: breastCancer.y, l2: breastCancer.l2 });
    // Away from the optimum, where ∇f's size makes a relative error meaningful.
    expectSamePasses(objective, reference, theta, 1e-12);
    expectSamePasses(
      objective,
      reference,
      Float64Array.from(breastCancer.theta, (value) => value / 2),
      1e-12,
    );
  });

  it("over many row groups on 2 threads, weighted and standardized, equal the SQL passes to 1e-12, with and without an intercept", async () => {
    // DuckDB writes row groups of at least 2048 rows: 20 000 rows make 10 of them.
    const file = join(directory.path, "synthetic.parquet");
    await runDuckDB(
      `COPY (SELECT *, 1 + (x3 + 1) * 2 AS w FROM (${syntheticSql(20_000, 6)})) TO '${file}' (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 2048)`,
    );
    const names = features.slice(0, 6);
    for (const fitIntercept of [true, false]) {
      const options = {
        features: names,
        sampleWeight: "w",
        standardize: true,
        fitIntercept,
        config: { threads: "2" },
      };
      const direct = await objectiveOver(file, options);
      const sql = await objectiveOver(file, { ...options, passes: "sql" });
      expect(direct.passEngine).toBe("parquet");
      expect(direct.directThreads).toBe(2);
      expect(sql.passEngine).toBe("sql");
      const point = Float64Array.from({ length: direct.dim }, (_, j) => 0.3 * Math.cos(j));
      expectSamePasses(direct, sql, point, 1e-12);
    }
  });

  it("read UNCOMPRESSED PLAIN doubles straight from the file, to the bits of the same rows decoded from SNAPPY", async () => {
    // 20 000 rows in row groups of 4096, so blocks of 8192 rows never line up with a row group's end.
    const names = features.slice(0, 5);
    const files = ["uncompressed", "snappy"].map((compression) =>
      join(directory.path, `straight-${compression}.parquet`),
    );
    await runDuckDB(
      ...files.map(
        (file, k) =>
          `COPY (${syntheticSql(20_000, 5)}) TO '${file}' (FORMAT parquet, COMPRESSION ${k === 0 ? "uncompressed" : "snappy"}, ROW_GROUP_SIZE 4096)`,
      ),
    );
    // Unstandardized for the bits: DuckDB's means and scales, summed on two threads, vary in the last bit.
    const options = { features: names, config: { threads: "2" } };
    const [straight, decoded] = await Promise.all(files.map((file) => objectiveOver(file, options)));
    const point = Float64Array.from({ length: 6 }, (_, j) => 0.2 * Math.sin(j + 2));
    const [a, b] = [new Float64Array(6), new Float64Array(6)];
    expect(straight!.valueAndGradient(point, a)).toBe(decoded!.valueAndGradient(point, b));
    expect(a).toEqual(b);
    const [h, k] = [new Float64Array(36), new Float64Array(36)];
    straight!.hessian(point, h);
    decoded!.hessian(point, k);
    expect(h).toEqual(k);
    const standardized = { ...options, standardize: true };
    const sql = await objectiveOver(files[0]!, { ...standardized, passes: "sql" });
    expectSamePasses(await objectiveOver(files[0]!, standardized), sql, point, 1e-12);
  });

  it("repeat bit for bit, and decode SNAPPY and UNCOMPRESSED files to the same sums", async () => {
    const snappy = await objectiveOver(await parquet("snappy-100", "COMPRESSION snappy, ROW_GROUP_SIZE 100"));
    const plain = await objectiveOver(
      await parquet("plain-100", "COMPRESSION uncompressed, ROW_GROUP_SIZE 100"),
    );
    const [a, b, c] = [new Float64Array(n + 1), new Float64Array(n + 1), new Float64Array(n + 1)];
    const f = snappy.valueAndGradient(theta, a);
    expect(snappy.valueAndGradient(theta, b)).toBe(f);
    expect(b).toEqual(a);
    expect(plain.valueAndGradient(theta, c)).toBe(f);
    expect(c).toEqual(a);
    expect(await snappy.valueAndGradientAsync(theta, b)).toBe(f);
    expect(b).toEqual(a);
  });

  it("fit Newton's optimum to 1e-10 of scikit-learn's", async () => {
    const objective = await objectiveOver(await parquet("fit", ""));
    const result = minimize(objective, newton({ mode: "exact" }), { tol: 1e-12 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.loss - breastCancer.optimum.f) / breastCancer.optimum.f).toBeLessThanOrEqual(
      1e-10,
    );
    expect(relativeError(result.theta, breastCancer.theta)).toBeLessThanOrEqual(1e-8);
  });

  it("read labels stored as integers, booleans or doubles", async () => {
    for (const [name, label] of [
      ["integer", "y::INTEGER AS y"],
      ["boolean", "y = 1 AS y"],
      ["double", "y::DOUBLE AS y"],
    ] as const) {
      const file = await parquet(`label-${name}`, "", `${features.join(", ")}, ${label}`);
      const objective = await objectiveOver(file);
      expect(objective.passEngine).toBe("parquet");
      const grad = new Float64Array(n + 1);
      const expected = new Float64Array(n + 1);
      const reference = logisticObjective({ X: breastCancer.X, y: breastCancer.y, l2: breastCancer.l2 });
      expect(
        Math.abs(objective.valueAndGradient(theta, grad) / reference.valueAndGradient(theta, expected) - 1),
      ).toBeLessThan(1e-12);
      expect(relativeError(grad, expected)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe("where the direct passes cannot read, the SQL passes run and say why", () => {
  it.each([
    ["a ZSTD file", () => parquet("zstd", "COMPRESSION zstd"), /ZSTD/],
    [
      "string labels",
      () => parquet("strings", "", `${features.join(", ")}, CASE WHEN y = 1 THEN 'm' ELSE 'b' END AS y`),
      /not numbers or booleans/,
    ],
    ["a CSV file", async () => csv, /is not one local \.parquet file/],
  ] as const)("%s", async (_name, make, reason) => {
    const file = await make();
    const objective = await objectiveOver(file);
    expect(objective.passEngine).toBe("sql");
    expect(objective.directRefusal).toMatch(reason);
    await expect(objectiveOver(file, { passes: "direct" })).rejects.toThrow(reason);
  });

  it("refuses an unknown passes option", async () => {
    await expect(objectiveOver(csv, { passes: "fast" as never })).rejects.toThrow(
      'passes must be "auto", "sql" or "direct", got "fast".',
    );
  });
});

describe("a file changed under the passes", () => {
  it("fails the pass with the worker's reason, as a DescentError", async () => {
    const file = await parquet("truncated", "ROW_GROUP_SIZE 100");
    const objective = await objectiveOver(file);
    expect(objective.passEngine).toBe("parquet");
    const kept = `${file}.kept`;
    copyFileSync(file, kept);
    truncateSync(file, 2000);
    const grad = new Float64Array(n + 1);
    let caught: unknown;
    try {
      objective.valueAndGradient(theta, grad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DescentError);
    expect((caught as Error).message).toMatch(
      /A direct Parquet pass failed: .*truncated\.parquet ended at byte \d+/,
    );
    copyFileSync(kept, file);
  });

  it("after close, a pass throws INVALID_STATE", async () => {
    const objective = await objectiveOver(await parquet("closed", ""));
    objective.close();
    expect(() => objective.value(theta)).toThrow(DescentError);
  });
});
