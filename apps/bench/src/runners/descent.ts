import { minimize } from "@descent/core";
import { type KernelLogisticObjective, kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { accuracy } from "../evaluation.js";
import type { DescentJob, RunOutput } from "../jobs.js";
import { discoverOptimizers } from "../optimizers.js";
import { lossAtOrigin, objectiveBackendName, problemObjective } from "../problemObjective.js";
import { readProblem } from "../problemStore.js";
import { type Trace, TraceRecorder } from "../trace.js";
import { collectGarbage } from "./garbage.js";

/**
 * Runs one descent optimizer configuration (child side): each repeat builds the objective from the
 * raw arrays (validation included, as a user's fit pays it) and minimizes from θ = 0 until the gap
 * reaches the stop target or the time budget runs out, recording (time, passes, loss) at every
 * progress report. The loss the loop reports is the full objective, so tracing costs nothing.
 */
export async function runDescent(job: DescentJob): Promise<RunOutput> {
  const { configurations } = await discoverOptimizers(job.tuning, undefined, [job.packageName]);
  const configuration = configurations.find((candidate) => candidate.id === job.configurationId);
  if (configuration === undefined) throw new Error(`No optimizer configuration ${job.configurationId}.`);
  const stopLoss = job.fStar + job.stopGap * Math.abs(job.fStar);
  const budgetMs = job.budgetSeconds * 1000;
  const traces: Trace[] = [];
  const notes: string[] = [];
  let theta: Float64Array = new Float64Array(0);
  let backend = "typescript";
  let spentMs = 0;
  // Made once, before any timing, as a thread pool lives for a program's whole life; used on large X.
  const pool = job.threads > 1 ? createThreadPool({ threads: job.threads }) : undefined;
  // Read after the pool exists, so that X is laid out in shared memory for it and never copied.
  const problem = readProblem(job.problemDir, pool);
  let threads = 1;
  for (let repeat = 0; repeat < job.repeats && spentMs < job.totalBudgetSeconds * 1000; repeat++) {
    collectGarbage();
    const optimizer = configuration.create();
    const recorder = new TraceRecorder(job.fStar);
    recorder.record(0, 0, lossAtOrigin(problem.classes));
    const signal = { aborted: false };
    const started = performance.now();
    const objective = problemObjective(
      problem.train,
      problem.l2,
      problem.classes,
      // Without a pool, 1: the default ("auto") would run on every core, and --threads 1 means one.
      kernels({ threads: pool ?? 1 }),
    );
    backend = objectiveBackendName(objective);
    threads = (objective as Partial<KernelLogisticObjective>).threads ?? 1;
    const result = minimize(objective, optimizer, {
      maxIter: 100_000_000,
      tol: 0,
      signal,
      ...(configuration.batchSize === undefined ? {} : { batchSize: configuration.batchSize, seed: 1 }),
      onProgress(progress) {
        const elapsed = performance.now() - started;
        // Inside a minibatch epoch the loss is the batch's, not f: only full evaluations go on the trace.
        if (Number.isNaN(progress.gradientNorm)) return;
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
  return {
    traces,
    testAccuracy: accuracy(theta, problem.test, problem.classes),
    settings: { ...configuration.settings, backend, threads },
    notes,
  };
}
