import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DescentError, type Label } from "@descent/core";
import { kernelModule } from "@descent/kernels";
import type { AtomicsWithWaitAsync } from "../duckdbSession.js";
import type { InspectedRelation } from "../inspectRelation.js";
import { columnChunkRefusal, type ParquetFooter, readParquetFooter } from "../parquet/index.js";
import { passLayout } from "./passLayout.js";
import {
  controlWords,
  DONE,
  HESSIAN,
  HESSIAN_VECTOR_PRODUCT,
  inputLength,
  LOSS,
  LOSS_AND_GRADIENT,
  OPERATION,
  type PassWorkerData,
  PROGRESS,
  REQUEST,
  resultLength,
  STATUS,
  STOP,
  TEXT_BYTES_PER_WORKER,
  workerWord,
} from "./passProtocol.js";
import { PASS_WORKER_SOURCE } from "./passWorker.generated.js";

/**
 * How the passes run: "auto" (the default) reads a local Parquet file directly when it can (see
 * DirectParquetPasses) and runs SQL otherwise; "sql" always runs the SQL statements; "direct" requires the
 * direct read and throws, saying why, where it is not possible.
 */
export type PassesOption = "auto" | "sql" | "direct";

/** A worker's WebAssembly memory beyond which the direct passes are not planned (its row groups are too large). */
const MAX_WORKER_BYTES = 1 << 30;

/** Which of the file's leaves hold what, and which row groups each thread reads. */
export interface DirectPassPlan {
  readonly path: string;
  readonly footer: ParquetFooter;
  readonly featureLeaves: readonly number[];
  readonly labelLeaf: number;
  readonly positiveLabel: number;
  readonly weightLeaf: number | null;
  readonly rowGroupsByWorker: readonly (readonly number[])[];
}

/** What planDirectPasses needs from the objective's options. */
export interface DirectPassColumns {
  readonly file: string;
  readonly label: string;
  readonly sampleWeight?: string | undefined;
  /** The threads to read on; default every core. */
  readonly threads?: number | undefined;
}

const GLOB = /[*?[\]{}]/;

/** The leaf of a top-level column named `name`: by exact name, else by the one name equal but for case (as DuckDB resolves names). */
function leafOf(footer: ParquetFooter, name: string): number | string {
  const exact = footer.leaves.findIndex((leaf) => leaf.path.length === 1 && leaf.path[0] === name);
  if (exact >= 0) return exact;
  const folded = footer.leaves.flatMap((leaf, index) =>
    leaf.path.length === 1 && leaf.path[0]!.toLowerCase() === name.toLowerCase() ? [index] : [],
  );
  if (folded.length === 1) return folded[0]!;
  return `column ${JSON.stringify(name)} is not a top-level column of the file`;
}

/** The label's value, as the decoder gives it (float64), that marks the positive class; or why there is none. */
function positiveLabelValue(classes: readonly [Label, Label]): number | string {
  const [negative, positive] = classes;
  const asNumber = (label: Label) =>
    typeof label === "number" ? label : typeof label === "boolean" ? Number(label) : undefined;
  const a = asNumber(negative);
  const b = asNumber(positive);
  if (a === undefined || b === undefined || a === b) {
    return `the label's classes (${JSON.stringify(negative)}, ${JSON.stringify(positive)}) are not numbers or booleans`;
  }
  return b;
}

/**
 * Row groups split into at most `threads` contiguous runs of about equal rows, in file order: a group goes to
 * the thread whose share of the rows holds its middle row.
 */
export function splitRowGroups(footer: ParquetFooter, threads: number): number[][] {
  const shares: number[][] = Array.from({ length: threads }, () => []);
  let before = 0;
  footer.rowGroups.forEach((group, index) => {
    const middle = before + group.numRows / 2;
    shares[Math.min(threads - 1, Math.floor((middle * threads) / Math.max(footer.numRows, 1)))]!.push(index);
    before += group.numRows;
  });
  return shares.filter((share) => share.length > 0);
}

function readFooterOf(path: string): ParquetFooter | string {
  let file: number;
  try {
    file = openSync(path, "r");
  } catch (error) {
    return `${path} cannot be opened here (${(error as Error).message})`;
  }
  try {
    const size = fstatSync(file).size;
    const readAt = (position: number, length: number) => {
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const read = readSync(file, bytes, done, length - done, position + done);
        if (read === 0) break;
        done += read;
      }
      return bytes.subarray(0, done);
    };
    const magic = readAt(0, 4);
    if (String.fromCharCode(...magic) !== "PAR1") return `${path} is not a Parquet file`;
    return readParquetFooter(readAt, size);
  } catch (error) {
    return `its footer could not be read: ${(error as Error).message.replace(/\.$/, "")}`;
  } finally {
    closeSync(file);
  }
}

/**
 * Whether the direct passes can read the relation, and how: a single local Parquet file (no glob), whose
 * feature, label and weight columns are flat numbers the decoder reads (UNCOMPRESSED or SNAPPY; PLAIN,
 * dictionary or byte-stream-split pages), with numeric or Boolean classes, as many rows as the inspection
 * counted, and row groups small enough for the threads' memories. Returns the plan, or the reason (a
 * sentence) why the SQL passes run instead.
 */
export function planDirectPasses(
  columns: DirectPassColumns,
  inspected: InspectedRelation,
): DirectPassPlan | string {
  const path = columns.file;
  if (GLOB.test(path) || !/\.parquet$/i.test(path))
    return `${JSON.stringify(path)} is not one local .parquet file`;
  if (kernelModule() === undefined) return "this runtime cannot run the WebAssembly kernels";
  const footer = readFooterOf(path);
  if (typeof footer === "string") return footer;
  if (footer.numRows !== inspected.examples) {
    return `the footer counts ${footer.numRows} rows where DuckDB counted ${inspected.examples}`;
  }
  const featureLeaves: number[] = [];
  for (const name of inspected.model.features) {
    const leaf = leafOf(footer, name);
    if (typeof leaf === "string") return leaf;
    featureLeaves.push(leaf);
  }
  const labelLeaf = leafOf(footer, columns.label);
  if (typeof labelLeaf === "string") return labelLeaf;
  const weightLeaf = columns.sampleWeight === undefined ? null : leafOf(footer, columns.sampleWeight);
  if (typeof weightLeaf === "string") return weightLeaf;
  const positiveLabel = positiveLabelValue(inspected.classes);
  if (typeof positiveLabel === "string") return positiveLabel;
  for (const group of footer.rowGroups) {
    for (const leaf of [...featureLeaves, labelLeaf, ...(weightLeaf === null ? [] : [weightLeaf])]) {
      const refusal = columnChunkRefusal(footer.leaves[leaf]!, group.columns[leaf]!);
      // A clause of the caller's sentence, not a sentence of its own.
      if (refusal !== undefined) return refusal.replace(/\.$/, "");
    }
  }
  const threads = Math.max(1, Math.floor(columns.threads ?? availableParallelism()));
  const rowsAtMost = Math.max(0, ...footer.rowGroups.map((group) => group.numRows));
  const features = featureLeaves.length;
  const bytes = passLayout(features, features + 1, rowsAtMost).bytes;
  if (bytes > MAX_WORKER_BYTES) {
    return `its row groups of up to ${rowsAtMost} rows would take ${Math.ceil(bytes / 2 ** 20)} MiB per thread decoded (at most ${MAX_WORKER_BYTES / 2 ** 20} MiB)`;
  }
  return {
    path,
    footer,
    featureLeaves,
    labelLeaf,
    positiveLabel,
    weightLeaf,
    rowGroupsByWorker: splitRowGroups(footer, threads),
  };
}

/** How long a worker may go without finishing a row group before it is taken for dead. */
const STALL_MS = 2 * 60_000;
const WAIT_SLICE_MS = 1000;

/**
 * The logistic passes read straight from a Parquet file, with no SQL: worker threads each read a share of
 * the row groups' column chunks (one pread each), decode them into their own WebAssembly memory and run
 * @descent/kernels' column-major SIMD kernels over them. A pass writes its sums in the layout of the SQL
 * statement it replaces (logisticSql.ts), so the objective finishes both alike. Each thread's row groups
 * and the order of adding the threads' sums are fixed: a pass repeats bit for bit.
 */
export class DirectParquetPasses {
  private readonly control: Int32Array;
  private readonly inputs: Float64Array;
  private readonly results: Float64Array;
  private readonly text: Uint8Array;
  private readonly workers: Worker[];
  private readonly slotLength: number;
  private readonly features: number;
  private readonly dim: number;
  private closed = false;
  /** Why a thread died, if one did (seen between passes, on the event loop). */
  private died: string | undefined;
  /** The threads the passes run on. */
  readonly threads: number;

  constructor(
    plan: DirectPassPlan,
    inspected: InspectedRelation,
    private readonly timeoutMs: number,
  ) {
    const { model } = inspected;
    this.features = model.features.length;
    this.dim = this.features + (model.fitIntercept ? 1 : 0);
    this.threads = plan.rowGroupsByWorker.length;
    this.slotLength = resultLength(this.features, this.dim);
    const shared = (bytes: number) => new SharedArrayBuffer(bytes);
    const control = shared(4 * controlWords(this.threads));
    const inputs = shared(8 * inputLength(this.features));
    const results = shared(8 * this.slotLength * this.threads);
    const text = shared(TEXT_BYTES_PER_WORKER * this.threads);
    this.control = new Int32Array(control);
    this.inputs = new Float64Array(inputs);
    this.results = new Float64Array(results);
    this.text = new Uint8Array(text);
    const module = kernelModule()!;
    this.workers = plan.rowGroupsByWorker.map((rowGroups, index) => {
      const workerData: PassWorkerData = {
        index,
        control,
        inputs,
        results,
        text,
        module,
        path: plan.path,
        footer: plan.footer,
        rowGroups,
        featureLeaves: plan.featureLeaves,
        labelLeaf: plan.labelLeaf,
        positiveLabel: plan.positiveLabel,
        weightLeaf: plan.weightLeaf,
        weightScale: inspected.weightScale,
        means: inspected.means,
        scales: inspected.scales,
        fitIntercept: model.fitIntercept,
      };
      const worker = new Worker(PASS_WORKER_SOURCE, {
        eval: true,
        workerData,
        name: `descent parquet ${index + 1}`,
      });
      // Idle workers wait in Atomics.wait; they must not keep the process alive.
      worker.unref();
      // A thread that dies outside a pass (it reports a pass's faults itself) must not take the process
      // with it: its fault is kept for the next pass's error.
      worker.on("error", (error) => {
        this.died ??= error instanceof Error ? error.message : String(error);
      });
      return worker;
    });
  }

  /** Writes θ (and v) where the workers read them: [w | b | v | vb]. */
  private load(theta: Float64Array, v: Float64Array | null): void {
    const n = this.features;
    this.inputs.fill(0);
    this.inputs.set(theta.subarray(0, n), 0);
    if (this.dim > n) this.inputs[n] = theta[n]!;
    if (v !== null) {
      this.inputs.set(v.subarray(0, n), n + 1);
      if (this.dim > n) this.inputs[2 * n + 1] = v[n]!;
    }
  }

  private start(operation: number, theta: Float64Array, v: Float64Array | null): number {
    if (this.died !== undefined) {
      this.close();
      throw new DescentError("INVALID_STATE", `A direct Parquet pass's thread died: ${this.died}`);
    }
    if (this.closed) throw new DescentError("INVALID_STATE", "The direct Parquet passes are closed.");
    this.load(theta, v);
    Atomics.store(this.control, OPERATION, operation);
    const request = Atomics.add(this.control, REQUEST, 1) + 1;
    Atomics.notify(this.control, REQUEST);
    return request;
  }

  /** Throws when worker k failed the request, or has not progressed for too long. */
  private check(
    worker: number,
    request: number,
    progress: { value: number; since: number; started: number },
  ): boolean {
    if (Atomics.load(this.control, workerWord(worker, DONE)) === request) {
      if (Atomics.load(this.control, workerWord(worker, STATUS)) !== 0) {
        const at = worker * TEXT_BYTES_PER_WORKER;
        const length = new DataView(this.text.buffer, at).getUint32(0, true);
        const message = new TextDecoder().decode(this.text.slice(at + 4, at + 4 + length));
        throw new DescentError("INVALID_STATE", `A direct Parquet pass failed: ${message}`);
      }
      return true;
    }
    const now = Date.now();
    const seen = Atomics.load(this.control, workerWord(worker, PROGRESS));
    if (seen !== progress.value) {
      progress.value = seen;
      progress.since = now;
    }
    if (now - progress.since > STALL_MS || now - progress.started > this.timeoutMs) {
      // A thread stuck in a read (a hung network file system) would not see the stop: end every thread.
      this.close();
      for (const thread of this.workers) void thread.terminate();
      throw new DescentError(
        "INVALID_STATE",
        `A direct Parquet pass's thread ${worker + 1} ${now - progress.started > this.timeoutMs ? `ran past the timeout of ${this.timeoutMs} ms` : `finished no row group in ${STALL_MS / 1000} s`}; the passes are closed.`,
      );
    }
    return false;
  }

  private progressOf(worker: number) {
    const now = Date.now();
    return { value: Atomics.load(this.control, workerWord(worker, PROGRESS)), since: now, started: now };
  }

  /** Runs one pass, blocking the calling thread, and writes its sums into `sums` (the SQL statement's layout). */
  runSync(operation: number, theta: Float64Array, v: Float64Array | null, sums: Float64Array): void {
    const request = this.start(operation, theta, v);
    for (let k = 0; k < this.threads; k++) {
      const progress = this.progressOf(k);
      while (!this.check(k, request, progress)) {
        Atomics.wait(this.control, workerWord(k, DONE), request - 1, WAIT_SLICE_MS);
      }
    }
    this.finish(operation, sums);
  }

  /** As runSync, without blocking the calling thread. */
  async run(
    operation: number,
    theta: Float64Array,
    v: Float64Array | null,
    sums: Float64Array,
  ): Promise<void> {
    const request = this.start(operation, theta, v);
    for (let k = 0; k < this.threads; k++) {
      const progress = this.progressOf(k);
      while (!this.check(k, request, progress)) {
        const wait = (Atomics as AtomicsWithWaitAsync).waitAsync(
          this.control,
          workerWord(k, DONE),
          request - 1,
          WAIT_SLICE_MS,
        );
        if (wait.async) await wait.value;
      }
    }
    this.finish(operation, sums);
  }

  /** The threads' sums, added in thread order, into the SQL statement's layout. */
  private finish(operation: number, sums: Float64Array): void {
    const { features: n, dim, slotLength, results } = this;
    const total = (index: number) => {
      let sum = 0;
      for (let k = 0; k < this.threads; k++) sum += results[k * slotLength + index]!;
      return sum;
    };
    if (operation === LOSS) sums[0] = total(0);
    else if (operation === LOSS_AND_GRADIENT) {
      for (let j = 0; j <= n; j++) sums[j] = total(j);
      if (dim > n) sums[n + 1] = total(n + 1);
    } else if (operation === HESSIAN_VECTOR_PRODUCT) {
      for (let j = 0; j < dim; j++) sums[j] = total(j);
    } else {
      let at = 0;
      for (let j = 0; j < dim; j++) for (let i = j; i < dim; i++) sums[at++] = total(j * dim + i);
    }
  }

  /** Stops the workers. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, OPERATION, STOP);
    Atomics.add(this.control, REQUEST, 1);
    Atomics.notify(this.control, REQUEST);
  }
}

export { HESSIAN, HESSIAN_VECTOR_PRODUCT, LOSS, LOSS_AND_GRADIENT };
