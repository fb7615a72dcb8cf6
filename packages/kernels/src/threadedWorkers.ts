import type { DesignMatrix } from "@descent/core";
import type { KernelArena, SharedKernelArena, StoragePrecision } from "./kernelMemory.js";
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
