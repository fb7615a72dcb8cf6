import type { DesignMatrix } from "@descent/core";
import {
  type KernelArena,
  type SharedKernelArena,
  type StoragePrecision,
  WORKER_SCRATCH_BYTES,
} from "./kernelMemory.js";
import type { KernelWorkers, ObjectiveThreadPool } from "./objectiveThreadPool.js";

/** The pool's workers attached to a shared arena, for one threaded objective, and how to let them go. */
export interface ObjectiveWorkers {
  readonly workers: KernelWorkers;
  /** Says that this objective will not be used again; idempotent. */
  readonly release: () => void;
}

/**
 * Attaches `pool`'s workers to the shared arena with `kernels`, or joins the attachment an earlier objective
 * on the same arena and pool made: the threaded logistic and multinomial objectives share this bookkeeping.
 */
export function attachObjectiveWorkers(
  shared: SharedKernelArena,
  pool: ObjectiveThreadPool,
  kernels: readonly string[],
): ObjectiveWorkers {
  let attachment = shared.attachments.get(pool);
  if (attachment === undefined) {
    attachment = {
      workers: pool.attach(shared.arena.memory, shared.module, shared.bases, kernels),
      users: 0,
    };
    shared.attachments.set(pool, attachment);
  }
  attachment.users++;
  const attached = attachment;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Only the last objective on an attachment lets it go; the next one on this arena attaches anew.
    if (--attached.users > 0) return;
    shared.attachments.delete(pool);
    attached.workers.release?.();
  };
  return { workers: attached.workers, release };
}

/** Where each thread's share of X's rows starts (starts[threads] = m): by work for CSR, by blocks of 8 dense. */
export function rowSharesFor(matrix: DesignMatrix, arena: KernelArena, threads: number): Int32Array {
  return matrix.kind === "csr"
    ? csrRowShares(arena.structureIndptr!, threads)
    : denseRowShares(matrix.rows, threads);
}

/**
 * Per worker, a kernel's 12 arguments with X's (the first three, the same in every call) set relative to
 * the worker's base: (indptr, indices, values) for CSR X, (x, columns, float32) for dense.
 */
export function workerArgumentsFor(
  shared: SharedKernelArena,
  sparse: boolean,
  columns: number,
  precision: StoragePrecision,
): Float64Array[] {
  const arena = shared.arena;
  return shared.bases.map((base) => {
    const args = new Float64Array(12);
    if (sparse) {
      args[0] = (arena.structureIndptrAddress - base) | 0;
      args[1] = (arena.structureIndicesAddress - base) | 0;
      args[2] = (arena.dataAddress - base) | 0;
    } else {
      args[0] = (arena.dataAddress - base) | 0;
      args[1] = columns;
      args[2] = precision === "float32" ? 1 : 0;
    }
    return args;
  });
}

/**
 * Adds the workers' partial sums into `summed`'s first `length` entries, in thread order whatever order the
 * threads finished in, so that the sum repeats bit for bit.
 */
export function addWorkerPartials(
  summed: Float64Array,
  partials: readonly Float64Array[],
  length: number,
): void {
  for (let t = 0; t < partials.length; t++) {
    const partial = partials[t]!;
    for (let j = 0; j < length; j++) summed[j] = summed[j]! + partial[j]!;
  }
}

/**
 * Where each thread's share of CSR rows starts (starts[threads] = m): contiguous shares with about equal
 * numbers of entries of X̃ = [X, 1], a row's non-zeros plus one (the per-row work counted once more, and
 * rows without non-zeros spread over the threads too), so that rows of uneven length still split evenly.
 * Thread t starts at the first row r with indptr[r] + r ≥ t · (nnz + m) / threads. Depends on indptr and
 * the thread count only.
 */
export function csrRowShares(indptr: Int32Array, threads: number): Int32Array {
  const m = indptr.length - 1;
  const total = indptr[m]! + m;
  const starts = new Int32Array(threads + 1);
  for (let t = 1; t < threads; t++) {
    const target = (t * total) / threads;
    // Binary search over the monotone work-before-row indptr[r] + r, from the previous start.
    let low = starts[t - 1]!;
    let high = m;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (indptr[middle]! + middle >= target) high = middle;
      else low = middle + 1;
    }
    starts[t] = low;
  }
  starts[threads] = m;
  return starts;
}

/**
 * Where each thread's share of m dense rows starts (starts[threads] = m): equal contiguous shares cut at
 * multiples of the kernels' block of 8. Depends on m and the thread count only.
 */
export function denseRowShares(m: number, threads: number): Int32Array {
  const starts = new Int32Array(threads + 1);
  for (let t = 1; t < threads; t++) starts[t] = Math.floor((t * m) / threads / 8) * 8;
  starts[threads] = m;
  return starts;
}

/** What a threaded objective shows of its single-threaded delegate, which runs on the same memory. */
interface ThreadedDelegate {
  readonly matrix: DesignMatrix;
  readonly precision: StoragePrecision;
  readonly targets: Float64Array | Int32Array;
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly l1: number;
  readonly penalizedCount: number;
  readonly fitIntercept: boolean;
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
}

/**
 * What the threaded logistic and multinomial objectives share: the delegate's description, the pool's
 * workers attached to the shared arena, each thread's share of the rows, and per worker its kernel's
 * arguments, its results (`results` doubles at its base) and its partial gradient (`partialLength` doubles
 * past its scratch). The subclass starts its kernels and adds up what they wrote.
 */
export abstract class ThreadedKernelObjective<D extends ThreadedDelegate> {
  readonly backend = "kernels";
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  readonly matrix: D["matrix"];
  readonly precision: StoragePrecision;
  readonly targets: D["targets"];
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly l1: number;
  readonly penalizedCount: number;
  readonly fitIntercept: boolean;
  readonly threads: number;
  /**
   * Says that this objective will not be used again (LogisticRegression.fit calls it once minimized), so
   * that, when no other objective runs on the same memory, the pool may let its workers drop it.
   */
  readonly release: () => void;
  protected readonly arena: KernelArena;
  protected readonly workers: KernelWorkers;
  /** Thread t's rows start at starts[t]; starts[threads] = m. */
  protected readonly starts: Int32Array;
  protected readonly bases: readonly number[];
  protected readonly workerArguments: Float64Array[];
  protected readonly workerResults: Float64Array[];
  protected readonly workerGradients: Float64Array[];
  /** Where this X's form of the kernels starts in the kernel list: 0 for dense X, `csrKernels` for CSR. */
  protected readonly kernelOffset: number;

  constructor(
    shared: SharedKernelArena,
    pool: ObjectiveThreadPool,
    protected readonly delegate: D,
    kernels: readonly string[],
    csrKernels: number,
    results: number,
    partialLength: number,
  ) {
    const arena = shared.arena;
    this.arena = arena;
    this.matrix = delegate.matrix;
    this.precision = delegate.precision;
    this.targets = delegate.targets;
    this.weights = delegate.weights;
    this.l2 = delegate.l2;
    this.l1 = delegate.l1;
    this.penalizedCount = delegate.penalizedCount;
    this.fitIntercept = delegate.fitIntercept;
    this.dim = delegate.dim;
    this.examples = delegate.examples;
    this.features = delegate.features;
    const sparse = this.matrix.kind === "csr";
    this.kernelOffset = sparse ? csrKernels : 0;
    this.bases = shared.bases;
    this.threads = shared.bases.length + 1;
    this.starts = rowSharesFor(this.matrix, arena, this.threads);
    const buffer = arena.memory.buffer;
    this.workerArguments = workerArgumentsFor(shared, sparse, this.features, this.precision);
    this.workerResults = shared.bases.map((base) => new Float64Array(buffer, base, results));
    this.workerGradients = shared.bases.map(
      (base) => new Float64Array(buffer, base + WORKER_SCRATCH_BYTES, partialLength),
    );
    ({ workers: this.workers, release: this.release } = attachObjectiveWorkers(shared, pool, kernels));
  }
}
