import { CountingObjective, type EvaluationCounts, MinibatchObjective } from "./countingObjective.js";
import { DescentError, describeValue } from "./errors.js";
import { l1Penalty, pseudoGradientNorm } from "./l1Penalty.js";
import {
  type FiniteSumObjective,
  isFiniteSum,
  l1Strength,
  type Objective,
  penalizedCountOf,
} from "./objective.js";
import type { Optimizer } from "./optimizer.js";
import { checkOptionNames } from "./optionNames.js";
import { checkNumberOption } from "./options.js";
import { createRandomState, type RandomState, shuffleInPlace } from "./random.js";
import { cloneState, stateShapeMismatch } from "./state.js";

/** The part of an AbortSignal the loop reads, so core needs neither DOM nor Node typings. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Why a run stopped. */
export type StopReason =
  /** ‖∇f(θ)‖∞ ≤ tol (with an L1 penalty, the pseudo-gradient's ∞-norm): converged. */
  | "gradient-tolerance"
  /** The loss changed by at most lossTol (relative) over an iteration (full batch) or an epoch: converged. */
  | "loss-tolerance"
  | "max-iterations"
  /**
   * Full batch: a step left θ and the loss exactly as they were (a line search found no decrease above
   * rounding), so every later step would too; or, on an objective that declares `reproducible: false` (its
   * passes differ in the last bits, as a multi-threaded SQL engine's do, so θ and f never repeat exactly),
   * for NOISE_STALL_ITERATIONS iterations the loss changed only within rounding and ‖∇f‖∞ did not halve.
   * Not counted as converged: tol was not reached.
   */
  | "stalled"
  | "aborted"
  /** The loss or gradient became non-finite; θ is the last point where both were finite. */
  | "diverged";

/** What a progress callback sees. `theta` is the live parameter buffer: copy it to keep it. */
export interface Progress {
  readonly iteration: number;
  readonly epoch: number;
  /**
   * F(θ) = f(θ) + λ1 Σ_{j<p}|θ_j| on the full data (full batch, or at the end of an epoch), otherwise on the
   * last minibatch.
   */
  readonly loss: number;
  /** ‖∇f(θ)‖∞ (the pseudo-gradient's with L1) on the full data, or NaN where it was not computed (inside an epoch). */
  readonly gradientNorm: number;
  /** Passes over the data so far (every evaluation counted, as in the result's `evaluations.passes`). */
  readonly passes: number;
  readonly theta: Float64Array;
}

/** Everything needed to continue a run exactly where it stopped, as plain data. */
export interface Checkpoint<S = unknown> {
  readonly theta: Float64Array;
  readonly optimizerState: S;
  readonly iteration: number;
  readonly epoch: number;
  /** Minibatch mode: the generator state, this epoch's order of rows and the position in it. */
  readonly random: RandomState | null;
  readonly order: Int32Array | null;
  readonly position: number;
}

export interface MinimizeOptions<S = unknown> {
  /** The starting point (copied). Default: zeros. Ignored when resuming. */
  readonly theta0?: ArrayLike<number>;
  /** The largest number of optimizer steps, counted from the start of the run (resumed runs included). Default 1000. */
  readonly maxIter?: number;
  /** Stop when ‖∇f(θ)‖∞ ≤ tol on the full objective. Default 1e-6. 0 turns the test off. */
  readonly tol?: number;
  /** Stop when |f_prev − f| ≤ lossTol · max(|f_prev|, |f|, 1), per iteration (full batch) or per epoch. Default: off. */
  readonly lossTol?: number;
  /** Rows per minibatch; default: the full batch. Needs a finite-sum objective. */
  readonly batchSize?: number;
  /** Seeds the shuffling of minibatches. Default 0. */
  readonly seed?: number;
  /** Stops the run, with reason "aborted", between two steps. */
  readonly signal?: AbortSignalLike;
  /** Called every `progressEvery` iterations and at the end of each epoch. */
  readonly onProgress?: (progress: Progress) => void;
  /** Default 1 (full batch) or the number of steps in an epoch (minibatches). */
  readonly progressEvery?: number;
  /** Continue from a checkpoint that an earlier run returned. */
  readonly resumeFrom?: Checkpoint<S>;
}

export interface MinimizeResult<S = unknown> {
  readonly theta: Float64Array;
  /** F(θ) = f(θ) + λ1 Σ_{j<p}|θ_j| on the full objective (f(θ) without an L1 penalty). */
  readonly loss: number;
  /**
   * ‖∇f(θ)‖∞ on the full objective; with an L1 penalty, the ∞-norm of F's minimum-norm subgradient (the
   * pseudo-gradient), which is 0 exactly at the optimum.
   */
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly epochs: number;
  readonly converged: boolean;
  readonly reason: StopReason;
  /** A sentence for people: why it stopped, with the numbers. */
  readonly message: string;
  readonly evaluations: EvaluationCounts;
  readonly state: S;
  readonly checkpoint: Checkpoint<S>;
}

/**
 * ‖·‖∞ of the minimum-norm subgradient of F = f + λ1 Σ_{j<p}|θ_j| at θ (the pseudo-gradient): ‖∇f(θ)‖∞
 * without an L1 penalty, and 0 exactly at a minimizer of F with one, so `tol` means the same for both.
 */
function stationarity<S>(run: RunContext<S>): number {
  return pseudoGradientNorm(run.theta, run.grad, run.l1, run.penalizedCount);
}

/** F(θ) from f(θ): the smooth loss plus λ1 Σ_{j<p}|θ_j|, what every report of the loss shows. */
function composite<S>(run: RunContext<S>, smoothLoss: number): number {
  return smoothLoss + l1Penalty(run.theta, run.penalizedCount, run.l1);
}

/**
 * A loss change at most this relative to the loss is rounding, not progress: 128 ulps, above the last-bit
 * noise of a sum over millions of rows added in varying order (measured on DuckDB: ~1e-14 relative), far
 * below any decrease that a line search can still resolve.
 */
export const ROUNDING_LOSS_CHANGE = 128 * Number.EPSILON;
/** ‖∇f‖∞ progresses when it falls below this fraction of its value at the last progress. */
const GRADIENT_PROGRESS = 0.5;
/**
 * Iterations without progress beyond rounding (the loss) nor a halving of ‖∇f‖∞ that make a full-batch run
 * on a non-reproducible objective stall: longer than L-BFGS's plateaus on ill-conditioned problems (20
 * iterations without a halving stopped a noisy run on breast cancer with λ = 1e-4 at ‖∇f‖∞ = 1e-11, three
 * decades above its noise floor; 30 let every run reach the floor). Only objectives that declare
 * `reproducible: false` are tested so: slow linear convergence (gradient descent, proximal gradient) can take
 * more than 30 iterations to halve a gradient whose loss changes are already below rounding, and exact
 * objectives stall on an exactly repeated θ instead.
 */
export const NOISE_STALL_ITERATIONS = 30;

function lossSettled(previous: number, current: number, lossTol: number): boolean {
  return Math.abs(previous - current) <= lossTol * Math.max(Math.abs(previous), Math.abs(current), 1);
}

function checkRequirements(
  objective: Objective,
  optimizer: Optimizer<unknown>,
  batchSize: number | undefined,
): void {
  const { secondOrder, fullBatch } = optimizer.requires;
  const hasHessian = typeof objective.hessian === "function";
  const hasProduct = typeof objective.hessianVectorProduct === "function";
  const missing =
    (secondOrder === "hessian" && !hasHessian) ||
    (secondOrder === "hessianVectorProduct" && !hasProduct) ||
    (secondOrder === "hessianOrHessianVectorProduct" && !hasHessian && !hasProduct);
  if (missing) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      `${optimizer.name} needs ${secondOrder === "hessianOrHessianVectorProduct" ? "a hessian or a hessianVectorProduct" : `a ${secondOrder}`} from the objective, which has none.`,
    );
  }
  if (batchSize !== undefined && fullBatch) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      `${optimizer.name} runs on the full batch only (its line search needs the true objective); remove batchSize.`,
      { value: batchSize },
    );
  }
  if (batchSize !== undefined && !isFiniteSum(objective)) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      "batchSize needs a finite-sum objective (one with valueAndGradientOnRows).",
    );
  }
  const l1 = l1Strength(objective);
  if (!(Number.isFinite(l1) && l1 >= 0)) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      `The objective's l1 is ${describeValue(l1)}; it must be ≥ 0.`,
      {
        value: l1,
      },
    );
  }
  const penalized = penalizedCountOf(objective);
  if (!(Number.isInteger(penalized) && penalized >= 0 && penalized <= objective.dim)) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      `The objective's penalizedCount is ${describeValue(penalized)}; it must be an integer in [0, ${objective.dim}].`,
      { value: penalized },
    );
  }
  if (l1 > 0 && optimizer.requires.l1 !== true) {
    throw new DescentError(
      "UNSUPPORTED_OBJECTIVE",
      `${optimizer.name} does not handle an L1 penalty (the objective has l1 = ${l1}); use one that declares requires.l1: lbfgs (OWL-QN), newton (proximal Newton), sgd, momentum or adam.`,
      { value: l1 },
    );
  }
}

/**
 * Refuses, with INVALID_STATE saying what differs, a checkpoint that this run cannot continue: not one at all,
 * θ of another dimension or not finite, counters that are not counts, minibatch fields on a full-batch run
 * (or none on a minibatch one), or optimizer state of another shape than this optimizer's for this problem
 * (another optimizer's, or another problem's).
 */
function checkCheckpoint<S>(
  checkpoint: unknown,
  optimizer: Optimizer<S>,
  dim: number,
  batchSize: number | undefined,
): asserts checkpoint is Checkpoint<S> {
  const refuse = (what: string): never => {
    throw new DescentError("INVALID_STATE", `resumeFrom is not a checkpoint this run can continue: ${what}.`);
  };
  if (checkpoint === null || typeof checkpoint !== "object") refuse(`got ${describeValue(checkpoint)}`);
  const record = checkpoint as Record<string, unknown>;
  const theta = record.theta;
  if (!(theta instanceof Float64Array)) return refuse(`theta is ${describeValue(theta)}, not a Float64Array`);
  if (theta.length !== dim)
    refuse(`its theta has ${theta.length} entries, but the objective has dimension ${dim}`);
  for (let j = 0; j < dim; j++) if (!Number.isFinite(theta[j]!)) refuse(`theta[${j}] is ${theta[j]}`);
  for (const counter of ["iteration", "epoch", "position"]) {
    const value = record[counter];
    if (!(typeof value === "number" && Number.isInteger(value) && value >= 0)) {
      refuse(`${counter} is ${describeValue(value)}, not a count`);
    }
  }
  const minibatch = record.order !== null || record.random !== null;
  if (batchSize === undefined && minibatch)
    refuse("it comes from a minibatch run, and this one is full batch");
  if (batchSize !== undefined && record.order !== null) {
    if (!(record.order instanceof Int32Array)) refuse(`order is ${describeValue(record.order)}`);
    const random = record.random as { seed?: unknown } | null;
    if (random === null || typeof random !== "object" || typeof random.seed !== "number") {
      refuse(`random is ${describeValue(record.random)}`);
    }
  }
  const mismatch = stateShapeMismatch(optimizer.init(dim), record.optimizerState, "optimizerState");
  if (mismatch !== undefined)
    refuse(`${mismatch} (a checkpoint of ${optimizer.name} on this problem has another shape)`);
}

function startingPoint(dim: number, theta0: ArrayLike<number> | undefined): Float64Array {
  const theta = new Float64Array(dim);
  if (theta0 === undefined) return theta;
  if (theta0.length !== dim) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `theta0 has ${theta0.length} entries, but the objective has dimension ${dim}.`,
    );
  }
  for (let j = 0; j < dim; j++) {
    const value = theta0[j];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DescentError("NON_FINITE_VALUE", `theta0[${j}] is ${describeValue(value)}.`, {
        column: j,
        value,
      });
    }
    theta[j] = value;
  }
  return theta;
}

/** The message of a "stalled" stop on noise rather than on an exactly repeated θ. */
const NOISE_STALL_MESSAGE = `stalled: for ${NOISE_STALL_ITERATIONS} iterations the loss changed only within rounding (${ROUNDING_LOSS_CHANGE.toExponential(1)} relative) and ‖∇f‖∞ did not halve (the objective's noise floor is above tol)`;

const describeReason: Record<StopReason, string> = {
  "gradient-tolerance": "converged: the gradient's ∞-norm fell to the tolerance",
  "loss-tolerance": "converged: the loss stopped changing",
  "max-iterations": "stopped at the iteration limit before converging",
  stalled:
    "stalled: a step could no longer change θ (the loss is at its rounding floor) before the gradient reached tol",
  aborted: "aborted by its signal",
  diverged: "diverged: the loss or gradient became non-finite; θ is the last finite point",
};

/**
 * Minimizes `objective` with `optimizer`: full batch, or seeded minibatches; stops on the gradient's
 * ∞-norm, the loss change, the iteration limit, an AbortSignal, or divergence (a non-finite loss or
 * gradient, which keeps the last finite θ). The loop allocates nothing per step.
 */
export function minimize<S>(
  objective: Objective,
  optimizer: Optimizer<S>,
  options: MinimizeOptions<S> = {},
): MinimizeResult<S> {
  const run = prepareRun(objective, optimizer, options);
  let result = run.begin();
  while (result === undefined) result = run.advance();
  return result;
}

/** Checks the options and the optimizer against the objective, and sets a run up at its start. */
export function prepareRun<S>(
  objective: Objective,
  optimizer: Optimizer<S>,
  options: MinimizeOptions<S> = {},
): SteppableRun<S> {
  checkOptionNames("minimize", options, [
    "theta0",
    "maxIter",
    "tol",
    "lossTol",
    "batchSize",
    "seed",
    "signal",
    "onProgress",
    "progressEvery",
    "resumeFrom",
  ]);
  if (options.progressEvery !== undefined) {
    checkNumberOption("progressEvery", options.progressEvery, { min: 1, integer: true });
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new DescentError(
      "INVALID_OPTION",
      `onProgress must be a function, got ${describeValue(options.onProgress)}.`,
      {
        value: options.onProgress,
      },
    );
  }
  const maxIter = checkNumberOption("maxIter", options.maxIter ?? 1000, { min: 0, integer: true });
  const tol = checkNumberOption("tol", options.tol ?? 1e-6, { min: 0 });
  const lossTol =
    options.lossTol === undefined ? -1 : checkNumberOption("lossTol", options.lossTol, { min: 0 });
  const batchSize =
    options.batchSize === undefined
      ? undefined
      : checkNumberOption("batchSize", options.batchSize, { min: 1, integer: true });
  checkRequirements(objective, optimizer as Optimizer<unknown>, batchSize);

  const dim = objective.dim;
  const resume = options.resumeFrom;
  if (resume !== undefined) checkCheckpoint(resume, optimizer, dim, batchSize);
  const theta = resume ? new Float64Array(resume.theta) : startingPoint(dim, options.theta0);
  const state = resume ? cloneState(resume.optimizerState) : optimizer.init(dim);
  const counted = new CountingObjective(objective);
  const grad = new Float64Array(dim);
  const lastFinite = new Float64Array(dim);

  const run: RunContext<S> = {
    counted,
    optimizer,
    theta,
    grad,
    lastFinite,
    state,
    maxIter,
    tol,
    lossTol,
    l1: counted.l1,
    penalizedCount: counted.penalizedCount,
    noisy: objective.reproducible === false,
    iteration: resume?.iteration ?? 0,
    epoch: resume?.epoch ?? 0,
    options,
    progressTheta: new Float64Array(options.onProgress === undefined ? 0 : dim),
  };
  return batchSize === undefined
    ? new FullBatchRun(run)
    : new MinibatchRun(run, counted.inner as FiniteSumObjective, batchSize, resume);
}

/**
 * A run that advances one optimizer step at a time, so that `minimize` can drive it to the end at once and
 * `minimizeAsync` can hand the event loop back between steps. Its loop state lives in fields, so nothing is
 * allocated per step and nothing is evaluated twice across a pause.
 */
export interface SteppableRun<S> {
  /** Evaluates the start; returns the result when the run ends there (it diverged). */
  begin(): MinimizeResult<S> | undefined;
  /**
   * Applies the stopping tests (tolerance, iteration limit, signal), then takes one step; returns the result
   * once the run ends.
   */
  advance(): MinimizeResult<S> | undefined;
}

interface RunContext<S> {
  readonly counted: CountingObjective;
  readonly optimizer: Optimizer<S>;
  readonly theta: Float64Array;
  readonly grad: Float64Array;
  readonly lastFinite: Float64Array;
  readonly state: S;
  readonly maxIter: number;
  readonly tol: number;
  readonly lossTol: number;
  /** λ1 and p of the objective's L1 penalty (0 and d without one). */
  readonly l1: number;
  readonly penalizedCount: number;
  /** The objective says that its passes are not bit-reproducible (`reproducible: false`). */
  readonly noisy: boolean;
  iteration: number;
  epoch: number;
  readonly options: MinimizeOptions<S>;
  /** What onProgress gets as θ: a copy, so that the callback cannot change the run. */
  readonly progressTheta: Float64Array;
}

function finish<S>(
  run: RunContext<S>,
  reason: StopReason,
  loss: number,
  gradientNorm: number,
  minibatch: { random: RandomState; order: Int32Array; position: number } | null,
  description: string = describeReason[reason],
): MinimizeResult<S> {
  const converged = reason === "gradient-tolerance" || reason === "loss-tolerance";
  const message = `${run.optimizer.name} ${description} after ${run.iteration} iterations (loss ${loss}, ‖∇f‖∞ ${gradientNorm}).`;
  return {
    theta: run.theta,
    loss,
    gradientNorm,
    iterations: run.iteration,
    epochs: run.epoch,
    converged,
    reason,
    message,
    evaluations: { ...run.counted.counts },
    state: run.state,
    checkpoint: {
      theta: new Float64Array(run.theta),
      optimizerState: cloneState(run.state),
      iteration: run.iteration,
      epoch: run.epoch,
      random: minibatch ? { ...minibatch.random } : null,
      order: minibatch ? new Int32Array(minibatch.order) : null,
      position: minibatch?.position ?? 0,
    },
  };
}

class FullBatchRun<S> implements SteppableRun<S> {
  private readonly progressEvery: number;
  /** f(θ), F(θ) and the stationarity measure at the current θ (∇f(θ) is in run.grad). */
  private smoothLoss = Number.NaN;
  private loss = Number.NaN;
  private gradientNorm = Number.NaN;
  /** ‖∇f‖∞ when it last halved, and the iterations since, in which the loss changed only within rounding. */
  private gradientRecord = Number.POSITIVE_INFINITY;
  private iterationsWithinRounding = 0;

  constructor(private readonly run: RunContext<S>) {
    this.progressEvery = run.options.progressEvery ?? 1;
  }

  begin(): MinimizeResult<S> | undefined {
    const { run } = this;
    // The optimizer sees f (smooth) and ∇f; the reports and tests see F = f + λ1‖w‖₁ and its pseudo-gradient.
    this.smoothLoss = run.counted.valueAndGradient(run.theta, run.grad);
    this.loss = composite(run, this.smoothLoss);
    this.gradientNorm = stationarity(run);
    this.gradientRecord = this.gradientNorm;
    if (!Number.isFinite(this.loss) || !Number.isFinite(this.gradientNorm)) {
      return finish(run, "diverged", this.loss, this.gradientNorm, null);
    }
    return undefined;
  }

  /** The tests made before each step: the gradient, the iteration limit, the signal. */
  private stopBeforeStep(): MinimizeResult<S> | undefined {
    const { run, loss, gradientNorm } = this;
    if (gradientNorm <= run.tol) return finish(run, "gradient-tolerance", loss, gradientNorm, null);
    if (run.iteration >= run.maxIter) return finish(run, "max-iterations", loss, gradientNorm, null);
    if (run.options.signal?.aborted) return finish(run, "aborted", loss, gradientNorm, null);
    return undefined;
  }

  advance(): MinimizeResult<S> | undefined {
    const stop = this.stopBeforeStep();
    if (stop !== undefined) return stop;
    const { run } = this;
    const { counted, optimizer, theta, grad, lastFinite, state, lossTol, options } = run;
    lastFinite.set(theta);
    const previousLoss = this.loss;
    const evaluated = optimizer.step(theta, grad, this.smoothLoss, state, counted);
    run.iteration += 1;
    this.smoothLoss = evaluated === undefined ? counted.valueAndGradient(theta, grad) : evaluated;
    this.loss = composite(run, this.smoothLoss);
    this.gradientNorm = stationarity(run);
    const { loss, gradientNorm } = this;
    if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
      theta.set(lastFinite);
      const lastLoss = composite(run, counted.valueAndGradient(theta, grad));
      return finish(run, "diverged", lastLoss, stationarity(run), null);
    }
    if (options.onProgress && run.iteration % this.progressEvery === 0)
      reportProgress(run, loss, gradientNorm);
    if (lossTol >= 0 && lossSettled(previousLoss, loss, lossTol)) {
      return finish(run, "loss-tolerance", loss, gradientNorm, null);
    }
    if (loss === previousLoss && sameBits(theta, lastFinite)) {
      return finish(run, "stalled", loss, gradientNorm, null);
    }
    if (run.noisy && this.progressedOnlyWithinRounding(previousLoss)) {
      return finish(run, "stalled", loss, gradientNorm, null, NOISE_STALL_MESSAGE);
    }
    return undefined;
  }

  /**
   * Counts the iterations since the loss last fell beyond its rounding or ‖∇f‖∞ last halved its lowest
   * value, and says when they reach NOISE_STALL_ITERATIONS. Exactly repeatable objectives stall on an
   * unchanged θ; this stops the runs on objectives with last-bit noise, whose steps at the rounding floor
   * keep moving θ and f by noise and whose gradient only fluctuates there. Newton's gradient, which falls
   * quadratically while f no longer changes, and L-BFGS's, which halves within fewer than 30 iterations on
   * the reference problems, are not stopped by it before their noise floor.
   */
  private progressedOnlyWithinRounding(previousLoss: number): boolean {
    const { loss, gradientNorm } = this;
    if (gradientNorm < GRADIENT_PROGRESS * this.gradientRecord) {
      this.gradientRecord = gradientNorm;
      this.iterationsWithinRounding = 0;
      return false;
    }
    const lossWithinRounding =
      previousLoss - loss <= ROUNDING_LOSS_CHANGE * Math.max(Math.abs(previousLoss), Math.abs(loss));
    this.iterationsWithinRounding = lossWithinRounding ? this.iterationsWithinRounding + 1 : 0;
    return this.iterationsWithinRounding >= NOISE_STALL_ITERATIONS;
  }
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  for (let j = 0; j < a.length; j++) if (!Object.is(a[j], b[j])) return false;
  return true;
}

class MinibatchRun<S> implements SteppableRun<S> {
  private readonly m: number;
  private readonly progressEvery: number;
  private readonly window: MinibatchObjective;
  private readonly minibatch: { random: RandomState; order: Int32Array; position: number };
  /** F and the stationarity measure on the full objective, at the start or the last epoch's end. */
  private epochLoss = Number.NaN;
  private gradientNorm = Number.NaN;

  constructor(
    private readonly run: RunContext<S>,
    private readonly objective: FiniteSumObjective,
    private readonly batchSize: number,
    resume: Checkpoint<S> | undefined,
  ) {
    const { counted, options } = run;
    const m = objective.examples;
    this.m = m;
    this.progressEvery = options.progressEvery ?? Math.ceil(m / batchSize);
    const random = resume?.random ? { ...resume.random } : createRandomState(options.seed ?? 0);
    const order = resume?.order ? new Int32Array(resume.order) : Int32Array.from({ length: m }, (_, i) => i);
    if (order.length !== m) {
      throw new DescentError(
        "INVALID_STATE",
        `The checkpoint's row order has ${order.length} rows, but the objective has ${m}.`,
      );
    }
    this.window = new MinibatchObjective(counted, order);
    this.minibatch = { random, order, position: resume?.order ? resume.position : m };
  }

  begin(): MinimizeResult<S> | undefined {
    const { run } = this;
    // The full objective at the start: the reference for the loss-change test and the gradient test.
    this.epochLoss = composite(run, run.counted.valueAndGradient(run.theta, run.grad));
    this.gradientNorm = stationarity(run);
    if (!Number.isFinite(this.epochLoss) || !Number.isFinite(this.gradientNorm)) {
      return finish(run, "diverged", this.epochLoss, this.gradientNorm, this.minibatch);
    }
    run.lastFinite.set(run.theta);
    return undefined;
  }

  /** At an epoch's boundary, the gradient test and the reshuffle; then the iteration limit and the signal. */
  private stopBeforeStep(): MinimizeResult<S> | undefined {
    const { run, minibatch, m } = this;
    if (minibatch.position >= m) {
      // An epoch boundary: test convergence on the full objective, then reshuffle.
      if (this.gradientNorm <= run.tol) {
        return finish(run, "gradient-tolerance", this.epochLoss, this.gradientNorm, minibatch);
      }
      if (this.objective.epochOrder === undefined) shuffleInPlace(minibatch.order, minibatch.random);
      else this.objective.epochOrder(minibatch.order, minibatch.random);
      minibatch.position = 0;
    }
    // At an epoch's end the loop has just evaluated the full objective at θ: no need to do it again.
    const atEpochEnd = minibatch.position === 0 || minibatch.position >= m;
    if (run.iteration >= run.maxIter) {
      return atEpochEnd
        ? finish(run, "max-iterations", this.epochLoss, this.gradientNorm, minibatch)
        : finishMinibatch(run, "max-iterations", minibatch);
    }
    if (run.options.signal?.aborted) {
      return atEpochEnd
        ? finish(run, "aborted", this.epochLoss, this.gradientNorm, minibatch)
        : finishMinibatch(run, "aborted", minibatch);
    }
    return undefined;
  }

  advance(): MinimizeResult<S> | undefined {
    const stop = this.stopBeforeStep();
    if (stop !== undefined) return stop;
    const { run, minibatch, m, window } = this;
    const { counted, optimizer, theta, grad, lastFinite, state, lossTol, options } = run;
    const start = minibatch.position;
    const end = Math.min(start + this.batchSize, m);
    window.start = start;
    window.end = end;
    const batchLoss = counted.valueAndGradientOnRows(theta, grad, minibatch.order, start, end);
    if (!Number.isFinite(batchLoss) || !Number.isFinite(stationarity(run))) {
      return finishMinibatch(run, "diverged", minibatch);
    }
    lastFinite.set(theta);
    optimizer.step(theta, grad, batchLoss, state, window);
    run.iteration += 1;
    minibatch.position = end;

    if (end >= m) {
      run.epoch += 1;
      const previousEpochLoss = this.epochLoss;
      this.epochLoss = composite(run, counted.valueAndGradient(theta, grad));
      this.gradientNorm = stationarity(run);
      if (!Number.isFinite(this.epochLoss) || !Number.isFinite(this.gradientNorm)) {
        theta.set(lastFinite);
        return finishMinibatch(run, "diverged", minibatch);
      }
      reportProgress(run, this.epochLoss, this.gradientNorm);
      if (lossTol >= 0 && lossSettled(previousEpochLoss, this.epochLoss, lossTol)) {
        return finish(run, "loss-tolerance", this.epochLoss, this.gradientNorm, minibatch);
      }
    } else if (options.onProgress && run.iteration % this.progressEvery === 0) {
      reportProgress(run, composite(run, batchLoss), Number.NaN);
    }
    return undefined;
  }
}

/**
 * Calls onProgress, if any, with a copy of θ in a buffer made once per run: a callback that writes into
 * `progress.theta` cannot change the run.
 */
function reportProgress<S>(run: RunContext<S>, loss: number, gradientNorm: number): void {
  const { options } = run;
  if (options.onProgress === undefined) return;
  run.progressTheta.set(run.theta);
  options.onProgress({
    iteration: run.iteration,
    epoch: run.epoch,
    loss,
    gradientNorm,
    passes: run.counted.counts.passes,
    theta: run.progressTheta,
  });
}

/** Ends a minibatch run inside an epoch: the reported loss and gradient are the full objective's at θ. */
function finishMinibatch<S>(
  run: RunContext<S>,
  reason: StopReason,
  minibatch: { random: RandomState; order: Int32Array; position: number },
): MinimizeResult<S> {
  if (reason === "diverged") {
    // A batch gradient or loss went non-finite after the last step: go back to the point before it.
    run.theta.set(run.lastFinite);
  }
  const loss = composite(run, run.counted.valueAndGradient(run.theta, run.grad));
  return finish(run, reason, loss, stationarity(run), minibatch);
}
