import {
  type AnyOptimizer,
  type Checkpoint,
  encodeLabels,
  type FiniteSumObjective,
  type Label,
  LogisticRegression,
  logisticObjective,
  type MinimizeResult,
  minimize,
  multinomialObjective,
} from "@descent/core";
import { kernels } from "@descent/kernels";
import type { Part } from "./labelledData.js";

export interface SteppedRunSettings {
  /** λ2; undefined for LogisticRegression's default: 1/m (scikit-learn's C = 1), or 0 when l1 > 0. */
  readonly l2: number | undefined;
  /** λ1, the L1 strength; undefined or 0 for none (LogisticRegression's `l1`). */
  readonly l1?: number | undefined;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize: number | undefined;
  readonly seed: number;
}

/** The loss after an iteration (full batch), or after an epoch (minibatches). */
export interface LossPoint {
  readonly iteration: number;
  readonly loss: number;
}

/**
 * A LogisticRegression fit that advances a few steps at a time, so a page can draw between steps. Each
 * `advance` continues `minimize` from the previous call's checkpoint (`resumeFrom`), which continues a
 * run exactly: the steps, and so θ, are bit-for-bit those of one uninterrupted `fit` with the same
 * settings.
 */
export class SteppedRun<L extends Label = Label> {
  /** The K ≥ 2 classes, sorted: two fit the binary loss, more the multinomial one, as LogisticRegression. */
  readonly classes: readonly L[];
  readonly optimizerName: string;
  readonly l2: number;
  readonly l1: number;
  /** Starts with the loss at θ = 0 (iteration 0). */
  readonly losses: LossPoint[] = [];
  private readonly objective: FiniteSumObjective;
  private readonly features: number;
  private checkpoint: Checkpoint;
  private last: MinimizeResult;

  constructor(
    private readonly optimizer: AnyOptimizer,
    train: Part<L>,
    private readonly settings: SteppedRunSettings,
  ) {
    const { classes, indices, targets } = encodeLabels(train.y);
    this.classes = classes;
    this.optimizerName = optimizer.name;
    this.l1 = settings.l1 ?? 0;
    // LogisticRegression's defaults: with an L1 penalty and no λ2 given, a pure L1 model (penalty="l1").
    this.l2 = settings.l2 ?? (this.l1 > 0 ? 0 : 1 / train.y.length);
    const { l1, l2 } = this;
    // As LogisticRegression.fit builds it, so that the steps are its steps.
    this.objective =
      classes.length === 2
        ? logisticObjective({ X: train.X, y: targets, l1, l2, backend: kernels() })
        : multinomialObjective({
            X: train.X,
            y: indices,
            classes: classes.length,
            l1,
            l2,
            backend: kernels(),
          });
    this.features = train.X.shape[1];
    // A run of zero steps: checks the optimizer against the objective and evaluates the start.
    this.last = this.minimize(0, undefined);
    this.checkpoint = this.last.checkpoint;
    this.losses.push({ iteration: 0, loss: this.last.loss });
  }

  private minimize(maxIter: number, resumeFrom: Checkpoint | undefined): MinimizeResult {
    const { tol, seed, batchSize } = this.settings;
    return minimize(this.objective, this.optimizer, {
      maxIter,
      tol,
      seed,
      ...(batchSize === undefined ? {} : { batchSize }),
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      onProgress: (progress) => {
        // Inside an epoch the loss is a minibatch's: only whole-data losses go on the curve.
        if (!Number.isNaN(progress.gradientNorm)) {
          this.losses.push({ iteration: progress.iteration, loss: progress.loss });
        }
      },
    });
  }

  /** Where the run is: the last call's result (θ, loss, gradient norm, iterations, why it stopped). */
  get result(): MinimizeResult {
    return this.last;
  }

  /** True once it converged, diverged, or reached the iteration limit of its settings. */
  get done(): boolean {
    return this.last.reason !== "max-iterations" || this.last.iterations >= this.settings.maxIter;
  }

  /** Runs up to `steps` more iterations (fewer when it stops first). */
  advance(steps: number): MinimizeResult {
    if (this.done) return this.last;
    const maxIter = Math.min(this.last.iterations + steps, this.settings.maxIter);
    this.last = this.minimize(maxIter, this.checkpoint);
    this.checkpoint = this.last.checkpoint;
    return this.last;
  }

  /** The model at the current θ, to predict and score with. */
  model(): LogisticRegression<L> {
    const theta = this.last.theta;
    const n = this.features;
    const rows = this.classes.length === 2 ? 1 : this.classes.length;
    // θ = [W (rows × n, row-major), b (rows)]; the K intercepts centered as fit reports them.
    const intercept = Array.from(theta.subarray(rows * n, rows * n + rows));
    const mean = rows > 1 ? intercept.reduce((sum, b) => sum + b, 0) / rows : 0;
    return LogisticRegression.fromJSON<L>({
      format: "descent.LogisticRegression",
      version: 2,
      classes: this.classes,
      coef: Array.from({ length: rows }, (_, k) => Array.from(theta.subarray(k * n, (k + 1) * n))),
      intercept: intercept.map((b) => b - mean),
      fitIntercept: true,
      l2: this.l2,
      ...(this.l1 > 0 ? { l1: this.l1 } : {}),
      optimizer: null,
    });
  }
}
