import { DescentError } from "@descent/core";
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
 * engine and read its row of sums, and serve one asynchronous request at a time.
 */
export abstract class SqlPasses {
  /** d, the number of parameters. */
  abstract readonly dim: number;
  /** [θ | v | means | scales | weight scale]: each pass gathers its parameters from here. */
  protected readonly inputs: Float64Array;
  private queue: Promise<unknown> = Promise.resolve();

  protected constructor(
    protected readonly engine: SqlEngine,
    protected readonly layout: InputLayout,
  ) {
    this.inputs = new Float64Array(layout.length);
  }

  /** Runs one pass on the engine: its parameters bound, its one row of sums read into pass.sums. */
  protected async runAsync(pass: Pass): Promise<void> {
    this.gather(pass);
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
