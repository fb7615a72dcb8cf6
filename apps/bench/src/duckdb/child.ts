import { type AnyOptimizer, logisticObjective, minimize, type Objective } from "@descent/core";
import { duckdbObjective } from "@descent/duckdb";
import { createDenseMatrix, kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { lbfgs } from "@descent/lbfgs";
import { newton } from "@descent/newton";
import {
  DUCKDB_RESULT_MARKER,
  type DuckdbFitOptimizer,
  type DuckdbFitOutput,
  type DuckdbSideJob,
  type DuckdbSideOutput,
} from "./jobs.js";
import { featureNames, fillProblem } from "./syntheticData.js";

/** Fits stop here: far below the noise of DuckDB's summation order would make them run to maxIter. */
const FIT_TOLERANCE = 1e-8;
const FIT_MAX_ITERATIONS = 200;

/** A θ with every entry set, so that no pass can skip work on zeros (as the kernels group's). */
function testPoint(dim: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, j) => 0.01 * Math.sin(j + 1));
}

function optimizerOf(name: DuckdbFitOptimizer): AnyOptimizer {
  // Exact Newton steps: one Hessian pass and one gradient pass an iteration, what the issue's "Newton fit
  // in minutes" is about.
  return name === "newton" ? newton({ mode: "exact" }) : lbfgs();
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function measure(objective: Objective, job: DuckdbSideJob) {
  const theta = testPoint(objective.dim);
  const grad = new Float64Array(objective.dim);
  let value = objective.valueAndGradient(theta, grad); // warm-up: page cache, compiled kernels
  const passSeconds: number[] = [];
  const passCpuSeconds: number[] = [];
  for (let k = 0; k < job.passes; k++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    value = objective.valueAndGradient(theta, grad);
    passSeconds.push((performance.now() - started) / 1000);
    passCpuSeconds.push(cpuSeconds(cpu));
  }
  const fits = job.fits.map((name): DuckdbFitOutput => {
    const started = performance.now();
    const result = minimize(objective, optimizerOf(name), {
      tol: FIT_TOLERANCE,
      maxIter: FIT_MAX_ITERATIONS,
    });
    return {
      optimizer: name,
      seconds: (performance.now() - started) / 1000,
      passes: result.evaluations.passes,
      gradients: result.evaluations.gradient,
      hessians: result.evaluations.hessian,
      hessianVectorProducts: result.evaluations.hessianVectorProduct,
      iterations: result.iterations,
      converged: result.converged,
      loss: result.loss,
      gradientNorm: result.gradientNorm,
    };
  });
  return { value, passSeconds, passCpuSeconds, fits };
}

async function runDuckdbSide(job: DuckdbSideJob): Promise<Omit<DuckdbSideOutput, "maxRssBytes">> {
  const started = performance.now();
  const objective = await duckdbObjective({
    relation: { file: job.file },
    label: "y",
    features: featureNames(job.columns),
    l2: job.l2,
    passes: job.side === "parquet" ? "direct" : "sql",
    config: {
      threads: String(job.threads),
      ...(job.memoryLimit === undefined ? {} : { memory_limit: job.memoryLimit }),
    },
  });
  const setupSeconds = (performance.now() - started) / 1000;
  try {
    const [version] = await objective.session.query("SELECT version()");
    const limit = job.memoryLimit === undefined ? "" : `, memory_limit ${job.memoryLimit}`;
    const engine =
      job.side === "parquet"
        ? `direct read + kernels, ${objective.directThreads} thread(s) (DuckDB ${String(version?.[0])} inspects${limit})`
        : `DuckDB ${String(version?.[0])} SQL, ${job.threads} thread(s)${limit}`;
    return { side: job.side, engine, setupSeconds, ...measure(objective, job) };
  } finally {
    objective.close();
  }
}

function runMemorySide(job: DuckdbSideJob): Omit<DuckdbSideOutput, "maxRssBytes"> {
  const started = performance.now();
  const pool = job.threads > 1 ? createThreadPool({ threads: job.threads }) : undefined;
  try {
    // X written straight into kernel memory (shared, laid out for the pool): held once, as a loader would.
    const X = createDenseMatrix(job.rows, job.columns, pool === undefined ? {} : { threads: pool });
    const y = new Float64Array(job.rows);
    fillProblem(X.data, y, job.rows, job.columns);
    const objective = logisticObjective({ X, y, l2: job.l2, backend: kernels({ threads: pool ?? 1 }) });
    const setupSeconds = (performance.now() - started) / 1000;
    const engine = `${objective.backend}, ${job.threads} thread(s)`;
    return { side: "memory", engine, setupSeconds, ...measure(objective, job) };
  } finally {
    pool?.close();
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "null") as DuckdbSideJob;
  const output = job.side === "memory" ? runMemorySide(job) : await runDuckdbSide(job);
  // resourceUsage reports maxRSS in kilobytes.
  const reply: DuckdbSideOutput = { ...output, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(`\n${DUCKDB_RESULT_MARKER}${JSON.stringify(reply)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
