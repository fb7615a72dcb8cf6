import {
  checkNumberOption,
  checkRowNumber,
  checkRowWindow,
  checkVector,
  DenseMatrix,
  DescentError,
  finishGradient,
  l2Penalty,
  logisticLoss,
  logisticResidual,
  type RandomState,
  shuffleWithinBlocks,
} from "@descent/core";
import type { DuckDBSession } from "./duckdbSession.js";
import type { InspectedRelation } from "./inspectRelation.js";
import type { LogisticSqlModel } from "./logisticSql.js";
import type { SqlDialect } from "./sqlDialect.js";

export interface StreamedEpochOptions {
  /**
   * Minibatches (`minimize(…, { batchSize })`): the most rows held in memory at once. An epoch reads the
   * relation once, in storage order, in blocks of this many rows, and visits each block's rows in a seeded
   * random order. Default 65 536.
   */
  readonly shuffleBufferRows?: number;
}

export const DEFAULT_SHUFFLE_BUFFER_ROWS = 65_536;

/** What the streamed epochs have read so far: the tests' and the curious user's window into them. */
export interface StreamStatistics {
  /** Streaming queries started: one per epoch when the minibatches follow `epochOrder`. */
  streams: number;
  /** Rows copied from DuckDB into the buffer, over every stream. */
  rowsRead: number;
  /** The most rows the buffer has held at once (never above `shuffleBufferRows`). */
  largestFill: number;
}

/**
 * The statement that streams the rows for minibatches: the features, the class as 1 or 0, and the raw weight,
 * as DOUBLEs, in the relation's storage order (DuckDB keeps it while `preserve_insertion_order` is on, its
 * default). Standardization and the weights' scale are applied in JavaScript, with the same IEEE operations
 * as the passes' SQL ((x − mean) / scale, weight · scale), so a row's values are the same bits in both.
 */
export function streamedRowsSql(model: LogisticSqlModel, dialect: SqlDialect): string {
  const q = dialect.quoteIdentifier;
  const double = dialect.doubleType;
  const columns = model.features.map((name, j) => `CAST(${q(name)} AS ${double}) AS x${j}`);
  columns.push(`CAST(CASE WHEN ${model.positiveClass} THEN 1 ELSE 0 END AS ${double}) AS y`);
  if (model.weightColumn !== null) columns.push(`CAST(${q(model.weightColumn)} AS ${double}) AS c`);
  return `SELECT ${columns.join(", ")} FROM ${model.relation}`;
}

/**
 * Minibatches over a relation larger than memory. An epoch's order (`epochOrder`) is storage order cut into
 * blocks of `capacity` rows, each block shuffled with the run's seeded generator; the rows are read through
 * one streaming query per epoch into a buffer of one block, refilled as the minibatches move on, so that
 * sgd, momentum and adam train in one sequential read per epoch with at most `capacity` rows in memory.
 *
 * Any rows may be asked for, in any order: a row behind the buffer restarts the stream (counted in
 * `statistics.streams`), so orders other than `epochOrder`'s are correct, only slower. A minibatch is
 * evaluated in JavaScript with core's per-row terms (logisticLoss, logisticResidual), in the reference's
 * order, so it equals core's `valueAndGradientOnRows` on the same rows bit for bit.
 */
export class StreamedEpochs {
  /** Rows per block: the buffer's size. */
  readonly capacity: number;
  readonly statistics: StreamStatistics = { streams: 0, rowsRead: 0, largestFill: 0 };
  private readonly examples: number;
  private readonly features: number;
  private readonly fitIntercept: boolean;
  private readonly weighted: boolean;
  private readonly means: Float64Array | null;
  private readonly scales: Float64Array | null;
  private readonly weightScale: number;
  private readonly sql: string;
  /** [x (capacity × n, row-major) | y (capacity) | c (capacity, when weighted)], shared with the worker. */
  private block: Float64Array | null = null;
  private matrix: DenseMatrix | null = null;
  private targets: Float64Array = new Float64Array(0);
  private weights: Float64Array = new Float64Array(0);
  /** The buffer holds rows [bufferStart, bufferEnd) of storage order; the stream delivers bufferEnd next. */
  private bufferStart = 0;
  private bufferEnd = 0;
  private streaming = false;

  constructor(
    private readonly session: DuckDBSession,
    inspected: InspectedRelation,
    dialect: SqlDialect,
    options: StreamedEpochOptions,
  ) {
    const requested = checkNumberOption(
      "shuffleBufferRows",
      options.shuffleBufferRows ?? DEFAULT_SHUFFLE_BUFFER_ROWS,
      { min: 1, integer: true },
    );
    const { model } = inspected;
    this.examples = inspected.examples;
    this.capacity = Math.min(requested, this.examples);
    this.features = model.features.length;
    this.fitIntercept = model.fitIntercept;
    this.weighted = model.weightColumn !== null;
    this.means = inspected.means;
    this.scales = inspected.scales;
    this.weightScale = inspected.weightScale;
    this.sql = streamedRowsSql(model, dialect);
  }

  /** The seeded order of an epoch: storage order in blocks of `capacity` rows, each block shuffled. */
  epochOrder(order: Int32Array, random: RandomState): void {
    if (order.length !== this.examples) {
      throw new DescentError(
        "LENGTH_MISMATCH",
        `order has ${order.length} entries, but the relation has ${this.examples} rows.`,
      );
    }
    shuffleWithinBlocks(order, this.capacity, random);
  }

  /** (1/|B|) Σ_{i∈B} c_i ℓ_i + (λ/2)‖w‖² over B = rows[start..end), with its gradient in `grad`. */
  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
    l2: number,
  ): number {
    const dim = this.features + (this.fitIntercept ? 1 : 0);
    checkVector("theta", theta, dim);
    checkVector("grad", grad, dim);
    checkRowWindow(rows, start, end);
    const { features, fitIntercept, weighted } = this;
    grad.fill(0);
    let sum = 0;
    let interceptGrad = 0;
    for (let k = start; k < end; k++) {
      const i = rows[k]!;
      checkRowNumber(i, k, this.examples);
      const local = this.localRow(i);
      const matrix = this.matrix!;
      const z = fitIntercept ? matrix.dotRow(local, theta) + theta[features]! : matrix.dotRow(local, theta);
      const weight = weighted ? this.weights[local]! : 1;
      const target = this.targets[local]!;
      sum += weight * logisticLoss(z, target);
      const residual = weight * logisticResidual(z, target);
      matrix.addScaledRow(local, residual, grad);
      interceptGrad += residual;
    }
    if (fitIntercept) grad[features] = interceptGrad;
    finishGradient(theta, grad, end - start, features, l2, fitIntercept);
    return sum / (end - start) + l2Penalty(theta, features, l2);
  }

  /** (1/|B|) Σ_{i∈B} c_i ℓ_i + (λ/2)‖w‖² over B = rows[start..end). */
  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number, l2: number): number {
    checkVector("theta", theta, this.features + (this.fitIntercept ? 1 : 0));
    checkRowWindow(rows, start, end);
    const { features, fitIntercept, weighted } = this;
    let sum = 0;
    for (let k = start; k < end; k++) {
      const i = rows[k]!;
      checkRowNumber(i, k, this.examples);
      const local = this.localRow(i);
      const matrix = this.matrix!;
      const z = fitIntercept ? matrix.dotRow(local, theta) + theta[features]! : matrix.dotRow(local, theta);
      const loss = logisticLoss(z, this.targets[local]!);
      sum += weighted ? this.weights[local]! * loss : loss;
    }
    return sum / (end - start) + l2Penalty(theta, features, l2);
  }

  /** The buffer's index of storage row `row`, reading forward (or restarting the stream) until it holds it. */
  private localRow(row: number): number {
    if (row >= this.bufferStart && row < this.bufferEnd) return row - this.bufferStart;
    if (!this.streaming || row < this.bufferStart) this.restart();
    while (row >= this.bufferEnd) this.refill();
    return row - this.bufferStart;
  }

  /** Starts the epoch's streaming query from the relation's first row. */
  private restart(): void {
    if (this.block === null) this.allocate();
    this.session.openStreamSync(this.sql);
    this.statistics.streams += 1;
    this.streaming = true;
    this.bufferStart = 0;
    this.bufferEnd = 0;
  }

  /** Replaces the buffer's block with the stream's next `capacity` rows, standardized and weighted. */
  private refill(): void {
    const { capacity, features } = this;
    const count = this.session.readStreamSync(capacity, features);
    if (count === 0) {
      this.streaming = false;
      throw new DescentError(
        "INVALID_STATE",
        `The relation's stream ended after ${this.bufferEnd} rows, but it had ${this.examples} when it was inspected: did it change?`,
      );
    }
    this.statistics.rowsRead += count;
    this.statistics.largestFill = Math.max(this.statistics.largestFill, count);
    this.bufferStart = this.bufferEnd;
    this.bufferEnd += count;
    if (this.bufferEnd >= this.examples) {
      // The last block: the worker has dropped the finished stream, so the next epoch starts a new one.
      this.streaming = false;
    }
    const x = this.matrix!.data;
    const { means, scales } = this;
    if (means !== null && scales !== null) {
      for (let r = 0; r < count; r++) {
        const offset = r * features;
        for (let j = 0; j < features; j++) x[offset + j] = (x[offset + j]! - means[j]!) / scales[j]!;
      }
    }
    if (this.weighted) {
      for (let r = 0; r < count; r++) this.weights[r] = this.weights[r]! * this.weightScale;
    }
  }

  /** The shared block, made once at the first minibatch (a full-batch user never pays for it). */
  private allocate(): void {
    const { capacity, features } = this;
    const columns = features + 1 + (this.weighted ? 1 : 0);
    const block = new Float64Array(new SharedArrayBuffer(capacity * columns * 8));
    this.session.attachRowsSync(block);
    this.block = block;
    this.matrix = new DenseMatrix(block.subarray(0, capacity * features), capacity, features);
    this.targets = block.subarray(capacity * features, capacity * (features + 1));
    this.weights = this.weighted
      ? block.subarray(capacity * (features + 1), capacity * (features + 2))
      : new Float64Array(0);
  }
}
