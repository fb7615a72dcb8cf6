import type { FiniteSumObjective, RandomState } from "@descent/core";
import { DuckDBSession, type DuckDBSessionOptions } from "./duckdbSession.js";
import { inspectRelation } from "./inspectRelation.js";
import { type Relation, relationSql } from "./relation.js";
import {
  checkFlags,
  checkL1,
  checkL2,
  type Pass,
  SqlLogisticObjective,
  type SqlLogisticObjectiveOptions,
} from "./sqlLogisticObjective.js";
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
  private readonly statementIds = new Map<Pass, number>();
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
    inspected: Awaited<ReturnType<typeof inspectRelation>>,
    l2: number,
    l1: number,
    options: StreamedEpochOptions & DuckDBSessionOptions,
  ) {
    super(session, inspected, l2, l1);
    this.session = session;
    this.reproducible = String(options.config?.threads ?? "").trim() === "1";
    this.epochs = new StreamedEpochs(session, inspected, session.dialect, options);
    // Prepared once: DuckDB plans each statement a single time, and a pass only binds θ.
    for (const pass of [this.valuePass, this.gradientPass, this.productPass, this.hessianPass]) {
      this.statementIds.set(pass, session.prepareSync(pass.statement));
    }
  }

  /** Opens DuckDB in a worker, inspects the relation, prepares the four passes. */
  static async open(options: DuckDBObjectiveOptions): Promise<DuckDBLogisticObjective> {
    const l2 = checkL2(options.l2);
    const l1 = checkL1(options.l1);
    checkFlags(options);
    const session = await DuckDBSession.open(options);
    try {
      const from = await duckdbFromItem(session, options.relation);
      const inspected = await inspectRelation(session, options, from);
      return new DuckDBLogisticObjective(session, inspected, l2, l1, options);
    } catch (error) {
      session.close();
      throw error;
    }
  }

  value(theta: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.valuePass);
    return this.finishValue(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.gradientPass);
    return this.finishValueAndGradient(theta, grad);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.load(theta, v);
    this.runSync(this.productPass);
    this.finishHessianVectorProduct(v, out);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.load(theta, null);
    this.runSync(this.hessianPass);
    this.finishHessian(out);
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

  private runSync(pass: Pass): void {
    this.gather(pass);
    this.session.aggregateSync(this.statementIds.get(pass)!, pass.parameters, pass.sums);
  }

  protected override async runAsync(pass: Pass): Promise<void> {
    this.gather(pass);
    await this.session.aggregate(this.statementIds.get(pass)!, pass.parameters, pass.sums);
  }
}

/**
 * How DuckDB reads the relation. A CSV file is sniffed once (delimiter, header, column types) and read with
 * those settings spelled out: read_csv would otherwise sniff the file again on every pass, which measured
 * 30× the pass itself on a 569 × 30 file (87 ms against 3 ms).
 */
export async function duckdbFromItem(session: DuckDBSession, relation: Relation): Promise<string> {
  const from = relationSql(relation, session.dialect);
  if (!from.startsWith("read_csv(")) return from;
  const path = (relation as { file: string }).file;
  let prompt = "";
  try {
    const [row] = await session.query(`SELECT Prompt FROM sniff_csv(${session.dialect.quoteString(path)})`);
    prompt = String(row?.[0] ?? "");
  } catch {
    // Not sniffable (a glob of several files, say): read it as given, and let the inspection report
    // whatever DuckDB then says about the file.
  }
  const reader = /^FROM (read_csv\(.*\));?\s*$/s.exec(prompt);
  return reader === null ? from : reader[1]!;
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
