import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { runCommand } from "../childProcess.js";
import type { ProgressReporter } from "../progress.js";
import { type Summary, summarize } from "../stats.js";
import {
  DUCKDB_RESULT_MARKER,
  type DuckdbFitOptimizer,
  type DuckdbSide,
  type DuckdbSideJob,
  type DuckdbSideOutput,
} from "./jobs.js";
import { type DuckdbCase, duckdbL2, duckdbPlan } from "./plan.js";
import { parquetCopySql } from "./syntheticData.js";

/** The built child, next to the CLI in dist/. */
const CHILD = fileURLToPath(new URL("./duckdbChild.js", import.meta.url));

export interface DuckdbFitSummary {
  readonly optimizer: DuckdbFitOptimizer;
  readonly seconds: Summary;
  readonly passes: Summary;
  readonly converged: boolean;
  readonly loss: number;
}

export interface DuckdbSideSummary {
  readonly side: DuckdbSide;
  readonly engine: string;
  readonly setupSeconds: Summary;
  readonly passSeconds: Summary;
  readonly passCpuSeconds: Summary;
  readonly value: number;
  readonly fits: readonly DuckdbFitSummary[];
  /** The largest peak RSS of the side's children, bytes. */
  readonly maxRssBytes: number;
}

export interface DuckdbCaseResult {
  readonly case: DuckdbCase;
  readonly xBytes: number;
  readonly fileBytes: number;
  readonly sides: readonly DuckdbSideSummary[];
  /** Why a side is missing (it failed), if one is. */
  readonly failures: readonly string[];
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export interface DuckdbGroupResults {
  readonly group: "duckdb";
  readonly mode: "quick" | "full";
  readonly startedAt: string;
  readonly threads: number;
  readonly cases: readonly DuckdbCaseResult[];
}

/** Writes the case's Parquet file once into the cache (DuckDB's writer: 122 880-row groups, SNAPPY unless the case says otherwise). */
async function parquetFile(cacheDir: string, spec: DuckdbCase): Promise<string> {
  const directory = join(cacheDir, "duckdb");
  mkdirSync(directory, { recursive: true });
  const compression = spec.compression ?? "snappy";
  const path = join(
    directory,
    `x${spec.rows}x${spec.columns}${compression === "snappy" ? "" : `-${compression}`}.parquet`,
  );
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(parquetCopySql(partial, spec.rows, spec.columns, compression));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  renameSync(partial, path); // a file cut short by an interrupted run is never taken for the problem
  return path;
}

async function runSide(job: DuckdbSideJob, timeoutSeconds: number): Promise<DuckdbSideOutput> {
  const out = await runCommand(process.execPath, [CHILD, JSON.stringify(job)], { timeoutSeconds });
  const line = out.split("\n").find((candidate) => candidate.startsWith(DUCKDB_RESULT_MARKER));
  if (line === undefined) throw new Error(`the DuckDB group's child printed no result: ${out.slice(-500)}`);
  return JSON.parse(line.slice(DUCKDB_RESULT_MARKER.length)) as DuckdbSideOutput;
}

function summarizeSide(outputs: readonly DuckdbSideOutput[]): DuckdbSideSummary {
  const first = outputs[0]!;
  return {
    side: first.side,
    engine: first.engine,
    setupSeconds: summarize(outputs.map((output) => output.setupSeconds)),
    passSeconds: summarize(outputs.flatMap((output) => output.passSeconds)),
    passCpuSeconds: summarize(outputs.flatMap((output) => output.passCpuSeconds)),
    value: first.value,
    fits: first.fits.map((fit, k) => {
      const runs = outputs.map((output) => output.fits[k]!);
      return {
        optimizer: fit.optimizer,
        seconds: summarize(runs.map((run) => run.seconds)),
        passes: summarize(runs.map((run) => run.passes)),
        converged: runs.every((run) => run.converged),
        loss: fit.loss,
      };
    }),
    maxRssBytes: Math.max(...outputs.map((output) => output.maxRssBytes)),
  };
}

async function runCase(
  spec: DuckdbCase,
  cacheDir: string,
  threads: number,
  progress: ProgressReporter,
): Promise<DuckdbCaseResult> {
  const loadAtStart = loadavg()[0]!;
  progress.start(`${spec.id}: writing the Parquet file`);
  const file = await parquetFile(cacheDir, spec);
  const fileBytes = statSync(file).size;
  progress.done();
  const sides = spec.sides;
  const outputs = new Map<DuckdbSide, DuckdbSideOutput[]>(sides.map((side) => [side, []]));
  const failures: string[] = [];
  // Rounds alternate the sides, so that a change of load on the machine falls on both.
  for (let round = 0; round < spec.rounds; round++) {
    for (const side of sides) {
      progress.start(`${spec.id}: ${side}, round ${round + 1} of ${spec.rounds}`);
      const job: DuckdbSideJob = {
        side,
        file,
        rows: spec.rows,
        columns: spec.columns,
        l2: duckdbL2(spec.rows),
        passes: spec.passes,
        fits: spec.fitSides.includes(side) ? spec.fits : [],
        threads,
        ...(spec.memoryLimit === undefined ? {} : { memoryLimit: spec.memoryLimit }),
      };
      try {
        outputs.get(side)!.push(await runSide(job, spec.timeoutSeconds));
      } catch (error) {
        failures.push(`${side}, round ${round + 1}: ${(error as Error).message}`);
        progress.log(`duckdb group, ${spec.id}: the ${side} side failed: ${(error as Error).message}`);
      }
      progress.done();
    }
  }
  return {
    case: spec,
    xBytes: spec.rows * spec.columns * 8,
    fileBytes,
    sides: sides
      .filter((side) => outputs.get(side)!.length > 0)
      .map((side) => summarizeSide(outputs.get(side)!)),
    failures,
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
  };
}

/** Runs the DuckDB group: each case's Parquet file through DuckDB's SQL and read directly, beside the same doubles in memory. */
export async function runDuckdbGroup(options: {
  readonly mode: "quick" | "full";
  readonly cacheDir: string;
  readonly threads: number;
  readonly progress: ProgressReporter;
}): Promise<DuckdbGroupResults> {
  const startedAt = new Date().toISOString();
  const plan = duckdbPlan(options.mode);
  options.progress.addTasks(plan.reduce((tasks, spec) => tasks + 1 + spec.rounds * spec.sides.length, 0));
  const cases: DuckdbCaseResult[] = [];
  for (const spec of plan)
    cases.push(await runCase(spec, options.cacheDir, options.threads, options.progress));
  return { group: "duckdb", mode: options.mode, startedAt, threads: options.threads, cases };
}
