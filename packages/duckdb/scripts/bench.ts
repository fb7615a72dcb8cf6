/**
 * One measurement per process (see bench.mjs, which bundles this file and runs each mode in its own node):
 *
 *   generate <file> <rows> <columns>          writes the synthetic problem as Parquet, through DuckDB
 *   duckdb-pass <file> <rows> <columns>       times valueAndGradient passes over the file (DuckDB, every core)
 *   memory-pass <rows> <columns>              times core's in-memory logisticObjective on the same numbers
 *   duckdb-fit <file> <rows> <columns> <optimizer> <memory_limit>   a fit, with its time and peak RSS
 *
 * The data are a pure function of (row, column) in integer arithmetic, divided once: the SQL and the
 * TypeScript generators produce the same doubles, bit for bit, so both sides pass over the same data.
 */
import { type AnyOptimizer, logisticObjective, minimize } from "@descent/core";
import {
  syntheticFeatureNames as featureNames,
  syntheticLinearProblem as syntheticProblem,
  syntheticLinearSql as syntheticSql,
} from "@descent/datasets";
import { lbfgs } from "@descent/lbfgs";
import { newton } from "@descent/newton";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbObjective } from "../src/index.js";

const L2 = 1e-4;

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)} – max ${sorted.at(-1)!.toFixed(0)}, ${times.length} runs)`;
}

async function generate(file: string, rows: number, columns: number): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`COPY (${syntheticSql(rows, columns)}) TO '${file}' (FORMAT parquet)`);
  console.log(`generated ${rows} × ${columns} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  connection.closeSync();
  instance.closeSync();
}

async function duckdbPass(file: string, columns: number): Promise<void> {
  const objective = await duckdbObjective({
    relation: { file },
    label: "y",
    features: featureNames(columns),
    l2: L2,
  });
  const theta = Float64Array.from({ length: objective.dim }, (_, j) => 0.01 * Math.sin(j));
  const grad = new Float64Array(objective.dim);
  const times: number[] = [];
  let f = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    f = objective.valueAndGradient(theta, grad);
    if (run > 0) times.push(performance.now() - started); // the first run warms the page cache
  }
  console.log(`duckdb valueAndGradient: ${summary(times)}; f = ${f}, grad[0] = ${grad[0]}`);
  if (process.env.BENCH_HESSIAN === "1") {
    // One Hessian pass: (n+1)(n+2)/2 sums, what each exact Newton step costs on top of its gradient.
    const hessian = new Float64Array(objective.dim * objective.dim);
    const started = performance.now();
    objective.hessian(theta, hessian);
    console.log(
      `duckdb hessian (${(objective.dim * (objective.dim + 1)) / 2} sums): ${(performance.now() - started).toFixed(0)} ms, 1 run`,
    );
  }
  objective.close();
}

function memoryPass(rows: number, columns: number): void {
  const { X, y } = syntheticProblem(rows, columns);
  const objective = logisticObjective({ X, y, l2: L2 });
  const path = objective as unknown as { backend?: string; threads?: number; precision?: string };
  const theta = Float64Array.from({ length: objective.dim }, (_, j) => 0.01 * Math.sin(j));
  const grad = new Float64Array(objective.dim);
  const times: number[] = [];
  let f = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    f = objective.valueAndGradient(theta, grad);
    if (run > 0) times.push(performance.now() - started);
  }
  console.log(
    `in-memory valueAndGradient (backend ${path.backend}, ${path.threads} thread(s), ${path.precision}): ${summary(times)}; f = ${f}, grad[0] = ${grad[0]}`,
  );
}

async function duckdbFit(
  file: string,
  columns: number,
  optimizer: string,
  memoryLimit: string,
): Promise<void> {
  const started = performance.now();
  const objective = await duckdbObjective({
    relation: { file },
    label: "y",
    features: featureNames(columns),
    l2: L2,
    config: { memory_limit: memoryLimit },
  });
  const chosen: AnyOptimizer = optimizer === "newton" ? newton({ mode: "exact" }) : lbfgs();
  const result = minimize(objective, chosen, {
    tol: 1e-8,
    maxIter: 200,
  });
  const seconds = (performance.now() - started) / 1000;
  objective.close();
  const peak = process.resourceUsage().maxRSS / 1024;
  const xMiB = (objective.examples * columns * 8) / 2 ** 20;
  console.log(
    `${optimizer} fit under memory_limit ${memoryLimit}: ${result.message} ${JSON.stringify(result.evaluations)}; ${seconds.toFixed(0)} s in all (opening and inspection included); peak RSS ${peak.toFixed(0)} MiB, X ${xMiB.toFixed(0)} MiB = ${(xMiB / peak).toFixed(1)}× the peak`,
  );
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "generate") await generate(args[0]!, Number(args[1]), Number(args[2]));
else if (mode === "duckdb-pass") await duckdbPass(args[0]!, Number(args[2]));
else if (mode === "memory-pass") memoryPass(Number(args[0]), Number(args[1]));
else if (mode === "duckdb-fit") await duckdbFit(args[0]!, Number(args[2]), args[3]!, args[4]!);
else throw new Error(`unknown mode ${mode}`);
