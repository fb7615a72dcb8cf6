/**
 * The program of a direct-pass worker thread (bundled by scripts/bundle-pass-worker.mjs into
 * passWorker.generated.ts, and run with `new Worker(source, { eval: true })`). It owns a share of the file's
 * row groups; for each pass it reads their column chunks (one pread each), decodes them into its own
 * WebAssembly memory column by column, and runs the kernels' column-major pass over each row group. The
 * sums go to its slot of the shared results, in a fixed order: the same thread count repeats bit for bit.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { workerData } from "node:worker_threads";
import {
  columnChunkStart,
  decodeColumnChunk,
  decodeScratchBytes,
  type ParquetColumnChunk,
  type ParquetFooter,
  type PlainPage,
  plainDoublePages,
} from "../parquet/index.js";
import { BLOCK_ROWS, passLayout, TILE_ROWS } from "./passLayout.js";
import {
  DONE,
  HESSIAN,
  HESSIAN_VECTOR_PRODUCT,
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

/** The slice of the WebAssembly API used here (the package compiles without the DOM's types). */
const { WebAssembly: webAssembly } = globalThis as unknown as {
  WebAssembly: {
    Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
    Instance: new (module: object, imports: object) => { readonly exports: object };
  };
};

interface ColumnKernelExports {
  columnsLossAndGradient(...args: number[]): void;
  columnsHessianVectorProduct(...args: number[]): void;
  columnsHessian(...args: number[]): void;
}

const data = workerData as PassWorkerData;
const control = new Int32Array(data.control);

/** Everything a pass needs, made once: the memory, the kernels, the file, the read buffer. */
function createPassRunner(): { run(operation: number): void; close(): void } {
  const footer = data.footer as ParquetFooter;
  const inputs = new Float64Array(data.inputs);
  const features = data.featureLeaves.length;
  const dim = features + (data.fitIntercept ? 1 : 0);
  const slotLength = resultLength(features, dim);
  const results = new Float64Array(data.results, data.index * slotLength * 8, slotLength);
  const rowsAtMost = Math.max(1, ...data.rowGroups.map((group) => footer.rowGroups[group]!.numRows));
  const file = openSync(data.path, "r");
  const readAt = (position: number, length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    readFully(bytes, 0, length, position);
    return bytes;
  };
  // Where every feature's values lie in the file, when each of this thread's chunks is UNCOMPRESSED PLAIN
  // doubles: then a pass reads blocks of rows straight into the kernels' memory and never decodes a chunk.
  const plainPages: PlainPage[][][] = [];
  for (const group of data.rowGroups) {
    const { numRows, columns } = footer.rowGroups[group]!;
    const pages = data.featureLeaves.map((leaf) =>
      plainDoublePages(readAt, footer.leaves[leaf]!, columns[leaf]!, numRows),
    );
    if (pages.some((column) => column === undefined)) break;
    plainPages.push(pages as PlainPage[][]);
  }
  const straight = plainPages.length === data.rowGroups.length;
  const layout = passLayout(features, dim, rowsAtMost, straight ? BLOCK_ROWS : rowsAtMost);
  const memory = new webAssembly.Memory({
    initial: Math.ceil(layout.bytes / 65536),
    maximum: Math.ceil(layout.bytes / 65536),
  });
  const kernels = new webAssembly.Instance(data.module, { kernel: { memory } })
    .exports as unknown as ColumnKernelExports;
  const f64 = new Float64Array(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  const columnTable = new Int32Array(memory.buffer, layout.columnTable, features);
  const labels = new Float64Array(rowsAtMost);

  const standardized = data.means !== null && data.scales !== null;
  if (standardized) {
    f64.set(data.means!, layout.means / 8);
    for (let j = 0; j < features; j++) f64[layout.inverseScales / 8 + j] = 1 / data.scales![j]!;
  }

  /** The column chunks this worker reads, and the largest of them (its read buffer's and decoder's sizes). */
  const leaves = [
    ...(straight ? [] : data.featureLeaves),
    data.labelLeaf,
    ...(data.weightLeaf === null ? [] : [data.weightLeaf]),
  ];
  let largestChunk = 0;
  let largestScratch = 0;
  for (const group of data.rowGroups) {
    for (const leaf of leaves) {
      const chunk = footer.rowGroups[group]!.columns[leaf]!;
      largestChunk = Math.max(largestChunk, chunk.totalCompressedSize);
      largestScratch = Math.max(largestScratch, decodeScratchBytes(chunk));
    }
  }
  const chunkBytes = new Uint8Array(largestChunk);
  const scratch = new Uint8Array(largestScratch);

  /** Reads `length` bytes at `position` into target[at …] (readSync may return fewer than asked: it is called until they are all in). */
  function readFully(target: Uint8Array, at: number, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const read = readSync(file, target, at + done, length - done, position + done);
      if (read === 0) {
        throw new Error(
          `${data.path} ended at byte ${position + done}, before the ${length} bytes at ${position} that its footer places there; was the file changed after it was opened?`,
        );
      }
      done += read;
    }
  }

  function readChunk(chunk: ParquetColumnChunk): Uint8Array {
    readFully(chunkBytes, 0, chunk.totalCompressedSize, columnChunkStart(chunk));
    return chunkBytes.subarray(0, chunk.totalCompressedSize);
  }

  function decodeInto(group: number, leaf: number, rows: number, out: Float64Array): void {
    const chunk = footer.rowGroups[group]!.columns[leaf]!;
    decodeColumnChunk(readChunk(chunk), footer.leaves[leaf]!, chunk, rows, out, scratch);
  }

  /** Decodes row group `group` into the memory: y, (when weighted) c, and every feature column unless they are read straight. */
  function loadRowGroup(group: number): number {
    const rows = footer.rowGroups[group]!.numRows;
    if (!straight) {
      for (let j = 0; j < features; j++) {
        const address = layout.columns + j * layout.columnBytes;
        decodeInto(group, data.featureLeaves[j]!, rows, new Float64Array(memory.buffer, address, rows));
      }
    }
    const values = labels.subarray(0, rows);
    decodeInto(group, data.labelLeaf, rows, values);
    const y = layout.y / 8;
    for (let i = 0; i < rows; i++) f64[y + i] = values[i] === data.positiveLabel ? 1 : 0;
    if (data.weightLeaf !== null) {
      const c = layout.c / 8;
      decodeInto(group, data.weightLeaf, rows, new Float64Array(memory.buffer, layout.c, rows));
      for (let i = 0; i < rows; i++) f64[c + i] = f64[c + i]! * data.weightScale;
    }
    return rows;
  }

  /**
   * Points the column table at rows [first, first + count) of the row group: read straight from the file
   * into the block's columns, or within the decoded row group.
   */
  function loadBlock(pages: PlainPage[][] | undefined, first: number, count: number): void {
    for (let j = 0; j < features; j++) {
      const column = layout.columns + j * layout.columnBytes;
      if (pages === undefined) {
        columnTable[j] = column + 8 * first;
        continue;
      }
      columnTable[j] = column;
      for (const page of pages[j]!) {
        const from = Math.max(first, page.firstRow);
        const to = Math.min(first + count, page.firstRow + page.rows);
        if (from < to)
          readFully(
            bytes,
            column + 8 * (from - first),
            8 * (to - from),
            page.offset + 8 * (from - page.firstRow),
          );
      }
    }
  }

  /** One pass over this worker's row groups; its sums go to its results slot. */
  function runPass(operation: number): void {
    const w = layout.w / 8;
    for (let j = 0; j < features; j++) f64[w + j] = inputs[j]!;
    const b = data.fitIntercept ? inputs[features]! : 0;
    const v = layout.v / 8;
    for (let j = 0; j < features; j++) f64[v + j] = inputs[features + 1 + j]!;
    const vb = data.fitIntercept ? inputs[2 * features + 1]! : 0;
    f64.fill(0, layout.out / 8, layout.out / 8 + features);
    if (operation === HESSIAN) f64.fill(0, layout.hessian / 8, layout.hessian / 8 + dim * dim);
    const means = standardized ? layout.means : 0;
    const inverseScales = standardized ? layout.inverseScales : 0;
    const c = data.weightLeaf === null ? 0 : layout.c;
    // Σ c ℓ and Σ c r (or Σ p), block after block in file order.
    let loss = 0;
    let residuals = 0;
    data.rowGroups.forEach((group, index) => {
      const rows = loadRowGroup(group);
      for (let first = 0; first < rows; first += BLOCK_ROWS) {
        const count = Math.min(BLOCK_ROWS, rows - first);
        loadBlock(straight ? plainPages[index] : undefined, first, count);
        const columns = [layout.columnTable, features, count] as const;
        const y = layout.y + 8 * first;
        const weights = c === 0 ? 0 : c + 8 * first;
        if (operation === LOSS || operation === LOSS_AND_GRADIENT) {
          kernels.columnsLossAndGradient(
            ...columns,
            y,
            weights,
            means,
            inverseScales,
            layout.w,
            b,
            operation === LOSS ? 0 : layout.out,
            layout.tiles,
            TILE_ROWS,
          );
          loss += f64[0]!;
          residuals += f64[1]!;
        } else if (operation === HESSIAN_VECTOR_PRODUCT) {
          kernels.columnsHessianVectorProduct(
            ...columns,
            weights,
            means,
            inverseScales,
            layout.w,
            b,
            layout.v,
            vb,
            layout.out,
            layout.tiles,
            TILE_ROWS,
          );
          residuals += f64[1]!;
        } else {
          kernels.columnsHessian(
            ...columns,
            weights,
            means,
            inverseScales,
            layout.w,
            b,
            layout.hessian,
            dim,
            data.fitIntercept ? 1 : 0,
            layout.tiles,
            TILE_ROWS,
          );
        }
      }
      Atomics.add(control, workerWord(data.index, PROGRESS), 1);
    });
    if (operation === HESSIAN) {
      results.set(f64.subarray(layout.hessian / 8, layout.hessian / 8 + dim * dim));
      return;
    }
    const sums = f64.subarray(layout.out / 8, layout.out / 8 + features);
    if (operation === LOSS) results[0] = loss;
    else if (operation === LOSS_AND_GRADIENT) {
      results[0] = loss;
      results.set(sums, 1);
      results[features + 1] = residuals;
    } else {
      results.set(sums, 0);
      results[features] = residuals;
    }
  }

  return { run: runPass, close: () => closeSync(file) };
}

function report(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const bytes = new TextEncoder().encode(message).subarray(0, TEXT_BYTES_PER_WORKER - 4);
  const text = new Uint8Array(data.text, data.index * TEXT_BYTES_PER_WORKER, TEXT_BYTES_PER_WORKER);
  new DataView(text.buffer, text.byteOffset).setUint32(0, bytes.length, true);
  text.set(bytes, 4);
}

// A worker that cannot start (no memory for its row groups, an unreadable file) reports why on every request.
let runner: ReturnType<typeof createPassRunner> | undefined;
let startFailure: unknown;
try {
  runner = createPassRunner();
} catch (error) {
  startFailure = error;
}

// Requests are numbered from 1: one made before this loop began is seen at once.
let seen = 0;
for (;;) {
  Atomics.wait(control, REQUEST, seen);
  const request = Atomics.load(control, REQUEST);
  if (request === seen) continue;
  seen = request;
  const operation = Atomics.load(control, OPERATION);
  if (operation === STOP) break;
  let status = 0;
  try {
    if (runner === undefined) throw startFailure;
    runner.run(operation);
  } catch (error) {
    report(error);
    status = 1;
  }
  Atomics.store(control, workerWord(data.index, STATUS), status);
  Atomics.store(control, workerWord(data.index, DONE), request);
  Atomics.notify(control, workerWord(data.index, DONE));
}
runner?.close();
