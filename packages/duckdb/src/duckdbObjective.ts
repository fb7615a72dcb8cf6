import type { FiniteSumObjective, RandomState } from "@descent/core";
import { openOnDuckDB, PreparedPasses, reproducibleOn } from "./duckdbPasses.js";
import type { DuckDBSession, DuckDBSessionOptions } from "./duckdbSession.js";
import type { InspectedRelation } from "./inspectRelation.js";
import { type Pass, SqlLogisticObjective, type SqlLogisticObjectiveOptions } from "./sqlLogisticObjective.js";

export { duckdbFromItem } from "./duckdbPasses.js";

import { type StreamedEpochOptions, StreamedEpochs, type StreamStatistics } from "./streamedEpochs.js";

export interface DuckDBObjectiveOptions
  extends SqlLogisticObjectiveOptions,
    DuckDBSessionOptions,
    StreamedEpochOptions {}

/**
 * The logistic objective over a DuckDB relation (see SqlLogisticObjective for the formula), synchronous as
 * core's optimizers need: DuckDB runs in a worker thread, and each method blocks the calling thread until
 * its one statement has run (Atomics.wait, bounded by the timeout and the worker's heartbeat). The
 * asynchronous methods (`valueAndGradientAsync`, …) run the same statements without blocking. Call
 * `close()` when done.
 */
export class DuckDBLogisticObjective extends SqlLogisticObjective implements FiniteSumObjective {
  /** The DuckDB connection the passes run on (its worker thread); `session.query` runs any statement. */
  readonly session: DuckDBSession;
  private readonly prepared: PreparedPasses;
  /**
   * Whether a pass repeats bit for bit: only on one DuckDB thread (`config: { threads: "1" }`); on several,
   * the threads' partial sums are added in whatever order they finish, and `minimize` is told so (it then
   * also stops a run that progresses only within that noise).
   */
  readonly reproducible: boolean;
  /** Minibatches: one streaming read of the relation per epoch, through a buffer of shuffleBufferRows. */
  private readonly epochs: StreamedEpochs;

  private constructor(
    session: DuckDBSession,
    inspected: InspectedRelation,
    l2: number,
    l1: number,
    options: StreamedEpochOptions & DuckDBSessionOptions,
  ) {
    super(session, inspected, l2, l1);
    this.session = session;
    this.reproducible = reproducibleOn(options);
    this.epochs = new StreamedEpochs(session, inspected, session.dialect, options);
    this.prepared = new PreparedPasses(session, [
      this.valuePass,
      this.gradientPass,
      this.productPass,
      this.hessianPass,
    ]);
  }

  /** Opens DuckDB in a worker, inspects the relation, prepares the four passes. */
  static open(options: DuckDBObjectiveOptions): Promise<DuckDBLogisticObjective> {
    return openOnDuckDB(
      options,
      "two",
      (session, inspected, l2, l1) => new DuckDBLogisticObjective(session, inspected, l2, l1, options),
    );
  }

  value(theta: Float64Array): number {
    return this.valueSync(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    return this.valueAndGradientSync(theta, grad);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.hessianVectorProductSync(theta, v, out);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.hessianSync(theta, out);
  }

  /**
   * The minibatch B = rows[start..end) of storage rows: (1/|B|) Σ_{i∈B} c_i ℓ_i + (λ/2)‖w‖², with its gradient
   * in `grad`, computed in JavaScript from the streamed buffer (see StreamedEpochs): no SQL pass.
   */
  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number {
    return this.epochs.valueAndGradientOnRows(theta, grad, rows, start, end, this.l2);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    return this.epochs.valueOnRows(theta, rows, start, end, this.l2);
  }

  /**
   * The order of an epoch, which `minimize` asks for instead of shuffling all rows: storage order in blocks
   * of `shuffleBufferRows`, each block shuffled with the run's seeded generator.
   */
  epochOrder(order: Int32Array, random: RandomState): void {
    this.epochs.epochOrder(order, random);
  }

  /** Rows per streamed block (`shuffleBufferRows`, or the row count when smaller). */
  get shuffleBufferRows(): number {
    return this.epochs.capacity;
  }

  /** Streaming queries started, rows read and the largest fill of the buffer, over the objective's life. */
  get streamStatistics(): Readonly<StreamStatistics> {
    return this.epochs.statistics;
  }

  /** Closes the database and stops its worker; every later pass throws INVALID_STATE. Idempotent. */
  close(): void {
    this.session.close();
  }

  /** False once closed, or once the worker has died. */
  get open(): boolean {
    return this.session.open;
  }

  protected override aggregateSync(pass: Pass): void {
    this.prepared.aggregateSync(pass);
  }

  protected override aggregate(pass: Pass): Promise<void> {
    return this.prepared.aggregate(pass);
  }
}

/**
 * The logistic objective over a file, table or query in DuckDB: every optimizer runs on it unchanged.
 *
 *     const objective = await duckdbObjective({ relation: { file: "train.parquet" }, label: "y", features: ["a", "b"] });
 *     const result = minimize(objective, newton());
 *     objective.close();
 */
export function duckdbObjective(options: DuckDBObjectiveOptions): Promise<DuckDBLogisticObjective> {
  return DuckDBLogisticObjective.open(options);
}
