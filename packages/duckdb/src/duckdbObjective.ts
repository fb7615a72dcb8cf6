import { DescentError, describeValue, type FiniteSumObjective, type RandomState } from "@descent/core";
import {
  DirectParquetPasses,
  HESSIAN,
  HESSIAN_VECTOR_PRODUCT,
  LOSS,
  LOSS_AND_GRADIENT,
  type PassesOption,
  planDirectPasses,
} from "./direct/directPasses.js";
import { openOnDuckDB, PreparedPasses, reproducibleOn } from "./duckdbPasses.js";
import type { DuckDBSession, DuckDBSessionOptions } from "./duckdbSession.js";
import type { InspectedRelation } from "./inspectRelation.js";
import { type Pass, SqlLogisticObjective, type SqlLogisticObjectiveOptions } from "./sqlLogisticObjective.js";

export { duckdbFromItem } from "./duckdbPasses.js";

import { type StreamedEpochOptions, StreamedEpochs, type StreamStatistics } from "./streamedEpochs.js";

export interface DuckDBObjectiveOptions
  extends SqlLogisticObjectiveOptions,
    DuckDBSessionOptions,
    StreamedEpochOptions {
  /**
   * How the full passes run. "auto" (the default): over one local Parquet file whose columns the decoder
   * reads (flat numbers, UNCOMPRESSED or SNAPPY), worker threads read the column chunks themselves and run
   * the WebAssembly kernels on them, with no SQL (3–6× faster than the SQL passes over 10M × 50 doubles; see the
   * README); anything else runs the SQL statements. "sql": always the SQL statements. "direct": the direct
   * read, or an error that says why not. DuckDB inspects the relation either way; minibatches stream
   * through DuckDB.
   */
  readonly passes?: PassesOption;
}

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
  /** The full passes read straight from the Parquet file, when they can be (see `passes`); else null. */
  private readonly direct: DirectParquetPasses | null;
  /** Why the full passes run as SQL (undefined when they are direct, or when `passes` is "sql"). */
  readonly directRefusal: string | undefined;

  private constructor(
    session: DuckDBSession,
    inspected: InspectedRelation,
    l2: number,
    l1: number,
    options: DuckDBObjectiveOptions,
  ) {
    super(session, inspected, l2, l1);
    this.session = session;
    const plan = directPlan(options, inspected);
    this.direct =
      typeof plan === "string" || plan === null
        ? null
        : new DirectParquetPasses(plan, inspected, options.timeoutMs ?? 3_600_000);
    this.directRefusal = typeof plan === "string" ? plan : undefined;
    // The direct passes add the threads' sums in a fixed order; DuckDB's, in the order its threads finish.
    this.reproducible = this.direct !== null || reproducibleOn(options);
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

  /** Where the full passes run: "parquet" (read directly by the kernels' threads) or "sql" (see `passes`). */
  get passEngine(): "parquet" | "sql" {
    return this.direct === null ? "sql" : "parquet";
  }

  /** The threads of the direct passes (0 when the passes run as SQL). */
  get directThreads(): number {
    return this.direct?.threads ?? 0;
  }

  /** Closes the database and stops its worker and the direct passes' threads; every later pass throws INVALID_STATE. Idempotent. */
  close(): void {
    this.direct?.close();
    this.session.close();
  }

  /** False once closed, or once the worker has died. */
  get open(): boolean {
    return this.session.open;
  }

  protected override aggregateSync(pass: Pass): void {
    const operation = this.directOperation(pass);
    if (operation === undefined) this.prepared.aggregateSync(pass);
    else this.direct!.runSync(operation, this.theta(), this.vector(), pass.sums);
  }

  protected override aggregate(pass: Pass): Promise<void> {
    const operation = this.directOperation(pass);
    if (operation === undefined) return this.prepared.aggregate(pass);
    return this.direct!.run(operation, this.theta(), this.vector(), pass.sums);
  }

  /** The direct pass that replaces `pass`, when the passes are direct. */
  private directOperation(pass: Pass): number | undefined {
    if (this.direct === null) return undefined;
    if (pass === this.valuePass) return LOSS;
    if (pass === this.gradientPass) return LOSS_AND_GRADIENT;
    if (pass === this.productPass) return HESSIAN_VECTOR_PRODUCT;
    if (pass === this.hessianPass) return HESSIAN;
    return undefined;
  }

  private theta(): Float64Array {
    return this.inputs.subarray(this.layout.theta, this.layout.theta + this.dim);
  }

  private vector(): Float64Array {
    return this.inputs.subarray(this.layout.vector, this.layout.vector + this.dim);
  }
}

/**
 * The direct passes' plan for these options: null when `passes` is "sql", the plan, or why there is none
 * (then "direct" throws it).
 */
function directPlan(
  options: DuckDBObjectiveOptions,
  inspected: InspectedRelation,
): ReturnType<typeof planDirectPasses> | null {
  const passes = options.passes ?? "auto";
  if (passes !== "auto" && passes !== "sql" && passes !== "direct") {
    throw new DescentError(
      "INVALID_OPTION",
      `passes must be "auto", "sql" or "direct", got ${describeValue(passes)}.`,
      { value: passes },
    );
  }
  if (passes === "sql") return null;
  const plan =
    "file" in options.relation
      ? planDirectPasses(
          {
            file: options.relation.file,
            label: options.label,
            sampleWeight: options.sampleWeight,
            threads: threadsSetting(options.config?.threads),
          },
          inspected,
        )
      : `the relation is a ${"table" in options.relation ? "table" : "query"}, not a file`;
  if (passes === "direct" && typeof plan === "string") {
    throw new DescentError(
      "INVALID_OPTION",
      `passes: "direct" cannot read this relation directly: ${plan}.`,
      {
        value: passes,
      },
    );
  }
  return plan;
}

/** DuckDB's `threads` setting as a count, or undefined (every core). */
function threadsSetting(value: string | undefined): number | undefined {
  const threads = Number(value);
  return value !== undefined && Number.isInteger(threads) && threads >= 1 ? threads : undefined;
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
