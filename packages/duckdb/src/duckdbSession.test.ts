import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import { DescentError } from "@descent/core";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { type DuckDBLogisticObjective, DuckDBSession, duckdbObjective } from "./index.js";

const SMALL = { query: "SELECT 1.0 AS x, 0 AS y UNION ALL SELECT 2.0, 1 UNION ALL SELECT 3.0, 0" };
// 3·10^8 rows of work: seconds on any machine, far beyond the timeouts set below.
const SLOW_SUM = "SELECT sum(sqrt(CAST(a.range AS DOUBLE) * $1)) FROM range(100000) AS a, range(3000) AS b";

function workerOf(objective: DuckDBLogisticObjective): Worker {
  return (objective.session as unknown as { worker: Worker }).worker;
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the worker's life: every failure is a DescentError, never a hang", () => {
  it("close() stops the worker; later passes throw INVALID_STATE; close() again does nothing", async () => {
    const objective = await duckdbObjective({ relation: SMALL, label: "y", features: ["x"] });
    expect(objective.value(new Float64Array(2))).toBeCloseTo(Math.LN2, 15);
    objective.close();
    expect(objective.open).toBe(false);
    const error = thrown(() => objective.value(new Float64Array(2)));
    expect(error).toBeInstanceOf(DescentError);
    expect(error).toMatchObject({
      code: "INVALID_STATE",
      message: "DuckDB cannot run aggregate: the DuckDB session was closed.",
    });
    await expect(objective.valueAsync(new Float64Array(2))).rejects.toMatchObject({ code: "INVALID_STATE" });
    objective.close();
  });

  it("a worker that died between passes: the next pass throws INVALID_STATE at once", async () => {
    const objective = await duckdbObjective({ relation: SMALL, label: "y", features: ["x"] });
    await workerOf(objective).terminate();
    const started = performance.now();
    const error = thrown(() => objective.valueAndGradient(new Float64Array(2), new Float64Array(2)));
    expect(error).toMatchObject({ code: "INVALID_STATE" });
    expect((error as DescentError).message).toMatch(/the DuckDB worker exited \(code 1\)/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  // Not tested: a worker terminated while DuckDB's native code runs a query. Node then tears the worker's
  // environment down under DuckDB's N-API call, which throws from native code and aborts the whole process
  // ("terminate called after throwing an instance of 'Napi::Error'", seen on this machine under load), so no
  // caller can be told anything. A worker that exits between passes is handled (the test above); a statement
  // that runs too long is interrupted through DuckDB, not by terminating the worker (the test below).

  it("a statement beyond the timeout is interrupted, throws INVALID_STATE, and the session lives on", async () => {
    const session = await DuckDBSession.open({ timeoutMs: 300 });
    try {
      const id = session.prepareSync({ sql: SLOW_SUM, bindings: Int32Array.of(0), outputs: 1 });
      const started = performance.now();
      const error = thrown(() => session.aggregateSync(id, Float64Array.of(1), new Float64Array(1)));
      expect(error).toMatchObject({
        code: "INVALID_STATE",
        message: "DuckDB: a pass over the data ran longer than the timeout (300 ms) and was interrupted.",
      });
      // Interrupted on the worker's next heartbeat, not run to its end.
      expect(performance.now() - started).toBeLessThan(5000);
      expect(session.open).toBe(true);
      expect(await session.query("SELECT 42 AS answer")).toEqual([[42]]);
    } finally {
      session.close();
    }
  });

  it("a synchronous pass while an asynchronous one runs is refused, not interleaved", async () => {
    const session = await DuckDBSession.open();
    try {
      const id = session.prepareSync({ sql: SLOW_SUM, bindings: Int32Array.of(0), outputs: 1 });
      const pending = session.aggregate(id, Float64Array.of(1), new Float64Array(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const error = thrown(() => session.aggregateSync(id, Float64Array.of(1), new Float64Array(1)));
      expect(error).toMatchObject({
        code: "INVALID_STATE",
        message:
          "DuckDB is busy with an asynchronous request; await it before a pass over the data synchronously.",
      });
      session.close();
      await expect(pending).rejects.toMatchObject({ code: "INVALID_STATE" });
    } finally {
      session.close();
    }
  });

  it.each(["close", "no-close"])("the worker never keeps the process alive (%s)", async (mode) => {
    const cache = new URL("../node_modules/.cache/", import.meta.url).pathname;
    mkdirSync(cache, { recursive: true });
    const probe = `${cache}exit-probe.mjs`;
    await build({
      entryPoints: [new URL("../test/exitProbe.ts", import.meta.url).pathname],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      conditions: ["@descent/source"],
      external: ["@duckdb/node-api"],
      outfile: probe,
      logLevel: "error",
    });
    const child = spawnSync(process.execPath, [probe, mode], { encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    expect(child.signal).toBeNull(); // not killed by the timeout: it ended by itself
    expect(child.status).toBe(0);
    expect(Number(child.stdout.trim())).toBeCloseTo(Math.LN2, 15);
  });
});
