import { DescentError } from "@descent/core";
import type { InspectedRelation } from "./inspectRelation.js";
import type { AggregateStatement, InputLayout } from "./logisticSql.js";
import type { SqlEngine } from "./sqlEngine.js";

/** One statement with its buffers: the parameters gathered from the input vector, and its sums. */
export interface Pass {
  readonly statement: AggregateStatement;
  readonly parameters: Float64Array;
  readonly sums: Float64Array;
}

export function passOf(statement: AggregateStatement): Pass {
  return {
    statement,
    parameters: new Float64Array(statement.bindings.length),
    sums: new Float64Array(statement.outputs),
  };
}

/**
 * What every SQL objective does around its statements, whatever the loss: keep the input vector
 * [θ | v | means | scales | weight scale] that each pass gathers its parameters from, run one pass on the
 * engine and read its row of sums, serve one asynchronous request at a time, and hold what the inspection
 * found. A subclass gives the four passes and how each one's sums finish into f, ∇f, ∇²f v or ∇²f.
 */
export abstract class SqlPasses {
  /** d, the number of parameters. */
  abstract readonly dim: number;
  /** m, the number of rows. */
  readonly examples: number;
  readonly features: number;
  readonly featureNames: readonly string[];
  readonly fitIntercept: boolean;
  readonly l2: number;
  /** λ1, carried for the optimizers (see Objective.l1). */
  readonly l1: number;
  /** The engine's feature means and population standard deviations, when standardizing; else null. */
  readonly means: Float64Array | null;
  readonly scales: Float64Array | null;
  /** [θ | v | means | scales | weight scale]: each pass gathers its parameters from here. */
  protected readonly inputs: Float64Array;
  private queue: Promise<unknown> = Promise.resolve();
  protected abstract readonly valuePass: Pass;
  protected abstract readonly gradientPass: Pass;
  protected abstract readonly productPass: Pass;
  protected abstract readonly hessianPass: Pass;

  protected constructor(
    protected readonly engine: SqlEngine,
    protected readonly layout: InputLayout,
    inspected: InspectedRelation,
    l2: number,
    l1: number,
  ) {
    const { model } = inspected;
    this.examples = inspected.examples;
    this.features = model.features.length;
    this.featureNames = model.features;
    this.fitIntercept = model.fitIntercept;
    this.l2 = l2;
    this.l1 = l1;
    this.means = inspected.means;
    this.scales = inspected.scales;
    this.inputs = new Float64Array(layout.length);
    if (inspected.means !== null) this.inputs.set(inspected.means, layout.means);
    if (inspected.scales !== null) this.inputs.set(inspected.scales, layout.scales);
    this.inputs[layout.weightScale] = inspected.weightScale;
  }

  /** f(θ) from the value pass's sums. */
  protected abstract finishValue(theta: Float64Array): number;
  /** grad ← ∇f(θ) from the gradient pass's sums; returns f(θ). */
  protected abstract finishValueAndGradient(theta: Float64Array, grad: Float64Array): number;
  /** out ← ∇²f(θ) v from the product pass's sums. */
  protected abstract finishHessianVectorProduct(v: Float64Array, out: Float64Array): void;
  /** out ← ∇²f(θ) (d × d, row-major) from the Hessian pass's sums. */
  protected abstract finishHessian(out: Float64Array): void;

  /** f(θ), one pass. */
  valueAsync(theta: Float64Array): Promise<number> {
    return this.serialized(async () => {
      this.load(theta, null);
      await this.runAsync(this.valuePass);
      return this.finishValue(theta);
    });
  }

  /** Writes ∇f(θ) into `grad` and resolves to f(θ), one pass. */
  valueAndGradientAsync(theta: Float64Array, grad: Float64Array): Promise<number> {
    return this.serialized(async () => {
      this.load(theta, null);
      await this.runAsync(this.gradientPass);
      return this.finishValueAndGradient(theta, grad);
    });
  }

  /** Writes ∇²f(θ) v into `out`, one pass. */
  hessianVectorProductAsync(theta: Float64Array, v: Float64Array, out: Float64Array): Promise<void> {
    return this.serialized(async () => {
      this.load(theta, v);
      await this.runAsync(this.productPass);
      this.finishHessianVectorProduct(v, out);
    });
  }

  /** Writes the d × d Hessian into `out` (row-major), one pass (of all its distinct sums). */
  hessianAsync(theta: Float64Array, out: Float64Array): Promise<void> {
    return this.serialized(async () => {
      this.load(theta, null);
      await this.runAsync(this.hessianPass);
      this.finishHessian(out);
    });
  }

  /** f(θ), one pass, blocking until it has run (see runSync). */
  protected valueSync(theta: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.valuePass);
    return this.finishValue(theta);
  }

  /** Writes ∇f(θ) into `grad` and returns f(θ), one pass, blocking. */
  protected valueAndGradientSync(theta: Float64Array, grad: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.gradientPass);
    return this.finishValueAndGradient(theta, grad);
  }

  /** Writes ∇²f(θ) v into `out`, one pass, blocking. */
  protected hessianVectorProductSync(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.load(theta, v);
    this.runSync(this.productPass);
    this.finishHessianVectorProduct(v, out);
  }

  /** Writes the d × d Hessian into `out`, one pass, blocking. */
  protected hessianSync(theta: Float64Array, out: Float64Array): void {
    this.load(theta, null);
    this.runSync(this.hessianPass);
    this.finishHessian(out);
  }

  /** Runs one pass on the engine: its parameters bound, its one row of sums read into pass.sums. */
  protected async runAsync(pass: Pass): Promise<void> {
    this.gather(pass);
    await this.aggregate(pass);
  }

  /** As runAsync, blocking the calling thread: for engines that can (aggregateSync overridden). */
  protected runSync(pass: Pass): void {
    this.gather(pass);
    this.aggregateSync(pass);
  }

  /** Runs the pass with its gathered parameters and reads its one row of sums into pass.sums. */
  protected async aggregate(pass: Pass): Promise<void> {
    const rows = await this.engine.query(pass.statement.sql, pass.parameters);
    const row = rows[0];
    if (row === undefined || row.length < pass.sums.length) {
      throw new DescentError(
        "INVALID_STATE",
        `${this.engine.dialect.name} returned ${row === undefined ? "no row" : `${row.length} columns`} for a pass of ${pass.sums.length} sums.`,
      );
    }
    for (let k = 0; k < pass.sums.length; k++) pass.sums[k] = row[k] === null ? Number.NaN : Number(row[k]);
  }

  /** As aggregate, blocking: only an engine that can block (DuckDB in its worker) has it. */
  protected aggregateSync(_pass: Pass): void {
    throw new DescentError(
      "INVALID_STATE",
      `${this.engine.dialect.name} runs passes asynchronously only: use the methods ending in Async.`,
    );
  }

  /** Copies θ (and v) into the input vector, checking their lengths. */
  protected load(theta: Float64Array, v: Float64Array | null): void {
    if (theta.length !== this.dim || (v !== null && v.length !== this.dim)) {
      throw new DescentError(
        "LENGTH_MISMATCH",
        `${theta.length !== this.dim ? "theta" : "v"} has ${theta.length !== this.dim ? theta.length : v!.length} entries, but the objective has dimension ${this.dim}.`,
      );
    }
    this.inputs.set(theta, this.layout.theta);
    if (v !== null) this.inputs.set(v, this.layout.vector);
  }

  protected gather(pass: Pass): void {
    const { bindings } = pass.statement;
    for (let k = 0; k < bindings.length; k++) pass.parameters[k] = this.inputs[bindings[k]!]!;
  }

  /** One request at a time: the passes share the input vector and their buffers. */
  protected serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
