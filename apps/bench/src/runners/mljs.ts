import { logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
import { accuracy } from "../evaluation.js";
import type { MljsJob, RunOutput } from "../jobs.js";
import { readProblem } from "../problemStore.js";
import { monotoneSweepTimes, type Trace } from "../trace.js";
import { collectGarbage } from "./garbage.js";

/**
 * ml.js's `ml-logistic-regression` (child side). What it minimizes is not descent's loss: its
 * `train` takes `numSteps` of gradient ascent with a fixed step on the summed log-likelihood, with no
 * regularization and no intercept, and a binary problem is trained one-vs-rest as two classifiers
 * (twice the work; classifier 0 is the one for y = 1). We give it a column of ones for the intercept and
 * the step 1/(m L), which is gradient descent's 1/L on the mean loss. It can approach the unregularized
 * optimum, never f*; its gap stalls at f(θ_unregularized) − f*.
 *
 * It has no progress callback, so the trace comes from separate fits with 1, 2, 4, … steps, each timed
 * from the raw arrays (building ml-matrix's matrices included), until the budget is spent.
 */
export async function runMljs(job: MljsJob): Promise<RunOutput> {
  const { default: LogisticRegression } = await import("ml-logistic-regression");
  const { Matrix } = await import("ml-matrix");
  const problem = readProblem(job.problemDir);
  const { X, y } = problem.train;
  if (X.kind !== "dense") throw new Error("The ml.js runner takes dense problems only.");
  const [m, n] = X.shape;
  const objective = logisticObjective({ X, y, l2: problem.l2, backend: kernels({ threads: 1 }) });
  const stopLoss = job.fStar + job.stopGap * Math.abs(job.fStar);
  const budgetMs = job.budgetSeconds * 1000;
  const theta = new Float64Array(n + 1);
  const traces: Trace[] = [];
  let spentMs = 0;
  for (let repeat = 0; repeat < job.repeats && spentMs < job.totalBudgetSeconds * 1000; repeat++) {
    collectGarbage();
    const seconds = [0];
    const passes = [0];
    const losses = [Math.LN2];
    let spent = 0;
    for (let steps = 1; ; steps *= 2) {
      collectGarbage();
      const started = performance.now();
      const features = new Matrix(m, n + 1);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) features.set(i, j, X.data[i * n + j]!);
        features.set(i, n, 1);
      }
      const model = new LogisticRegression({ numSteps: steps, learningRate: job.learningRate });
      model.train(features, Matrix.columnVector(Array.from(y)));
      const elapsed = performance.now() - started;
      spent += elapsed;
      const weights = (model.classifiers[0] as { weights: { to1DArray(): number[] } }).weights.to1DArray();
      theta.set(weights);
      const f = objective.value(theta);
      seconds.push(elapsed / 1000);
      passes.push(2 * steps);
      losses.push(f);
      // The next fit takes about twice as long as this one: stop if it would overrun the budget.
      if (f <= stopLoss || !Number.isFinite(f) || spent + 2 * elapsed > budgetMs) break;
    }
    spentMs += spent;
    traces.push({ seconds: monotoneSweepTimes(seconds), passes, loss: losses });
  }
  return {
    traces,
    testAccuracy: accuracy(theta, problem.test),
    settings: {
      learningRate: job.learningRate,
      loss: "summed log-likelihood, no L2",
      intercept: "ones column",
      classifiers: "one-vs-rest (2)",
    },
    notes: [],
  };
}
