import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { DescentError } from "@descent/core";
import type { AggregateStatement } from "./logisticSql.js";
import { duckdbDialect, type SqlDialect } from "./sqlDialect.js";
import type { SqlEngine, SqlRow } from "./sqlEngine.js";
import {
  CANCEL,
  CONTROL_WORDS,
  DONE,
  EXITED,
  FAILED,
  HEARTBEAT,
  IDLE,
  PENDING,
  STATE,
  TEXT_BYTES,
  TEXT_LENGTH,
  WORKER_SOURCE,
  type WorkerRequest,
} from "./workerProtocol.js";

export interface DuckDBSessionOptions {
  /** The database file, or ":memory:" (the default) to read files and queries only. */
  readonly database?: string;
  /**
   * DuckDB settings, e.g. `{ memory_limit: "512MB", threads: "2", temp_directory: "/tmp/spill" }`. Default:
   * DuckDB's own (every core, 80 % of RAM).
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * The longest a statement may run before it is interrupted and its call throws. Default 1 hour: a pass
   * over a large file on a slow disk can take minutes, and every wait must end.
   */
  readonly timeoutMs?: number;
  /**
   * How long the worker may go without a sign of life before it is taken for dead. Default 10 s; its
   * heartbeat comes every 20 ms, from the worker's event loop, which a running query does not block.
   */
  readonly heartbeatTimeoutMs?: number;
}

/** Slices in which the caller waits, to watch the worker's heartbeat between them. */
const WAIT_SLICE_MS = 50;

const resolvedDuckDB = (): string => createRequire(import.meta.url).resolve("@duckdb/node-api");

/** Atomics with waitAsync (Node ≥ 16), which the ES library the package compiles against lacks. */
export type AtomicsWithWaitAsync = typeof Atomics & {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeout?: number,
  ): { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };
};

/**
 * A DuckDB connection in a worker thread, reachable both synchronously (the caller blocks in Atomics.wait,
 * which is what a synchronous optimizer needs) and asynchronously. One request at a time; every wait is
 * bounded by the statement timeout and the worker's heartbeat, so a hung query or a dead worker ends in a
 * DescentError, never a hang. The worker is unref'd: it never keeps the process alive.
 */
export class DuckDBSession implements SqlEngine {
  readonly dialect: SqlDialect = duckdbDialect;
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly text: Uint8Array;
  private numbers: Float64Array = new Float64Array(0);
  private readonly timeoutMs: number;
  private readonly heartbeatTimeoutMs: number;
  private nextStatementId = 0;
  private failure: string | null = null;
  private busy = false;
  /** The one request in flight's clock and heartbeat, reused so that a pass allocates no watch. */
  private readonly watch: Watch = { start: 0, timeoutMs: 0, beat: 0, beatAt: 0, cancelledAt: -1 };
  /** Settles when the last asynchronous request does: async callers queue behind it. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: DuckDBSessionOptions) {
    this.timeoutMs = options.timeoutMs ?? 3_600_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
    this.control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    this.text = new Uint8Array(new SharedArrayBuffer(TEXT_BYTES));
    this.control[STATE] = PENDING; // until the worker has opened the database
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      name: "descent duckdb",
      workerData: {
        control: this.control,
        text: this.text,
        modulePath: resolvedDuckDB(),
        database: options.database ?? ":memory:",
        config: { ...options.config },
      },
    });
    this.worker.unref();
    this.worker.on("error", (error) => {
      this.failure ??= `the DuckDB worker failed: ${error.message}`;
    });
    this.worker.on("exit", (code) => {
      this.failure ??= `the DuckDB worker exited (code ${code})`;
    });
  }

  /** Starts the worker and opens the database; rejects with a DescentError if DuckDB cannot start. */
  static async open(options: DuckDBSessionOptions = {}): Promise<DuckDBSession> {
    const session = new DuckDBSession(options);
    session.busy = true;
    try {
      await session.waitAsync("opening the database");
    } catch (error) {
      session.close();
      throw error;
    } finally {
      session.busy = false;
    }
    return session;
  }

  /** Runs a statement and resolves to its rows (bound DOUBLE parameters are not supported here). */
  query(sql: string, parameters?: Float64Array): Promise<readonly SqlRow[]> {
    if (parameters !== undefined && parameters.length > 0) {
      return Promise.reject(
        new DescentError(
          "INVALID_OPTION",
          "DuckDBSession.query binds no parameters; prepare an aggregate (prepareSync) to bind DOUBLEs.",
        ),
      );
    }
    return this.enqueue(async () => {
      this.post({ op: "query", sql });
      await this.waitAsync("a query");
      return JSON.parse(this.readText()) as SqlRow[];
    });
  }

  /** Prepares an aggregate once; returns the id the run methods take. */
  prepareSync(statement: AggregateStatement): number {
    this.growNumbers(Math.max(statement.bindings.length, statement.outputs));
    const id = this.nextStatementId++;
    this.requestSync({ op: "prepare", id, sql: statement.sql }, "preparing a statement");
    return id;
  }

  /** Runs a prepared aggregate with `parameters` bound and writes its one row into `out`, blocking. */
  aggregateSync(id: number, parameters: Float64Array, out: Float64Array): void {
    this.numbers.set(parameters);
    this.requestSync(
      { op: "aggregate", id, parameters: parameters.length, outputs: out.length },
      "a pass over the data",
    );
    for (let k = 0; k < out.length; k++) out[k] = this.numbers[k]!;
  }

  /** As aggregateSync, without blocking the caller's thread. */
  aggregate(id: number, parameters: Float64Array, out: Float64Array): Promise<void> {
    return this.enqueue(async () => {
      this.numbers.set(parameters);
      this.post({ op: "aggregate", id, parameters: parameters.length, outputs: out.length });
      await this.waitAsync("a pass over the data");
      for (let k = 0; k < out.length; k++) out[k] = this.numbers[k]!;
    });
  }

  /**
   * Hands the worker the shared block that `readStreamSync` fills (a SharedArrayBuffer made once by the
   * caller, before any epoch: never grown or transferred).
   */
  attachRowsSync(rows: Float64Array): void {
    this.requestSync(
      { op: "attachRows", rows: rows.buffer as SharedArrayBuffer },
      "attaching the row buffer",
    );
  }

  /**
   * Starts `sql` as a streaming query on a second connection of the same database (so that the passes,
   * which run on the first, do not end it), dropping any earlier stream. Blocks until DuckDB has planned it.
   */
  openStreamSync(sql: string): void {
    this.requestSync({ op: "openStream", sql }, "starting a streaming query");
  }

  /**
   * Copies the open stream's next rows, at most `capacity`, into the attached block (layout: see
   * WorkerRequest "readStream") and returns how many it copied: fewer than `capacity` only at the end.
   */
  readStreamSync(capacity: number, features: number): number {
    this.requestSync({ op: "readStream", capacity, features }, "reading rows from a streaming query");
    return Number(this.readText());
  }

  /** Drops the open stream, if any (DuckDB stops producing its rows). */
  closeStreamSync(): void {
    this.requestSync({ op: "closeStream" }, "closing a streaming query");
  }

  /** True until close() or a failure of the worker. */
  get open(): boolean {
    return this.failure === null;
  }

  /**
   * Closes the database and stops the worker. Idempotent. Waits (bounded) for DuckDB to close cleanly, then
   * terminates the worker whatever happened.
   */
  close(): void {
    if (this.failure === null && !this.busy) {
      try {
        this.requestSync({ op: "close" }, "closing the database", 5_000);
      } catch {
        // Closing is best effort: the worker is terminated below either way.
      }
    }
    this.failure ??= "the DuckDB session was closed";
    void this.worker.terminate();
  }

  private growNumbers(length: number): void {
    if (length <= this.numbers.length) return;
    // A new shared buffer for the worker, never a grown or transferred one (see STYLE.md): made while
    // preparing, before any pass runs.
    this.numbers = new Float64Array(new SharedArrayBuffer(length * 8));
    this.requestSync({ op: "attach", numbers: this.numbers.buffer as SharedArrayBuffer }, "attaching memory");
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.busy = true;
      try {
        return await task();
      } finally {
        this.busy = false;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private post(request: WorkerRequest): void {
    if (this.failure !== null) {
      throw new DescentError("INVALID_STATE", `DuckDB cannot run ${request.op}: ${this.failure}.`);
    }
    Atomics.store(this.control, STATE, PENDING);
    this.worker.postMessage(request);
  }

  private requestSync(request: WorkerRequest, what: string, timeoutMs = this.timeoutMs): void {
    if (this.busy) {
      throw new DescentError(
        "INVALID_STATE",
        `DuckDB is busy with an asynchronous request; await it before ${what} synchronously.`,
      );
    }
    this.busy = true;
    try {
      this.post(request);
      const watch = this.startWatch(timeoutMs);
      while (Atomics.load(this.control, STATE) === PENDING) {
        Atomics.wait(this.control, STATE, PENDING, WAIT_SLICE_MS);
        this.checkWatch(watch, what);
      }
      this.settle(watch, what);
    } finally {
      this.busy = false;
    }
  }

  private async waitAsync(what: string): Promise<void> {
    const watch = this.startWatch(this.timeoutMs);
    // A pending Atomics.waitAsync does not keep Node's event loop alive, and the worker is unref'd: ref it
    // while someone awaits its reply, or the process would exit under the awaiting caller.
    this.worker.ref();
    try {
      while (Atomics.load(this.control, STATE) === PENDING) {
        const waited = (Atomics as AtomicsWithWaitAsync).waitAsync(
          this.control,
          STATE,
          PENDING,
          WAIT_SLICE_MS,
        );
        if (waited.async) await waited.value;
        this.checkWatch(watch, what);
      }
    } finally {
      this.worker.unref();
    }
    this.settle(watch, what);
  }

  private startWatch(timeoutMs: number): Watch {
    const { watch } = this;
    watch.start = performance.now();
    watch.timeoutMs = timeoutMs;
    watch.beat = Atomics.load(this.control, HEARTBEAT);
    watch.beatAt = watch.start;
    watch.cancelledAt = -1;
    return watch;
  }

  /** Between two wait slices: is the worker alive, and is the statement within its time? */
  private checkWatch(watch: Watch, what: string): void {
    if (Atomics.load(this.control, STATE) !== PENDING) return;
    const now = performance.now();
    const beat = Atomics.load(this.control, HEARTBEAT);
    if (beat !== watch.beat) {
      watch.beat = beat;
      watch.beatAt = now;
    }
    // EXITED: the worker ran its exit handler; failure: this thread saw its 'exit' or 'error' event (only
    // an asynchronous wait lets those events in).
    const exited = Atomics.load(this.control, EXITED) === 1 || this.failure !== null;
    const silent = now - watch.beatAt > this.heartbeatTimeoutMs;
    const deaf = watch.cancelledAt >= 0 && now - watch.cancelledAt > this.heartbeatTimeoutMs;
    if (exited || silent || deaf) {
      const reason = exited
        ? (this.failure ?? "the DuckDB worker exited")
        : silent
          ? `the DuckDB worker gave no sign of life for ${Math.round(now - watch.beatAt)} ms`
          : `the DuckDB worker did not stop the statement within ${this.heartbeatTimeoutMs} ms of the timeout`;
      this.failure ??= reason;
      void this.worker.terminate();
      throw new DescentError(
        "INVALID_STATE",
        `DuckDB failed during ${what}: ${reason}; the session is closed.`,
      );
    }
    if (watch.cancelledAt < 0 && now - watch.start > watch.timeoutMs) {
      watch.cancelledAt = now;
      Atomics.store(this.control, CANCEL, 1);
    }
  }

  private settle(watch: Watch, what: string): void {
    const state = Atomics.load(this.control, STATE);
    Atomics.store(this.control, STATE, IDLE);
    Atomics.store(this.control, CANCEL, 0);
    if (state === DONE) return;
    if (state === FAILED) {
      const message = this.readText();
      if (watch.cancelledAt >= 0) {
        throw new DescentError(
          "INVALID_STATE",
          `DuckDB: ${what} ran longer than the timeout (${watch.timeoutMs} ms) and was interrupted.`,
        );
      }
      throw new DescentError("INVALID_STATE", `DuckDB failed during ${what}: ${message}`);
    }
    throw new DescentError("INVALID_STATE", `DuckDB failed during ${what}: unexpected state ${state}.`);
  }

  private readText(): string {
    const length = Atomics.load(this.control, TEXT_LENGTH);
    // TextDecoder refuses views of shared memory: copy out first.
    return new TextDecoder().decode(this.text.slice(0, length));
  }
}

interface Watch {
  start: number;
  timeoutMs: number;
  beat: number;
  beatAt: number;
  cancelledAt: number;
}
