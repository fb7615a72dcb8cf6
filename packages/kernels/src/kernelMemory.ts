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
      /**
       * K for the multinomial kernels: θ, v and the gradient hold K (columns + 1) numbers, and a workspace
       * of 16 K doubles is kept for a block's logits (no Hessian: the TypeScript path forms it). Absent
       * for the binary kernels.
       */
      readonly classes?: number;
    }
  | {
      readonly kind: "csr";
      readonly rows: number;
      readonly columns: number;
      readonly nonZeros: number;
      /**
       * Whether the arrays of X are a loader's, writable after an objective checked them (createCsrMatrix):
       * then the arena keeps a private copy of indptr and indices, which the kernels read instead.
       */
      readonly writableByLoader?: boolean;
      /** K for the multinomial kernels, as for dense X. */
      readonly classes?: number;
    };

/** How many numbers θ (and v, and the gradient) hold in an arena of this shape. */
export function parameterCount(shape: KernelShape): number {
  return (shape.classes ?? 1) * (shape.columns + 1);
}

/** The bytes of the multinomial kernels' block workspace (8 rows × K logits, twice): 0 for the binary ones. */
export function workspaceBytes(shape: KernelShape): number {
  return shape.classes === undefined ? 0 : 16 * shape.classes * 8;
}

/** The kernel-side Hessian is kept only up to this size; a larger one is formed by the TypeScript path. */
export const KERNEL_HESSIAN_LIMIT_BYTES = 64 * 1024 * 1024;

/** The module's own scratch space at address 0 (see logistic.wat). */
const SCRATCH_BYTES = 1024;
const ALIGNMENT = 64;

function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/**
 * One WebAssembly memory holding everything the kernels touch for one design matrix, laid out once from its
 * size and never grown:
 *
 *     scratch (1 KiB) | θ | v | gradient | workspace | row indices (m × i32) | y (m) | c (m) | Hessian (d²) | X
 *
 * with d = columns + 1 (room for an intercept) and every buffer 64-byte aligned. For the multinomial kernels
 * (shape.classes = K) θ, v and the gradient hold K d numbers, y holds class indices, the workspace holds a
 * block's logits (16 K doubles), and there is no Hessian; for the binary ones the workspace is empty. X
 * comes last and is the only large part: dense row-major, or CSR as indptr (m + 1 × i32) | indices (nnz ×
 * i32) | values (nnz), then, for CSR arrays that a loader may still write (createCsrMatrix), the structure's
 * private copy: indptr | indices again. The Hessian is reserved only when d² doubles fit in
 * KERNEL_HESSIAN_LIMIT_BYTES. Memory that is reserved but
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
  readonly thetaAddress: number;
  readonly directionAddress: number;
  readonly gradientAddress: number;
  /** The multinomial kernels' block workspace (0 for the binary kernels' arenas). */
  readonly workspaceAddress: number;
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
  /**
   * What the kernels read as the CSR structure: a private copy of indptr and indices when a loader can still
   * write those (see copyStructure), else indptr and indices themselves, which nothing outside can reach.
   */
  readonly structureIndptr: Int32Array | null;
  readonly structureIndices: Int32Array | null;
  readonly structureIndptrAddress: number;
  readonly structureIndicesAddress: number;
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
    const parameters = parameterCount(shape);
    this.scratch = new Float64Array(buffer, 0, SCRATCH_BYTES / 8);
    this.thetaAddress = layout.theta;
    this.directionAddress = layout.direction;
    this.gradientAddress = layout.gradient;
    this.workspaceAddress = layout.workspace;
    this.rowIndicesAddress = layout.rowIndices;
    this.targetsAddress = layout.targets;
    this.weightsAddress = layout.weights;
    this.hessianAddress = layout.hessian;
    this.dataAddress = layout.data;
    this.indptrAddress = layout.indptr;
    this.indicesAddress = layout.indices;
    this.structureIndptrAddress = layout.structureIndptr;
    this.structureIndicesAddress = layout.structureIndices;
    this.theta = new Float64Array(buffer, layout.theta, parameters);
    this.direction = new Float64Array(buffer, layout.direction, parameters);
    this.gradient = new Float64Array(buffer, layout.gradient, parameters);
    this.rowIndices = new Int32Array(buffer, layout.rowIndices, rows);
    this.targets = new Float64Array(buffer, layout.targets, rows);
    this.weights = new Float64Array(buffer, layout.weights, rows);
    this.hessian =
      layout.hessian === 0 ? null : new Float64Array(buffer, layout.hessian, (columns + 1) * (columns + 1));
    if (shape.kind === "csr") {
      this.indptr = new Int32Array(buffer, layout.indptr, rows + 1);
      this.indices = new Int32Array(buffer, layout.indices, shape.nonZeros);
      this.data = new Float64Array(buffer, layout.data, shape.nonZeros);
      this.structureIndptr = new Int32Array(buffer, layout.structureIndptr, rows + 1);
      this.structureIndices = new Int32Array(buffer, layout.structureIndices, shape.nonZeros);
    } else {
      this.indptr = null;
      this.indices = null;
      this.structureIndptr = null;
      this.structureIndices = null;
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
  readonly workspace: number;
  readonly rowIndices: number;
  readonly targets: number;
  readonly weights: number;
  readonly hessian: number;
  readonly indptr: number;
  readonly indices: number;
  /** Where the kernels read the CSR structure: the private copy, or indptr and indices themselves. */
  readonly structureIndptr: number;
  readonly structureIndices: number;
  readonly data: number;
  readonly bytes: number;
}

export function kernelLayout(shape: KernelShape): KernelLayout {
  const { rows, columns } = shape;
  const dim = columns + 1;
  const vectorBytes = aligned(parameterCount(shape) * 8);
  const hessianBytes = dim * dim * 8;
  const theta = SCRATCH_BYTES;
  const direction = theta + vectorBytes;
  const gradient = direction + vectorBytes;
  const ownWorkspace = workspaceBytes(shape);
  const workspace = ownWorkspace === 0 ? 0 : gradient + vectorBytes;
  const rowIndices = gradient + vectorBytes + aligned(ownWorkspace);
  const targets = rowIndices + aligned(rows * 4);
  const weights = targets + aligned(rows * 8);
  const afterWeights = weights + aligned(rows * 8);
  const keepHessian = ownWorkspace === 0 && hessianBytes <= KERNEL_HESSIAN_LIMIT_BYTES;
  const hessian = keepHessian ? afterWeights : 0;
  // X comes last, after the Hessian where there is one.
  const afterHessian = keepHessian ? afterWeights + aligned(hessianBytes) : afterWeights;
  const beforeX = { theta, direction, gradient, workspace, rowIndices, targets, weights, hessian };
  if (shape.kind === "csr") {
    const indices = afterHessian + aligned((rows + 1) * 4);
    const data = indices + aligned(shape.nonZeros * 4);
    const afterX = aligned(data + shape.nonZeros * 8);
    if (shape.writableByLoader !== true) {
      const csr = {
        indptr: afterHessian,
        indices,
        data,
        structureIndptr: afterHessian,
        structureIndices: indices,
      };
      return { ...beforeX, ...csr, bytes: data + shape.nonZeros * 8 };
    }
    const structureIndices = afterX + aligned((rows + 1) * 4);
    return {
      ...beforeX,
      indptr: afterHessian,
      indices,
      data,
      structureIndptr: afterX,
      structureIndices,
      bytes: structureIndices + shape.nonZeros * 4,
    };
  }
  const bytes = afterHessian + rows * columns * (shape.precision === "float32" ? 4 : 8);
  return {
    ...beforeX,
    indptr: 0,
    indices: 0,
    data: afterHessian,
    structureIndptr: 0,
    structureIndices: 0,
    bytes,
  };
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

/** Where a worker's block workspace starts in its region (after its scratch and its partial gradient). */
export function workerWorkspaceOffset(shape: KernelShape): number {
  return WORKER_SCRATCH_BYTES + aligned(parameterCount(shape) * 8);
}

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
 *     arena (kernelLayout) | worker 1: scratch (1 KiB) | gradient (d) | workspace | worker 2: … | …
 *
 * A worker's kernels run with their `base` at its region, so their scratch space is their own. Undefined
 * where shared WebAssembly memory is not available or does not fit.
 */
export function createSharedKernelArena(shape: KernelShape, workers: number): SharedKernelArena | undefined {
  const layout = kernelLayout(shape);
  const regionBytes = workerWorkspaceOffset(shape) + aligned(workspaceBytes(shape));
  const first = aligned(layout.bytes);
  const instance = instantiateSharedKernels(first + workers * regionBytes);
  if (instance === undefined) return undefined;
  const bases: number[] = [];
  for (let t = 0; t < workers; t++) bases.push(first + t * regionBytes);
  return {
    arena: new KernelArena(shape, instance, layout),
    module: instance.module,
    bases,
    attachments: new WeakMap(),
  };
}
