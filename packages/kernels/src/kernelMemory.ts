import { DescentError } from "@descent/core";
import type { KernelWorkers, ObjectiveThreadPool } from "./objectiveThreadPool.js";
import {
  instantiateKernels,
  instantiateSharedKernels,
  type LogisticKernels,
  type WebAssemblyMemory,
} from "./webAssembly.js";

/** How X is stored: float64, or float32 for half the memory (arithmetic is float64 either way). */
export type StoragePrecision = "float64" | "float32";

/** What the arena holds X as: dense row-major in a precision, or CSR (float64 values). */
export type KernelShape =
  | {
      readonly kind: "dense";
      readonly rows: number;
      readonly columns: number;
      readonly precision: StoragePrecision;
    }
  | { readonly kind: "csr"; readonly rows: number; readonly columns: number; readonly nonZeros: number };

/** The kernel-side Hessian is kept only up to this size; a larger one is formed by the TypeScript path. */
export const KERNEL_HESSIAN_LIMIT_BYTES = 64 * 1024 * 1024;

/** The module's own scratch space at address 0 (see logistic.wat). */
const SCRATCH_BYTES = 1024;
const ALIGNMENT = 64;

function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/**
 * The words at scratch 16 … 27 of a thread's scratch space (at `base`) that guard the CSR kernels (see
 * logistic.wat, "Sparse X"): [0] X's columns and [1] its stored values, which they take as the bounds of every
 * index and row end, and [2] 0, or 1 + a row whose structure they found broken. Set here, once.
 */
export function csrGuard(
  memory: WebAssemblyMemory,
  base: number,
  shape: { readonly columns: number; readonly nonZeros: number },
): Int32Array {
  const words = new Int32Array(memory.buffer, base + 16, 3);
  words[0] = shape.columns;
  words[1] = shape.nonZeros;
  words[2] = 0;
  return words;
}

/**
 * Throws INVALID_SPARSE_MATRIX when a CSR pass found a broken row (its guard's third word), naming the row
 * and what is wrong with it as the arena holds it now; the pass's results are not to be used. Resets the
 * guard. The structure was checked when the objective was built: this catches a loader that wrote a bad
 * index or row pointer into createCsrMatrix's arrays since, before it could corrupt anything.
 */
export function checkCsrGuard(arena: KernelArena, guard: Int32Array): void {
  const broken = guard[2]!;
  if (broken === 0) return;
  guard[2] = 0;
  const row = broken - 1;
  const indptr = arena.indptr!;
  const indices = arena.indices!;
  const end = indptr[row + 1]!;
  const nonZeros = arena.data.length;
  let detail = `indptr[${row + 1}] is ${end}, past the ${nonZeros} stored values`;
  if (end <= nonZeros) {
    for (let p = Math.max(indptr[row]!, 0); p < end; p++) {
      const column = indices[p]!;
      if (!(column >= 0 && column < arena.columns)) {
        detail = `column index ${column}, outside [0, ${arena.columns})`;
        break;
      }
    }
  }
  throw new DescentError(
    "INVALID_SPARSE_MATRIX",
    `X row ${row} has ${detail}: its arrays were written after the objective was built. Nothing was computed from them; fix the matrix and build the objective again.`,
    { row },
  );
}

/**
 * One WebAssembly memory holding everything the kernels touch for one design matrix, laid out once from its
 * size and never grown:
 *
 *     scratch (1 KiB) | θ | v | gradient | row indices (m × i32) | y (m) | c (m) | Hessian (d², optional) | X
 *
 * with d = columns + 1 (room for an intercept) and every buffer 64-byte aligned. X comes last and is the only
 * large part: dense row-major, or CSR as indptr (m + 1 × i32) | indices (nnz × i32) | values (nnz). The
 * Hessian is reserved only when d² doubles fit in KERNEL_HESSIAN_LIMIT_BYTES. Memory that is reserved but
 * never written costs address space, not RAM.
 *
 * Objectives built over the same matrix share its arena: the targets and weights in it are those of its
 * current `owner`, and an objective that finds itself not the owner writes its own before a pass.
 */
export class KernelArena {
  readonly kernels: LogisticKernels;
  readonly memory: WebAssemblyMemory;
  /** Results of the last kernel call: [0] the loss sum, [1] the intercept's sum. */
  readonly scratch: Float64Array;
  /** For CSR X, the calling thread's guard words (see csrGuard); null for dense X. */
  readonly csrGuard: Int32Array | null;
  readonly thetaAddress: number;
  readonly directionAddress: number;
  readonly gradientAddress: number;
  readonly rowIndicesAddress: number;
  readonly targetsAddress: number;
  readonly weightsAddress: number;
  readonly hessianAddress: number;
  /** Dense X, or the CSR values. */
  readonly dataAddress: number;
  readonly indptrAddress: number;
  readonly indicesAddress: number;
  readonly theta: Float64Array;
  readonly direction: Float64Array;
  readonly gradient: Float64Array;
  readonly rowIndices: Int32Array;
  readonly targets: Float64Array;
  readonly weights: Float64Array;
  /** (columns + 1)² doubles, or null when that is over the limit. */
  readonly hessian: Float64Array | null;
  /** Dense X, row-major, rows × columns; or the CSR values. */
  readonly data: Float64Array | Float32Array;
  /** The CSR row pointers and column indices, or null for dense X. */
  readonly indptr: Int32Array | null;
  readonly indices: Int32Array | null;
  readonly rows: number;
  readonly columns: number;
  readonly precision: StoragePrecision;
  /** The objective whose targets and weights are in `targets` and `weights`. */
  owner: object | null = null;

  constructor(
    readonly shape: KernelShape,
    instance: { readonly kernels: LogisticKernels; readonly memory: WebAssemblyMemory },
    layout: KernelLayout,
  ) {
    const { rows, columns } = shape;
    this.rows = rows;
    this.columns = columns;
    this.precision = shape.kind === "dense" ? shape.precision : "float64";
    this.kernels = instance.kernels;
    this.memory = instance.memory;
    const buffer = instance.memory.buffer;
    const dim = columns + 1;
    this.scratch = new Float64Array(buffer, 0, SCRATCH_BYTES / 8);
    this.csrGuard = shape.kind === "csr" ? csrGuard(instance.memory, 0, shape) : null;
    this.thetaAddress = layout.theta;
    this.directionAddress = layout.direction;
    this.gradientAddress = layout.gradient;
    this.rowIndicesAddress = layout.rowIndices;
    this.targetsAddress = layout.targets;
    this.weightsAddress = layout.weights;
    this.hessianAddress = layout.hessian;
    this.dataAddress = layout.data;
    this.indptrAddress = layout.indptr;
    this.indicesAddress = layout.indices;
    this.theta = new Float64Array(buffer, layout.theta, dim);
    this.direction = new Float64Array(buffer, layout.direction, dim);
    this.gradient = new Float64Array(buffer, layout.gradient, dim);
    this.rowIndices = new Int32Array(buffer, layout.rowIndices, rows);
    this.targets = new Float64Array(buffer, layout.targets, rows);
    this.weights = new Float64Array(buffer, layout.weights, rows);
    this.hessian = layout.hessian === 0 ? null : new Float64Array(buffer, layout.hessian, dim * dim);
    if (shape.kind === "csr") {
      this.indptr = new Int32Array(buffer, layout.indptr, rows + 1);
      this.indices = new Int32Array(buffer, layout.indices, shape.nonZeros);
      this.data = new Float64Array(buffer, layout.data, shape.nonZeros);
    } else {
      this.indptr = null;
      this.indices = null;
      this.data =
        shape.precision === "float32"
          ? new Float32Array(buffer, layout.data, rows * columns)
          : new Float64Array(buffer, layout.data, rows * columns);
    }
  }
}

/** Byte addresses of the arena's buffers (0 for a buffer that is not reserved), and the total size. */
export interface KernelLayout {
  readonly theta: number;
  readonly direction: number;
  readonly gradient: number;
  readonly rowIndices: number;
  readonly targets: number;
  readonly weights: number;
  readonly hessian: number;
  readonly indptr: number;
  readonly indices: number;
  readonly data: number;
  readonly bytes: number;
}

export function kernelLayout(shape: KernelShape): KernelLayout {
  const { rows, columns } = shape;
  const dim = columns + 1;
  const vectorBytes = aligned(dim * 8);
  const hessianBytes = dim * dim * 8;
  const theta = SCRATCH_BYTES;
  const direction = theta + vectorBytes;
  const gradient = direction + vectorBytes;
  const rowIndices = gradient + vectorBytes;
  const targets = rowIndices + aligned(rows * 4);
  const weights = targets + aligned(rows * 8);
  const afterWeights = weights + aligned(rows * 8);
  const keepHessian = hessianBytes <= KERNEL_HESSIAN_LIMIT_BYTES;
  const hessian = keepHessian ? afterWeights : 0;
  // X comes last, after the Hessian where there is one.
  const afterHessian = keepHessian ? afterWeights + aligned(hessianBytes) : afterWeights;
  const beforeX = { theta, direction, gradient, rowIndices, targets, weights, hessian };
  if (shape.kind === "csr") {
    const indices = afterHessian + aligned((rows + 1) * 4);
    const data = indices + aligned(shape.nonZeros * 4);
    return { ...beforeX, indptr: afterHessian, indices, data, bytes: data + shape.nonZeros * 8 };
  }
  const bytes = afterHessian + rows * columns * (shape.precision === "float32" ? 4 : 8);
  return { ...beforeX, indptr: 0, indices: 0, data: afterHessian, bytes };
}

/**
 * A new arena for X of the given shape, or undefined where the kernels cannot run (no WebAssembly SIMD), or
 * the data do not fit in a 4 GiB WebAssembly memory, or the memory cannot be had.
 */
export function createKernelArena(shape: KernelShape): KernelArena | undefined {
  const layout = kernelLayout(shape);
  const instance = instantiateKernels(layout.bytes);
  return instance === undefined ? undefined : new KernelArena(shape, instance, layout);
}

/** Each worker's own scratch space (the kernels' results at +0 and +8), as at address 0 for one thread. */
export const WORKER_SCRATCH_BYTES = 1024;

/** A pool's workers attached to a shared arena, with the number of objectives that run on them. */
export interface SharedAttachment {
  readonly workers: KernelWorkers;
  users: number;
}

/** An arena in shared memory, with a region per worker after it, and the threads' kernel module. */
export interface SharedKernelArena {
  readonly arena: KernelArena;
  readonly module: object;
  /** Worker t's region starts at bases[t − 1]: its scratch (1 KiB), then its partial gradient. */
  readonly bases: readonly number[];
  /**
   * The pools whose workers have instantiated the kernels over this memory: objectives that share the arena
   * share the attachment, so building many of them does not pile up instances in the workers.
   */
  readonly attachments: WeakMap<ObjectiveThreadPool, SharedAttachment>;
}

/**
 * The arena of kernelLayout(shape) in a shared WebAssembly memory (its maximum equal to its size, so it never
 * grows), followed by one region per worker:
 *
 *     arena (kernelLayout) | worker 1: scratch (1 KiB) | gradient (d) | worker 2: … | …
 *
 * A worker's kernels run with their `base` at its region, so their scratch space is their own. Undefined
 * where shared WebAssembly memory is not available or does not fit.
 */
export function createSharedKernelArena(shape: KernelShape, workers: number): SharedKernelArena | undefined {
  const layout = kernelLayout(shape);
  const regionBytes = WORKER_SCRATCH_BYTES + aligned((shape.columns + 1) * 8);
  const first = aligned(layout.bytes);
  const instance = instantiateSharedKernels(first + workers * regionBytes);
  if (instance === undefined) return undefined;
  const bases: number[] = [];
  for (let t = 0; t < workers; t++) bases.push(first + t * regionBytes);
  if (shape.kind === "csr") for (const base of bases) csrGuard(instance.memory, base, shape);
  return {
    arena: new KernelArena(shape, instance, layout),
    module: instance.module,
    bases,
    attachments: new WeakMap(),
  };
}
