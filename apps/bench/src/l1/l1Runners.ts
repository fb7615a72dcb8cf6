import { logisticObjective, minimize, regularizationPath } from "@descent/core";
import { kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { accuracy } from "../evaluation.js";
import { readProblem } from "../problemStore.js";
import { collectGarbage } from "../runners/garbage.js";
import { type Trace, TraceRecorder } from "../trace.js";
import type { L1DescentJob, L1DescentOutput, L1PathJob, L1PathOutput } from "./l1Jobs.js";
import { l1Configuration } from "./l1Optimizers.js";
import { supportMismatches } from "./l1Reference.js";

/** F at θ = 0: every logit is 0, log(1 + e⁰) = log 2, and both penalties are 0. */
const F_AT_ORIGIN = Math.LN2;

/**
 * One L1 configuration (child side), as runners/descent.ts runs the smooth ones: each repeat builds the
 * objective (kernels backend, on the pool when there is one) and minimizes from θ = 0, tracing F (minimize
 * reports the composite loss) until the gap reaches the stop target or the budget runs out.
 */
export async function runL1Descent(job: L1DescentJob): Promise<L1DescentOutput> {
  const configuration = l1Configuration(job.configurationId, job.lipschitz);
  const stopLoss = job.fStar + job.stopGap * Math.abs(job.fStar);
  const budgetMs = job.budgetSeconds * 1000;
  const pool = job.threads > 1 ? createThreadPool({ threads: job.threads }) : undefined;
  const problem = readProblem(job.problemDir, pool);
  const traces: Trace[] = [];
  const notes: string[] = [];
  let theta: Float64Array = new Float64Array(0);
  let spentMs = 0;
  let backend = "";
  for (let repeat = 0; repeat < job.repeats && spentMs < job.totalBudgetSeconds * 1000; repeat++) {
    collectGarbage();
    const optimizer = configuration.create();
    const recorder = new TraceRecorder(job.fStar);
    recorder.record(0, 0, F_AT_ORIGIN);
    const signal = { aborted: false };
    const started = performance.now();
    const objective = logisticObjective({
      X: problem.train.X,
      y: problem.train.y,
      l1: job.l1,
      l2: job.l2,
      backend: kernels({ threads: pool ?? 1 }),
    });
    backend = objective.backend;
    const result = minimize(objective, optimizer, {
      maxIter: 100_000_000,
      tol: 0,
      signal,
      onProgress(progress) {
        const elapsed = performance.now() - started;
        recorder.record(elapsed / 1000, progress.passes, progress.loss);
        if (progress.loss <= stopLoss || elapsed >= budgetMs) signal.aborted = true;
      },
    });
    if (result.reason === "diverged") notes.push(`repeat ${repeat + 1} diverged: ${result.message}`);
    spentMs += performance.now() - started;
    traces.push(recorder.finish());
    theta = result.theta;
  }
  pool?.close();
  const features = problem.train.X.shape[1];
  let nonZero = 0;
  for (let j = 0; j < features; j++) if (theta[j] !== 0) nonZero += 1;
  return {
    traces,
    testAccuracy: accuracy(theta, problem.test),
    settings: { ...configuration.settings, backend, threads: pool?.threads ?? 1 },
    notes,
    nonZero,
    supportMismatches: supportMismatches(theta, job.support, features),
  };
}

/** descent's whole path, warm-started, on kernels(): regularizationPath as a user calls it, timed whole. */
export async function runL1Path(job: L1PathJob): Promise<L1PathOutput> {
  const pool = job.threads > 1 ? createThreadPool({ threads: job.threads }) : undefined;
  const problem = readProblem(job.problemDir, pool);
  const configuration = l1Configuration(job.configurationId, 1);
  const seconds: number[] = [];
  let points: L1PathOutput["points"] = [];
  for (let repeat = 0; repeat < job.repeats; repeat++) {
    collectGarbage();
    const started = performance.now();
    const path = regularizationPath({
      X: problem.train.X,
      y: problem.train.y,
      optimizer: configuration.create(),
      l1Ratio: job.l1Ratio,
      strengths: job.strengths,
      tol: job.tol,
      maxIter: 100_000,
      backend: kernels({ threads: pool ?? 1 }),
    });
    seconds.push((performance.now() - started) / 1000);
    points = path.points.map((point) => ({
      objective: point.objective,
      nonZero: point.nonZero,
      passes: point.passes,
      converged: point.converged,
    }));
  }
  pool?.close();
  return { seconds, points };
}
