import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { logisticObjective } from "@descent/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtPackages } from "../../test/builtPackages.js";
import { kernels } from "../kernelsBackend.js";
import type { ObjectiveThreadPool } from "../objectiveThreadPool.js";
import { hasWebAssemblySimd } from "../webAssembly.js";
import { nodeThreadProvider } from "./nodeThreadProvider.js";

// Faults that used to hang the process forever: each runs in a child process with a time limit, so that a
// hang fails the test (a caller blocked in Atomics.wait cannot be interrupted from inside).

const TIME_LIMIT_MS = 60_000;

/** Runs `source` as an ES module in `directory` with `node`'s `flags`; its stdout is one JSON line. */
function runModule(directory: string, source: string, flags: readonly string[] = []) {
  const file = join(directory, "program.mjs");
  writeFileSync(file, source);
  const input = flags.includes("--input-type=module") ? ["-e", source] : [file];
  const run = spawnSync(process.execPath, [...flags, ...input], {
    cwd: directory,
    encoding: "utf8",
    timeout: TIME_LIMIT_MS,
  });
  return { ...run, timedOut: run.error !== undefined && /ETIMEDOUT/.test(String(run.error)) };
}

/** A program's prelude: a 2^20-entry problem (the default threshold for threads) and gradient descent. */
const PRELUDE = `
import { LogisticRegression, gradientTransformationOptimizer, scaleByLearningRate, constantSchedule, logisticObjective, isDescentError } from "@descent/core";
import { kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
const rows = 16384, columns = 64;
const data = new Float64Array(rows * columns);
for (let k = 0; k < data.length; k++) data[k] = Math.sin(k * 0.7);
const y = Array.from({ length: rows }, (_, i) => (Math.sin(i * 1.3) > 0 ? 1 : 0));
const X = { data, shape: [rows, columns] };
const optimizer = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {});
const theta = new Float64Array(columns + 1).fill(0.01);
const grad = new Float64Array(columns + 1);
function refusal(action) {
  try { action(); return null; } catch (error) { return isDescentError(error) ? { code: error.code, message: error.message } : String(error); }
}
`;

/** 2^20 entries, the default threshold for threads. */
function problem() {
  const rows = 16384;
  const columns = 64;
  const data = new Float64Array(rows * columns);
  for (let k = 0; k < data.length; k++) data[k] = Math.sin(k * 0.7);
  const y = Array.from({ length: rows }, (_, i) => (Math.sin(i * 1.3) > 0 ? 1 : 0));
  return { X: { data, shape: [rows, columns] as const }, y };
}

describe.runIf(hasWebAssemblySimd())("thread faults end in a DescentError or a result, never a hang", () => {
  let directory: string;
  let remove = () => {};
  beforeAll(async () => {
    ({ directory, remove } = await builtPackages());
  });
  afterAll(() => remove());

  it("a process started with --input-type=module fits on threads (the workers do not inherit the flag)", () => {
    const run = runModule(
      directory,
      `${PRELUDE}
const model = new LogisticRegression({ optimizer, maxIter: 3, tol: 0, backend: kernels({ threads: 2 }) }).fit(X, y);
const objective = logisticObjective({ X, y, backend: kernels({ threads: 2 }) });
console.log(JSON.stringify({ threads: objective.threads, finite: model.coef.every(Number.isFinite) }));
`,
      ["--input-type=module"],
    );
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ threads: 2, finite: true });
  });

  it("a worker that dies between passes makes the next pass throw INVALID_STATE; the pool says it cannot run", () => {
    const run = runModule(
      directory,
      `${PRELUDE}
const pool = createThreadPool({ threads: 3 });
const objective = logisticObjective({ X, y, backend: kernels({ threads: pool }) });
const before = objective.valueAndGradient(theta, grad);
await pool.terminateWorkerForTesting(1);
const pass = refusal(() => objective.valueAndGradient(theta, grad));
const attach = refusal(() => logisticObjective({ X, y, backend: kernels({ threads: pool }) }).value(theta));
console.log(JSON.stringify({ before: Number.isFinite(before), closed: pool.closed, pass, attach }));
pool.close();
`,
    );
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe("");
    const reply = JSON.parse(run.stdout);
    expect(reply.before).toBe(true);
    expect(reply.closed).toBe(true);
    expect(reply.pass.code).toBe("INVALID_STATE");
    expect(reply.pass.message).toMatch(/worker 2 of the thread pool stopped \(exit code \d+\)/);
    expect(reply.attach.code).toBe("INVALID_STATE");
    expect(reply.attach.message).toMatch(/cannot run: worker 2 .*Close it and create another/);
  });

  it("the shared pool of threads: n recovers: after a worker dies, the next objective gets new workers", async () => {
    const shared = nodeThreadProvider.sharedPool(2) as ObjectiveThreadPool & {
      readonly current?: { readonly pool: { terminateWorkerForTesting(index: number): Promise<void> } };
    };
    const { X, y } = problem();
    const theta = new Float64Array(65).fill(0.01);
    const grad = new Float64Array(65);
    const first = logisticObjective({ X, y, backend: kernels({ threads: shared }) });
    const expected = first.valueAndGradient(theta, grad);
    await shared.current!.pool.terminateWorkerForTesting(0);
    expect(() => first.valueAndGradient(theta, grad)).toThrow(
      expect.objectContaining({ code: "INVALID_STATE" }),
    );
    const second = logisticObjective({ X, y, backend: kernels({ threads: shared }) });
    expect(second.valueAndGradient(theta, grad)).toBe(expected);
    second.release?.();
  });
});
