/**
 * The shared words through which the caller and the DuckDB worker talk. Requests go by postMessage (the
 * worker's event loop must stay free to drive DuckDB's asynchronous API); replies go through shared memory,
 * so that a synchronous caller can wait for them with Atomics.wait.
 */

/** Indices into the control block (an Int32Array over a SharedArrayBuffer). */
export const STATE = 0;
/** Incremented by the worker every HEARTBEAT_INTERVAL_MS while it lives, even during a long query. */
export const HEARTBEAT = 1;
/** Bytes of UTF-8 the worker wrote into the text buffer (a JSON reply or an error message). */
export const TEXT_LENGTH = 2;
/** Set to 1 by the caller to ask the worker to interrupt the running query. */
export const CANCEL = 3;
/** Set to 1 by the worker as it exits, however it exits. */
export const EXITED = 4;
export const CONTROL_WORDS = 5;

/** Values of control[STATE]. */
export const IDLE = 0;
export const PENDING = 1;
export const DONE = 2;
export const FAILED = 3;

export const HEARTBEAT_INTERVAL_MS = 20;
/** JSON replies and error messages: the inspection queries return a few rows, so 1 MiB is plenty. */
export const TEXT_BYTES = 1 << 20;

export type WorkerRequest =
  | { readonly op: "attach"; readonly numbers: SharedArrayBuffer }
  | { readonly op: "query"; readonly sql: string }
  | { readonly op: "prepare"; readonly id: number; readonly sql: string }
  | { readonly op: "aggregate"; readonly id: number; readonly parameters: number; readonly outputs: number }
  | { readonly op: "close" }
  /** The shared block that readStream fills with rows (see StreamedEpochs for its layout). */
  | { readonly op: "attachRows"; readonly rows: SharedArrayBuffer }
  /** Starts a streaming query on the worker's second connection, dropping any earlier one. */
  | { readonly op: "openStream"; readonly sql: string }
  /**
   * Copies the stream's next rows, at most `capacity`, into the rows block: the first `features` columns
   * row-major at 0, column `features` at capacity·features, column features + 1 (if any) at
   * capacity·(features + 1). Replies with the number of rows copied, 0 at the end of the stream.
   */
  | { readonly op: "readStream"; readonly capacity: number; readonly features: number }
  | { readonly op: "closeStream" };

/**
 * The program the worker runs, as CommonJS (`new Worker(source, { eval: true })`): no file to ship or find
 * next to a bundle, and no TypeScript to compile in tests. It loads @duckdb/node-api from the path the
 * caller resolved, opens the database and serves requests one at a time.
 */
export const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { control, text, modulePath, database, config } = workerData;
const [STATE, HEARTBEAT, TEXT_LENGTH, CANCEL, EXITED] = [${STATE}, ${HEARTBEAT}, ${TEXT_LENGTH}, ${CANCEL}, ${EXITED}];
const [DONE, FAILED] = [${DONE}, ${FAILED}];
const encoder = new TextEncoder();
let connection = null;
let instance = null;
let numbers = null;
const statements = new Map();
// The streamed epoch's state: its own connection (an aggregate on the main one would end a stream that
// shares it), the running result, and the unread rows of its last chunk.
let streamConnection = null;
let stream = null;
let streamChunk = null;
let streamChunkRow = 0;
let rows = null;

async function readStream(capacity, features) {
  let count = 0;
  while (count < capacity && stream !== null) {
    if (streamChunk === null || streamChunkRow >= streamChunk.rowCount) {
      streamChunk = await stream.fetchChunk();
      streamChunkRow = 0;
      if (streamChunk === null || streamChunk.rowCount === 0) {
        stream = null;
        streamChunk = null;
        break;
      }
    }
    const take = Math.min(capacity - count, streamChunk.rowCount - streamChunkRow);
    const columns = streamChunk.columnCount;
    for (let j = 0; j < columns; j++) {
      const vector = streamChunk.getColumnVector(j);
      const base = j < features ? count * features + j : capacity * j + count;
      const stride = j < features ? features : 1;
      for (let r = 0; r < take; r++) {
        const value = vector.getItem(streamChunkRow + r);
        rows[base + r * stride] = value === null ? Number.NaN : Number(value);
      }
    }
    streamChunkRow += take;
    count += take;
  }
  return count;
}

function reply(state, message) {
  if (message !== undefined) {
    let bytes = encoder.encode(message);
    if (bytes.length > text.length) {
      state = ${FAILED};
      bytes = encoder.encode("The reply (" + bytes.length + " bytes) exceeds the " + text.length + "-byte buffer.");
    }
    text.set(bytes);
    Atomics.store(control, TEXT_LENGTH, bytes.length);
  } else {
    Atomics.store(control, TEXT_LENGTH, 0);
  }
  Atomics.store(control, STATE, state);
  Atomics.notify(control, STATE);
}

// A plain value for JSON: BigInt counts become numbers (or strings beyond 2^53), DuckDB's value objects strings.
function plain(value) {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value === null || typeof value !== "object") return value;
  return String(value);
}

const heartbeat = setInterval(() => {
  Atomics.add(control, HEARTBEAT, 1);
  if (Atomics.load(control, CANCEL) === 1 && connection !== null) {
    Atomics.store(control, CANCEL, 0);
    connection.interrupt();
  }
}, ${HEARTBEAT_INTERVAL_MS});

process.on("exit", () => {
  Atomics.store(control, EXITED, 1);
  Atomics.notify(control, STATE);
});

async function handle(request) {
  switch (request.op) {
    case "attach":
      numbers = new Float64Array(request.numbers);
      return undefined;
    case "query": {
      const reader = await connection.runAndReadAll(request.sql);
      return JSON.stringify(reader.getRows().map((row) => row.map(plain)));
    }
    case "prepare":
      statements.set(request.id, await connection.prepare(request.sql));
      return undefined;
    case "aggregate": {
      const statement = statements.get(request.id);
      for (let k = 0; k < request.parameters; k++) statement.bindDouble(k + 1, numbers[k]);
      const row = (await statement.runAndReadAll()).getRows()[0];
      for (let k = 0; k < request.outputs; k++) {
        const value = row === undefined ? null : row[k];
        numbers[k] = value === null ? Number.NaN : Number(value);
      }
      return undefined;
    }
    case "attachRows":
      rows = new Float64Array(request.rows);
      return undefined;
    case "openStream":
      if (streamConnection === null) streamConnection = await instance.connect();
      stream = null;
      streamChunk = null;
      stream = await streamConnection.stream(request.sql);
      return undefined;
    case "readStream":
      return JSON.stringify(await readStream(request.capacity, request.features));
    case "closeStream":
      stream = null;
      streamChunk = null;
      return undefined;
    case "close":
      clearInterval(heartbeat);
      stream = null;
      streamChunk = null;
      if (streamConnection !== null) streamConnection.closeSync();
      streamConnection = null;
      for (const statement of statements.values()) statement.destroySync();
      statements.clear();
      if (connection !== null) connection.closeSync();
      if (instance !== null) instance.closeSync();
      connection = null;
      instance = null;
      return undefined;
  }
}

parentPort.on("message", (request) => {
  handle(request).then(
    (message) => {
      reply(DONE, message);
      if (request.op === "close") process.exit(0);
    },
    (error) => reply(FAILED, String(error && error.message ? error.message : error)),
  );
});

(async () => {
  const duckdb = require(modulePath);
  instance = await duckdb.DuckDBInstance.create(database, config);
  connection = await instance.connect();
})().then(
  () => reply(DONE),
  (error) => reply(FAILED, String(error && error.message ? error.message : error)),
);
`;
