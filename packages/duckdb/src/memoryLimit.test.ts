import { join } from "node:path";
import { logisticObjective, minimize } from "@descent/core";
import { newton } from "@descent/newton";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  relativeError,
  runDuckDB,
  syntheticProblem,
  syntheticSql,
  temporaryDirectory,
} from "../test/files.js";
import { duckdbObjective } from "./index.js";

// X of 500k × 10 doubles is 40 MB; DuckDB may hold a quarter of that. A Parquet reader holds a row group per
// thread: row groups of 8k rows (0.7 MB of X each) stream under the limit, where DuckDB's default of 122k
// rows (10 MB) would not fit one. A large file wants the same proportion of row group to memory_limit.
const ROWS = 500_000;
const COLUMNS = 10;
const features = Array.from({ length: COLUMNS }, (_, j) => `x${j}`);
const directory = temporaryDirectory();
const file = join(directory.path, "synthetic.parquet");
// For the repeatability test: several row groups, so that two threads would split them.
const smallFile = join(directory.path, "small.parquet");

beforeAll(async () => {
  await runDuckDB(
    `COPY (${syntheticSql(ROWS, COLUMNS)}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 8192)`,
    `COPY (${syntheticSql(100_000, COLUMNS)}) TO '${smallFile}' (FORMAT parquet, ROW_GROUP_SIZE 16384)`,
  );
});
afterAll(() => directory.remove());

describe("data larger than DuckDB's memory", () => {
  it("a fit under a memory_limit of a quarter of X reaches the in-memory optimum", async () => {
    const objective = await duckdbObjective({
      relation: { file },
      label: "y",
      features,
      l2: 1e-4,
      // One thread: each thread holds its own row group and its own chunks of the pass's expressions; at
      // 10 MB two threads stream the gradient's pass but not the Hessian's 66 sums (Out of Memory, measured).
      config: { memory_limit: "10MB", threads: "1" },
    });
    try {
      // The limit is in force (DuckDB reports it in its own units), not merely asked for.
      expect(await objective.session.query("SELECT current_setting('memory_limit')")).toEqual([["9.5 MiB"]]);
      // Newton: the fewest passes (each reads the whole file again: nothing of it stays in memory).
      const result = minimize(objective, newton({ mode: "exact" }), { tol: 1e-10, maxIter: 30 });
      expect(result.converged).toBe(true);
      // The same numbers in memory (the generator is exact in both): the same fit reaches the same optimum.
      const { X, y } = syntheticProblem(ROWS, COLUMNS);
      const inMemory = minimize(logisticObjective({ X, y, l2: 1e-4 }), newton({ mode: "exact" }), {
        tol: 1e-10,
        maxIter: 30,
      });
      expect(Math.abs(result.loss - inMemory.loss) / inMemory.loss).toBeLessThanOrEqual(1e-12);
      expect(relativeError(result.theta, inMemory.theta)).toBeLessThanOrEqual(1e-10);
    } finally {
      objective.close();
    }
  });

  it("with SET threads = 1, passes repeat bit for bit, across sessions too", async () => {
    const theta = Float64Array.from({ length: COLUMNS + 1 }, (_, j) => 0.3 * Math.sin(j + 1));
    const run = async () => {
      const objective = await duckdbObjective({
        relation: { file: smallFile },
        label: "y",
        features,
        config: { threads: "1" },
      });
      try {
        const grad = new Float64Array(COLUMNS + 1);
        const f = objective.valueAndGradient(theta, grad);
        const again = new Float64Array(COLUMNS + 1);
        expect(objective.valueAndGradient(theta, again)).toBe(f);
        expect(again).toEqual(grad);
        return { f, grad };
      } finally {
        objective.close();
      }
    };
    const first = await run();
    const second = await run();
    expect(second.f).toBe(first.f);
    expect(second.grad).toEqual(first.grad);
  });
});
