import { kernels } from "@descent/kernels";
import { accuracy } from "../evaluation.js";
import type { RunOutput, TfjsJob } from "../jobs.js";
import { lossAtOrigin, problemObjective } from "../problemObjective.js";
import { readProblem } from "../problemStore.js";
import { type Trace, TraceRecorder } from "../trace.js";
import { collectGarbage } from "./garbage.js";
import { softmaxModel } from "./tfjsSoftmax.js";

/** Every step up to this one is traced; after it, traced steps grow geometrically (see below). */
const TRACE_EVERY_STEP_UNTIL = 10;
/** Traced steps grow by this factor: about 16 points a decade of steps. */
const TRACE_GROWTH = 1.15;

type Tf = typeof import("@tensorflow/tfjs");

/** One repeat's model: what the shared training loop below needs from the binary or the softmax one. */
export interface TfjsModel {
  /** The training loss (descent's objective, in float32). */
  readonly loss: () => import("@tensorflow/tfjs").Scalar;
  readonly variables: import("@tensorflow/tfjs").Variable[];
  /** Writes the weights into θ in descent's layout, so that descent's objective can evaluate them. */
  readTheta(theta: Float64Array): void;
  /** Every tensor the model made, to dispose of after the repeat. */
  readonly tensors: import("@tensorflow/tfjs").Tensor[];
}

/** Builds a repeat's model on the training rows (dense X, m × n), from zero weights. */
export type TfjsModelBuilder = (
  tf: Tf,
  X: { readonly data: Float64Array; readonly shape: readonly [number, number] },
  y: Float64Array,
  l2: number,
) => TfjsModel;

/**
 * The binary model: one logit x·w + b, the mean logistic loss (sigmoidCrossEntropy's mean reduction) plus
 * (λ/2)‖w‖², with an unpenalized intercept.
 */
const binaryModel: TfjsModelBuilder = (tf, X, y, l2) => {
  const [m, n] = X.shape;
  const features = tf.tensor2d(Float32Array.from(X.data), [m, n]);
  const targets = tf.tensor2d(Float32Array.from(y), [m, 1]);
  const w = tf.variable(tf.zeros([n, 1]));
  const b = tf.variable(tf.scalar(0));
  const halfL2 = tf.scalar(l2 / 2);
  return {
    loss: () =>
      tf.add(
        tf.losses.sigmoidCrossEntropy(targets, tf.add(tf.matMul(features, w), b)),
        tf.mul(halfL2, tf.sum(tf.square(w))),
      ) as import("@tensorflow/tfjs").Scalar,
    variables: [w, b],
    readTheta(theta) {
      theta.set(w.dataSync());
      theta[n] = b.dataSync()[0]!;
    },
    tensors: [features, targets, w, b, halfL2],
  };
};

/**
 * TensorFlow.js (child side), CPU backend, training descent's loss exactly, full batch, with its Adam or
 * SGD optimizer: on a binary problem the model above, on a multiclass one a softmax layer of K units
 * (tfjsSoftmax.ts). TF.js computes in float32 (it has no float64 tensors on the CPU backend), so its loss
 * cannot resolve a 1e-8 gap; the trace therefore evaluates f of its weights in float64 with descent's
 * objective, with the clock paused.
 */
export async function runTfjs(job: TfjsJob): Promise<RunOutput> {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  await tf.ready();
  const problem = readProblem(job.problemDir);
  const { X } = problem.train;
  if (X.kind !== "dense") throw new Error("The TF.js runner takes dense problems only.");
  const { classes } = problem;
  const objective = problemObjective(problem.train, problem.l2, classes, kernels({ threads: 1 }));
  const buildModel = classes === undefined ? binaryModel : softmaxModel(classes);
  const stopLoss = job.fStar + job.stopGap * Math.abs(job.fStar);
  const budgetMs = job.budgetSeconds * 1000;
  const theta = new Float64Array(objective.dim);
  const traces: Trace[] = [];
  let spentMs = 0;
  for (let repeat = 0; repeat < job.repeats && spentMs < job.totalBudgetSeconds * 1000; repeat++) {
    collectGarbage();
    const recorder = new TraceRecorder(job.fStar);
    recorder.record(0, 0, lossAtOrigin(classes));
    let paused = 0;
    const started = performance.now();
    const model = buildModel(tf, X, problem.train.y, problem.l2);
    const optimizer =
      job.optimizer === "adam" ? tf.train.adam(job.learningRate) : tf.train.sgd(job.learningRate);
    let nextTraced = 1;
    for (let step = 1; ; step++) {
      optimizer.minimize(model.loss, false, model.variables);
      if (step < nextTraced) continue;
      nextTraced = step < TRACE_EVERY_STEP_UNTIL ? step + 1 : Math.ceil(step * TRACE_GROWTH);
      const pause = performance.now();
      const elapsed = pause - started - paused;
      model.readTheta(theta);
      const f = objective.value(theta);
      recorder.record(elapsed / 1000, step, f);
      paused += performance.now() - pause;
      if (f <= stopLoss || elapsed >= budgetMs || !Number.isFinite(f)) {
        spentMs += elapsed;
        break;
      }
    }
    tf.dispose(model.tensors);
    optimizer.dispose();
    traces.push(recorder.finish());
  }
  return {
    traces,
    testAccuracy: accuracy(theta, problem.test, classes),
    settings: {
      ...(classes === undefined ? {} : { model: `softmax layer, ${classes} units` }),
      optimizer: job.optimizer,
      learningRate: job.learningRate,
      ...(job.optimizer === "adam" ? { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } : {}),
      batch: "full",
      dtype: "float32",
      backend: "cpu",
    },
    notes: [],
  };
}
