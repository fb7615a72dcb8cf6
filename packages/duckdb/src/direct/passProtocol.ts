/**
 * The shared words between the direct Parquet passes (directPasses.ts) and their worker threads
 * (passWorker.ts). Everything goes through shared memory, so that a synchronous caller can wait with
 * Atomics.wait and a worker, between passes, waits the same way (it has no event loop to keep free).
 *
 * control (Int32Array): [REQUEST, OPERATION, then per worker k: DONE + 3k, STATUS + 3k, PROGRESS + 3k].
 */
export const REQUEST = 0;
export const OPERATION = 1;
export const WORKER_WORDS = 3;
export const FIRST_WORKER_WORD = 2;
/** The request number the worker last finished. */
export const DONE = 0;
/** 0 when that request succeeded, 1 when it failed (its message is in the worker's text slot). */
export const STATUS = 1;
/** Incremented by the worker after each row group, so that a caller can tell a slow pass from a dead worker. */
export const PROGRESS = 2;

export function controlWords(workers: number): number {
  return FIRST_WORKER_WORD + WORKER_WORDS * workers;
}

/** The worker's word `word` (DONE, STATUS or PROGRESS). */
export function workerWord(worker: number, word: number): number {
  return FIRST_WORKER_WORD + WORKER_WORDS * worker + word;
}

/** Values of control[OPERATION]. */
export const STOP = 0;
export const LOSS = 1;
export const LOSS_AND_GRADIENT = 2;
export const HESSIAN_VECTOR_PRODUCT = 3;
export const HESSIAN = 4;

/** Bytes of UTF-8 each worker may write as its error message. */
export const TEXT_BYTES_PER_WORKER = 4096;

/**
 * inputs (Float64Array): [w (n) | b | v (n) | vb]. results: per worker, `resultLength(n, dim)` float64:
 * a loss pass writes [Σ c ℓ]; value and gradient [Σ c ℓ, Σ c r x_j (n), Σ c r]; the Hessian-vector product
 * [Σ p x_j (n), Σ p]; the Hessian its dim × dim upper triangle, row-major.
 */
export function inputLength(features: number): number {
  return 2 * (features + 1);
}

export function resultLength(features: number, dim: number): number {
  return Math.max(features + 2, dim * dim);
}

/** What each worker is told once, as workerData. */
export interface PassWorkerData {
  readonly index: number;
  readonly control: SharedArrayBuffer;
  readonly inputs: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  readonly text: SharedArrayBuffer;
  /** The kernels' compiled WebAssembly module (@descent/kernels' kernelModule()). */
  readonly module: object;
  readonly path: string;
  /** The file's footer as readParquetFooter parsed it (the worker does not parse it again). */
  readonly footer: unknown;
  /** The row groups this worker reads, in file order. */
  readonly rowGroups: readonly number[];
  /** The footer's leaf index of each feature, in θ's order. */
  readonly featureLeaves: readonly number[];
  readonly labelLeaf: number;
  /** The label's value (as decoded to float64) that is the positive class. */
  readonly positiveLabel: number;
  readonly weightLeaf: number | null;
  /** m / Σ weights: c_i = weight_i · weightScale. */
  readonly weightScale: number;
  readonly means: Float64Array | null;
  readonly scales: Float64Array | null;
  readonly fitIntercept: boolean;
}
