import {
  type CsrMatrix,
  checkChoiceOption,
  checkNumberOption,
  checkOptionNames,
  DescentError,
  type LogisticProblem,
  type MultinomialProblem,
  type ObjectiveBackend,
  referenceLogisticObjective,
  referenceMultinomialObjective,
  type StoredMatrix,
} from "@descent/core";
import { kernelStorageForCsr, sharedKernelStorageForCsr } from "./csrStorage.js";
import {
  kernelStorageFor,
  precisionOf,
  STORAGE_PRECISIONS,
  type StoredDenseMatrix,
  sharedKernelStorageFor,
} from "./denseStorage.js";
import type { KernelLogisticObjective } from "./kernelLogisticObjective.js";
import type { KernelArena, SharedKernelArena, StoragePrecision } from "./kernelMemory.js";
import type { KernelMultinomialObjective } from "./kernelMultinomialObjective.js";
import type { ObjectiveThreadPool } from "./objectiveThreadPool.js";
import { ThreadedMultinomialObjective } from "./threadedMultinomialObjective.js";
import { DEFAULT_THREADED_MINIMUM_ENTRIES, ThreadedLogisticObjective } from "./threadedObjective.js";
import { resolveThreadsOption, type ThreadsOption } from "./threadProvider.js";
import { WasmMultinomialObjective } from "./wasmMultinomialObjective.js";
import { WasmLogisticObjective } from "./wasmObjective.js";

export interface KernelsOptions {
  /**
   * Worker threads to split the passes over X, dense or CSR, across (value, valueAndGradient and
   * hessianVectorProduct; the rest stays on the calling thread). Default "auto": in Node (this package's
   * "node" entry), one thread per core (os.availableParallelism()) on a process-wide pool started on first
   * use, and only for X of at least `threadedMinimumEntries` entries, so small fits never start a worker;
   * elsewhere one thread. A number n: n threads, on Node's shared pool of that size; 1 is the calling thread
   * alone (the way to opt out), and n > 1 outside Node is refused (INVALID_OPTION). Or a pool of your own,
   * e.g. `createThreadPool({ threads: 2 })` from `@descent/kernels/threads` (in a browser, one started in a
   * cross-origin-isolated page). Used when X has at least `threadedMinimumEntries` entries and the runtime
   * has shared WebAssembly memory; otherwise ignored. The result repeats bit for bit for a given number of
   * threads, and agrees with one thread to about 1e-15 relative (the partial sums are added in another order).
   */
  readonly threads?: ThreadsOption;
  /**
   * How dense X is stored: "float64", or "float32" for half the memory and bandwidth (each value rounded to
   * float32 once; every sum and product still in float64). Default: X's own precision. Sparse X is float64.
   */
  readonly precision?: StoragePrecision;
  /** The fewest entries of X (CSR: stored non-zeros) for which `threads` are used. Default 2^20; 0 in tests. */
  readonly threadedMinimumEntries?: number;
}

/**
 * The WebAssembly SIMD backend: every pass over X (value, gradient, Hessian-vector product, Hessian; dense
 * f64/f32 and CSR) in hand-written kernels (logistic.wat), split across worker threads for large X. The
 * multinomial objective (K ≥ 3 classes in LogisticRegression) runs its value, gradient, minibatch and
 * Hessian-vector passes in the kernels too, dense and CSR; its Hessian runs on core's TypeScript reference. Pass it
 * like an optimizer: `new LogisticRegression({ optimizer: newton(), backend: kernels() })`. Where the
 * runtime has no WebAssembly SIMD, or X and the kernels' buffers do not fit in one 4 GiB WebAssembly memory,
 * it declines and core's TypeScript reference runs (the objective's `backend` says "typescript").
 */
export function kernels(options: KernelsOptions = {}): ObjectiveBackend {
  checkOptionNames("kernels()", options, ["threads", "precision", "threadedMinimumEntries"]);
  // Checked now, so that a bad value (or a count that this runtime cannot start) is refused before a fit.
  const threads = resolveThreadsOption(options.threads);
  const requestedPrecision =
    options.precision === undefined
      ? undefined
      : checkChoiceOption("precision", options.precision, STORAGE_PRECISIONS);
  const minimumEntries = checkNumberOption(
    "threadedMinimumEntries",
    options.threadedMinimumEntries ?? DEFAULT_THREADED_MINIMUM_ENTRIES,
    { min: 0 },
  );
  return {
    name: "kernels",
    logisticObjective(problem: LogisticProblem): KernelLogisticObjective | undefined {
      const { matrix } = problem;
      if (matrix.kind === "csr") refuseFloat32ForSparse(requestedPrecision);
      const dense = matrix.kind === "dense" ? matrix : null;
      const precision = requestedPrecision ?? (dense === null ? "float64" : precisionOf(dense));
      if (threads.pool !== undefined) {
        const threaded = threadedObjective(problem, dense, precision, threads.pool, minimumEntries);
        if (threaded !== undefined) return threaded;
      }
      const storage =
        dense === null ? kernelStorageForCsr(matrix as CsrMatrix) : kernelStorageFor(dense, precision);
      if (storage === undefined) return undefined;
      return kernelObjective(storage.arena, problem, storage.matrix, precision);
    },
    multinomialObjective(problem: MultinomialProblem): KernelMultinomialObjective | undefined {
      const { matrix, classes } = problem;
      if (matrix.kind === "csr") refuseFloat32ForSparse(requestedPrecision);
      const dense = matrix.kind === "dense" ? matrix : null;
      const precision = requestedPrecision ?? (dense === null ? "float64" : precisionOf(dense));
      if (threads.pool !== undefined) {
        const threaded = threadedMultinomialObjective(
          problem,
          dense,
          precision,
          threads.pool,
          minimumEntries,
        );
        if (threaded !== undefined) return threaded;
      }
      const storage =
        dense === null
          ? kernelStorageForCsr(matrix as CsrMatrix, classes)
          : kernelStorageFor(dense, precision, classes);
      if (storage === undefined) return undefined;
      return multinomialKernelObjective(storage.arena, problem, storage.matrix, precision);
    },
  };
}

/** Refuses precision "float32" for sparse X, which is stored as float64 (a setting that can never work). */
function refuseFloat32ForSparse(precision: StoragePrecision | undefined): void {
  if (precision === "float32") {
    throw new DescentError("INVALID_OPTION", 'precision "float32" is for dense X; sparse X is float64.', {
      value: precision,
    });
  }
}

/** The multinomial objective on the kernels over `arena`, whose X `inArena` views (see kernelObjective). */
function multinomialKernelObjective(
  arena: KernelArena,
  problem: MultinomialProblem,
  inArena: StoredMatrix,
  precision: StoragePrecision,
): WasmMultinomialObjective {
  return new WasmMultinomialObjective(arena, problem, precision, () =>
    referenceMultinomialObjective({ ...problem, matrix: inArena }),
  );
}

/**
 * The multinomial objective with its full passes split across `pool`'s threads (see
 * ThreadedMultinomialObjective), or undefined where threadedObjective would decline: then one thread runs.
 */
function threadedMultinomialObjective(
  problem: MultinomialProblem,
  dense: StoredDenseMatrix | null,
  precision: StoragePrecision,
  pool: ObjectiveThreadPool,
  minimumEntries: number,
): ThreadedMultinomialObjective | undefined {
  const storage = sharedStorageForPool(
    problem.matrix,
    dense,
    precision,
    pool,
    minimumEntries,
    problem.classes,
  );
  if (storage === undefined) return undefined;
  const delegate = multinomialKernelObjective(storage.shared.arena, problem, storage.matrix, precision);
  return new ThreadedMultinomialObjective(storage.shared, pool, delegate);
}

/**
 * The objective with its full passes split across `pool`'s threads (see ThreadedLogisticObjective), or
 * undefined when sharedStorageForPool declines: then the single-threaded kernels run.
 */
function threadedObjective(
  problem: LogisticProblem,
  dense: StoredDenseMatrix | null,
  precision: StoragePrecision,
  pool: ObjectiveThreadPool,
  minimumEntries: number,
): ThreadedLogisticObjective | undefined {
  const storage = sharedStorageForPool(problem.matrix, dense, precision, pool, minimumEntries);
  if (storage === undefined) return undefined;
  const delegate = kernelObjective(storage.shared.arena, problem, storage.matrix, precision);
  return new ThreadedLogisticObjective(storage.shared, pool, delegate);
}

/**
 * X in shared memory for `pool`'s threads (K = `classes` for the multinomial layout), or undefined when X
 * is too small to repay them, the pool has no workers, or shared WebAssembly memory cannot be had. X runs
 * where it is when createDenseMatrix or createCsrMatrix laid it out for a pool of this size, else on a copy
 * in a new shared memory.
 */
function sharedStorageForPool(
  matrix: StoredMatrix,
  dense: StoredDenseMatrix | null,
  precision: StoragePrecision,
  pool: ObjectiveThreadPool,
  minimumEntries: number,
  classes?: number,
): { readonly shared: SharedKernelArena; readonly matrix: StoredMatrix } | undefined {
  const entries = dense === null ? (matrix as CsrMatrix).values.length : dense.rows * dense.columns;
  if (pool.threads < 2 || entries < minimumEntries) return undefined;
  const workers = pool.threads - 1;
  return dense === null
    ? sharedKernelStorageForCsr(matrix as CsrMatrix, workers, classes)
    : sharedKernelStorageFor(dense, precision, workers, classes);
}

/**
 * The objective on the kernels over `arena`, whose X `inArena` views; where the arena keeps no Hessian (X too
 * wide), core's reference over that view forms it. The objective shows the caller's matrix as its `matrix`:
 * kernel memory is reachable by nobody else.
 */
function kernelObjective(
  arena: KernelArena,
  problem: LogisticProblem,
  inArena: StoredMatrix,
  precision: StoragePrecision,
): WasmLogisticObjective {
  const hessianFallback =
    arena.hessian === null ? referenceLogisticObjective({ ...problem, matrix: inArena }) : null;
  return new WasmLogisticObjective(arena, problem, precision, hessianFallback);
}
