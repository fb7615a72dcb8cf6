import { CsrMatrix, checkNumberOption, DescentError, describeValue } from "@descent/core";
import { allocateTypedArray } from "./allocation.js";
import {
  createKernelArena,
  createSharedKernelArena,
  type KernelArena,
  type SharedKernelArena,
} from "./kernelMemory.js";
import { DEFAULT_THREADED_MINIMUM_ENTRIES } from "./threadedObjective.js";
import { resolveThreadsOption, type ThreadsOption } from "./threadProvider.js";

/**
 * A CSR matrix whose arrays live in kernel memory (createCsrMatrix): objectives run on it where it is. Its
 * arrays stay writable by the loader, so core checks its structure each time it is passed (validate).
 */
export class KernelCsrMatrix extends CsrMatrix {
  constructor(
    indptr: Int32Array,
    indices: Int32Array,
    values: Float64Array,
    rows: number,
    columns: number,
    /** The arena that holds the arrays; undefined where the kernels cannot run. */
    readonly arena: KernelArena | undefined,
    /** The same arena when it was laid out in shared memory for a pool's workers. */
    readonly shared: SharedKernelArena | undefined,
  ) {
    super(indptr, indices, values, rows, columns);
  }
}

export interface CreateCsrMatrixOptions {
  /**
   * The threads that objectives on this matrix will split their passes across, as logisticObjective's
   * `threads` option: "auto" (default), a number, or a pool (`createThreadPool` from `@descent/kernels/threads`).
   * For more than one thread indptr, indices and values are laid out in a shared memory with room for the
   * workers (with "auto", only from 2^20 non-zeros, the default threadedMinimumEntries), and a threaded
   * objective built on it (with as many threads) runs on it without copying. Nothing is started here.
   * Without shared WebAssembly memory, or for one thread, it is ignored.
   */
  readonly threads?: ThreadsOption;
  /**
   * K ≥ 2: lay X out for the multinomial kernels over K classes (as createDenseMatrix's `classes`), so that
   * those objectives run on it where it is. Default: the binary logistic kernels'. The other kind copies X.
   */
  readonly classes?: number;
}

function checkSize(name: string, size: unknown, zeroAllowed: boolean): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
    throw new DescentError(
      "INVALID_SHAPE",
      `createCsrMatrix: ${name} must be a non-negative integer, got ${describeValue(size)}.`,
    );
  }
  if (size === 0 && !zeroAllowed) {
    throw new DescentError("EMPTY_DATA", `createCsrMatrix: ${name} is 0; X would be empty.`);
  }
  return size;
}

/**
 * A rows × columns CSR matrix with room for `nonZeros` stored values, zero-filled, for a data loader to
 * write into: the non-zeros of row i are `values[k]` at column `indices[k]` for k in
 * [indptr[i], indptr[i + 1]), and indptr must rise from 0 to nonZeros. Its three arrays live where the
 * WebAssembly kernels read them, so a large data set is held once, not once by the loader and again by the
 * objective. Pass it as X to logisticObjective (or fit); its structure and values are checked each time an
 * objective is built from it (INVALID_SPARSE_MATRIX, NON_FINITE_VALUE, with the row, column and value at
 * fault), as they may have changed since the last. The memory is sized once, here, and never grows. For
 * more than one thread (see `threads`) it is a shared memory with room for the workers, so that threaded
 * objectives on it copy nothing either. Where the kernels cannot run, the arrays are ordinary typed arrays
 * and everything works the same, on the TypeScript path.
 */
export function createCsrMatrix(
  rows: number,
  columns: number,
  nonZeros: number,
  options: CreateCsrMatrixOptions = {},
): KernelCsrMatrix {
  checkSize("rows", rows, false);
  checkSize("columns", columns, false);
  checkSize("nonZeros", nonZeros, true);
  // The loader may write the arrays after an objective checked them: the kernels read a private copy of
  // the structure, so that a bad index written later never reaches kernel memory (see copyStructure).
  const classes =
    options.classes === undefined
      ? undefined
      : checkNumberOption("classes", options.classes, { min: 2, integer: true });
  const shape = {
    kind: "csr",
    rows,
    columns,
    nonZeros,
    writableByLoader: true,
    ...(classes === undefined ? {} : { classes }),
  } as const;
  const threads = resolveThreadsOption(options.threads);
  const workers = threads.auto && nonZeros < DEFAULT_THREADED_MINIMUM_ENTRIES ? 0 : threads.threads - 1;
  const shared = workers > 0 ? createSharedKernelArena(shape, workers) : undefined;
  const arena = shared?.arena ?? createKernelArena(shape);
  // A new WebAssembly memory is zero-filled, as a new typed array is.
  const what = `createCsrMatrix(${rows}, ${columns}, ${nonZeros})`;
  const indptr = arena?.indptr ?? allocateTypedArray((length) => new Int32Array(length), rows + 1, 4, what);
  const indices = arena?.indices ?? allocateTypedArray((length) => new Int32Array(length), nonZeros, 4, what);
  const values =
    (arena?.data as Float64Array | undefined) ??
    allocateTypedArray((length) => new Float64Array(length), nonZeros, 8, what);
  return new KernelCsrMatrix(indptr, indices, values, rows, columns, arena, shared);
}

/**
 * The arena that the kernels run on for CSR `matrix`, with the matrix as a view of it: its own arena when it
 * has one laid out for the same kernels (createCsrMatrix: binary, or multinomial over `classes`), else a new
 * one that indptr, indices and values are copied into, once. Undefined where the kernels cannot run or the data do not fit. The structure
 * was checked by toDesignMatrix; the kernels trust it.
 */
export function kernelStorageForCsr(
  matrix: CsrMatrix,
  classes?: number,
): { readonly arena: KernelArena; readonly matrix: CsrMatrix } | undefined {
  const own = matrix instanceof KernelCsrMatrix ? matrix.arena : undefined;
  if (own !== undefined && own.shape.classes === classes)
    return { arena: own, matrix: copyStructure(own, matrix) };
  const arena = createKernelArena(csrShape(matrix, classes));
  if (arena === undefined) return undefined;
  return { arena, matrix: copyInto(arena, matrix) };
}

/**
 * The shared arena, laid out for a pool of `workers` workers, that the threads run on for CSR `matrix`, with
 * the matrix as a view of it: the one createCsrMatrix made for a pool of that size and the same kernels
 * (nothing copied), else a new one that the arrays are copied into, once. Undefined where shared WebAssembly memory cannot be had.
 */
export function sharedKernelStorageForCsr(
  matrix: CsrMatrix,
  workers: number,
  classes?: number,
): { readonly shared: SharedKernelArena; readonly matrix: CsrMatrix } | undefined {
  const own = matrix instanceof KernelCsrMatrix ? matrix.shared : undefined;
  if (own !== undefined && own.bases.length === workers && own.arena.shape.classes === classes) {
    return { shared: own, matrix: copyStructure(own.arena, matrix) };
  }
  const shared = createSharedKernelArena(csrShape(matrix, classes), workers);
  if (shared === undefined) return undefined;
  return { shared, matrix: copyInto(shared.arena, matrix) };
}

/** Copies matrix's arrays into the arena's; returns the matrix over the arena's. */
/** The shape of a copy of CSR X for the binary kernels (classes undefined) or the multinomial ones. */
function csrShape(matrix: CsrMatrix, classes: number | undefined) {
  const { rows, columns } = matrix;
  const nonZeros = matrix.values.length;
  return { kind: "csr", rows, columns, nonZeros, ...(classes === undefined ? {} : { classes }) } as const;
}

function copyInto(arena: KernelArena, matrix: CsrMatrix): CsrMatrix {
  const indptr = arena.indptr!;
  const indices = arena.indices!;
  const values = arena.data as Float64Array;
  indptr.set(matrix.indptr);
  indices.set(matrix.indices);
  values.set(matrix.values);
  return new CsrMatrix(indptr, indices, values, matrix.rows, matrix.columns);
}

/**
 * For a loader's matrix that the kernels run on in place (createCsrMatrix): copies its structure, just
 * checked by toDesignMatrix, into the arena's private copy, which the kernels read from then on. The loader's
 * arrays stay writable, but an index or row pointer written into them after this can no longer reach kernel
 * memory: the objective keeps computing on the structure it checked (values written later are read as they
 * are; a non-finite one shows as a diverged fit). Costs one copy of indptr and indices per objective built
 * (4 bytes a row and a non-zero), and nothing per pass, where checking the structure would cost a pass over
 * it. Returns the matrix over the private structure, for the passes that run in TypeScript.
 */
function copyStructure(arena: KernelArena, matrix: CsrMatrix): CsrMatrix {
  const indptr = arena.structureIndptr!;
  const indices = arena.structureIndices!;
  indptr.set(matrix.indptr);
  indices.set(matrix.indices);
  return new CsrMatrix(indptr, indices, matrix.values, matrix.rows, matrix.columns);
}
