import type { Objective } from "./objective.js";

/**
 * Optimizer state: plain data only (numbers, booleans, strings, Float64Arrays, and arrays or records of
 * those), so that a run can be saved, restored and inspected. Never hidden in closures.
 */
export type StateValue =
  | number
  | boolean
  | string
  | null
  | Float64Array
  | readonly StateValue[]
  | StateRecord;
export interface StateRecord {
  readonly [key: string]: StateValue;
}

/** What an optimizer needs from the objective, checked by `minimize` before the first step. */
export interface OptimizerRequirements {
  /**
   * Second-order information it queries: the Hessian matrix, Hessian-vector products, or either one
   * (the optimizer then picks from what the objective has).
   */
  readonly secondOrder?: "hessian" | "hessianVectorProduct" | "hessianOrHessianVectorProduct";
  /** True when it cannot run on minibatches (a line search needs the true objective). */
  readonly fullBatch?: boolean;
  /**
   * True when it minimizes F = f + λ1 Σ_{j<p} |θ_j| for an objective with `l1` > 0 (by a proximal step,
   * OWL-QN, proximal Newton). `minimize` refuses an l1 objective, before the first step, for an optimizer
   * that does not declare it: none may ignore the penalty.
   */
  readonly l1?: boolean;
}

/**
 * The plugin contract. A factory such as `sgd({ learningRate: 0.1 })` returns one of these.
 *
 * `minimize` owns the loop: it evaluates f(θ) and ∇f(θ) (on the current minibatch, if any), checks the
 * stopping rules, then calls `step`, which moves θ in place. A step allocates nothing; its buffers are
 * made in `init` and live in the state.
 */
export interface Optimizer<S = unknown> {
  /** A short name for reports: "sgd", "adam", "newton". */
  readonly name: string;
  readonly requires: OptimizerRequirements;
  /** The settings it was built with, as plain data (schedules by their description). */
  readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  /** The state for a problem of dimension `dim`. */
  init(dim: number): S;
  /**
   * Moves θ in place. On entry `grad` = ∇f(θ) and `loss` = f(θ), evaluated by the loop on `objective`
   * (the current minibatch when there is one); the step may overwrite `grad`. Both are the smooth part f:
   * with an L1 penalty (`objective.l1` > 0) the step adds λ1‖w‖₁ itself where it needs F.
   *
   * Returns f at the new θ when the step evaluated it there with its gradient (a line search does),
   * having left ∇f(new θ) in `grad`, so the loop does not evaluate it again; otherwise `undefined`.
   */
  step(
    theta: Float64Array,
    grad: Float64Array,
    loss: number,
    state: S,
    objective: Objective,
  ): number | undefined;
}

/** The state type of an optimizer. */
export type StateOf<O> = O extends Optimizer<infer S> ? S : never;

/** An optimizer of any state type, for code that only passes optimizers along. */
// biome-ignore lint/suspicious/noExplicitAny: the state type is the plugin's own; callers never look inside.
export type AnyOptimizer = Optimizer<any>;
