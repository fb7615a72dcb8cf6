import {
  checkChoiceOption,
  checkNumberOption,
  DenseMatrix,
  DescentError,
  describeValue,
  Float32DenseMatrix,
} from "@descent/core";
import { allocateTypedArray } from "./allocation.js";
import {
  createKernelArena,
  createSharedKernelArena,
  type KernelArena,
  type SharedKernelArena,
  type StoragePrecision,
} from "./kernelMemory.js";
import { DEFAULT_THREADED_MINIMUM_ENTRIES } from "./threadedObjective.js";
import { resolveThreadsOption, type ThreadsOption } from "./threadProvider.js";

/** A dense matrix in either storage precision. */
export type StoredDenseMatrix = DenseMatrix<Float64Array | Float32Array>;

export const STORAGE_PRECISIONS: readonly StoragePrecision[] = ["float64", "float32"];

/** The precision a dense matrix is stored in. */
export function precisionOf(matrix: StoredDenseMatrix): StoragePrecision {
  return matrix.data instanceof Float32Array ? "float32" : "float64";
}

/**
 * A dense matrix whose data live in kernel memory (createDenseMatrix): objectives in its precision run on it
 * where it is. Its data stay writable by the loader, so core checks it each time it is passed (validate),
 * here in one WebAssembly pass rather than a TypeScript loop.
 */
export class KernelDenseMatrix<
  Data extends Float64Array | Float32Array = Float64Array,
> extends DenseMatrix<Data> {
  constructor(
    data: Data,
    rows: number,
    columns: number,
    /** The arena that holds `data`; undefined where the kernels cannot run. */
    readonly arena: KernelArena | undefined,
    /** The same arena when it was laid out in shared memory for a pool's workers. */
    readonly shared: SharedKernelArena | undefined,
  ) {
    super(data, rows, columns);
  }

  override validate(name = "X"): void {
    const arena = this.arena;
    // The arena's view has exactly rows × columns values; anything else was swapped in by hand.
    if (arena === undefined || arena.data !== this.data) {
      super.validate(name);
      return;
    }
    const index = arena.kernels.firstNonFinite(
      arena.dataAddress,
      arena.data.length,
      arena.precision === "float32" ? 1 : 0,
    );
    if (index >= 0) throw nonFinite(this, index, arena.data[index]!, undefined, name);
  }
}

export interface CreateDenseMatrixOptions {
  /** "float64" (default) or "float32": half the memory, values rounded to float32, arithmetic in float64. */
  readonly precision?: StoragePrecision;
  /**
   * The threads that objectives on this matrix will split their passes across, as kernels()'s `threads`
   * option: "auto" (default), a number, or a pool (`createThreadPool` from `@descent/kernels/threads`).
   * For more than one thread X is laid out in a shared memory with room for the workers (with "auto", only
   * from 2^20 entries, the default threadedMinimumEntries), and a threaded objective built on it (with as
   * many threads, in the same precision) runs on it without copying X. Nothing is started here. Without
   * shared WebAssembly memory, or for one thread, it is ignored.
   */
  readonly threads?: ThreadsOption;
  /**
   * K ≥ 2: lay X out for the multinomial kernels over K classes (LogisticRegression with K ≥ 3 labels,
   * multinomialObjective with `classes: K`), so that those objectives run on it where it is. Default: laid
   * out for the binary logistic kernels. An objective of the other kind copies X once.
   */
  readonly classes?: number;
}

function checkSize(name: string, size: unknown): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
    throw new DescentError(
      "INVALID_SHAPE",
      `createDenseMatrix: ${name} must be a non-negative integer, got ${describeValue(size)}.`,
    );
  }
  if (size === 0) throw new DescentError("EMPTY_DATA", `createDenseMatrix: ${name} is 0; X would be empty.`);
  return size;
}

/**
 * A rows × columns dense matrix, zero-filled, for a data loader to write into (`data[i * columns + j]`),
 * whose `data` lives where the WebAssembly kernels read it, so a large data set is held once, not once by
 * the loader and again by the objective. Pass it as X to logisticObjective or fit with `backend: kernels()`;
 * its values are checked for finiteness each time it is passed. The memory is sized once, here, for X and
 * everything the kernels need beside it, and never grows. For more than one thread (`threads`; by default,
 * in Node, for large X) it is a shared memory with room for the workers, so that threaded objectives on it
 * copy nothing either. Where the kernels cannot run, `data` is an ordinary typed array and everything works
 * the same, on the TypeScript reference.
 */
export function createDenseMatrix(
  rows: number,
  columns: number,
  options?: CreateDenseMatrixOptions & { readonly precision?: "float64" },
): KernelDenseMatrix<Float64Array>;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options: CreateDenseMatrixOptions & { readonly precision: "float32" },
): KernelDenseMatrix<Float32Array>;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options?: CreateDenseMatrixOptions,
): KernelDenseMatrix<Float64Array | Float32Array>;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options: CreateDenseMatrixOptions = {},
): KernelDenseMatrix<Float64Array | Float32Array> {
  checkSize("rows", rows);
  checkSize("columns", columns);
  const precision = checkChoiceOption("precision", options.precision ?? "float64", STORAGE_PRECISIONS);
  const classes =
    options.classes === undefined
      ? undefined
      : checkNumberOption("classes", options.classes, { min: 2, integer: true });
  const shape = denseShape(rows, columns, precision, classes);
  const threads = resolveThreadsOption(options.threads);
  const workers = threads.auto && rows * columns < DEFAULT_THREADED_MINIMUM_ENTRIES ? 0 : threads.threads - 1;
  const shared = workers > 0 ? createSharedKernelArena(shape, workers) : undefined;
  const arena = shared?.arena ?? createKernelArena(shape);
  const what = `createDenseMatrix(${rows}, ${columns})`;
  const data =
    arena?.data ??
    (precision === "float32"
      ? allocateTypedArray((length) => new Float32Array(length), rows * columns, 4, what)
      : allocateTypedArray((length) => new Float64Array(length), rows * columns, 8, what));
  return new KernelDenseMatrix(data, rows, columns, arena, shared);
}

/** The refusal of a non-finite value at flat index k, in the words toDesignMatrix uses. */
function nonFinite(
  matrix: StoredDenseMatrix,
  index: number,
  value: number,
  original?: number,
  name = "X",
): DescentError {
  const row = Math.floor(index / matrix.columns);
  const column = index % matrix.columns;
  const shown = original ?? value;
  return new DescentError(
    "NON_FINITE_VALUE",
    original !== undefined && Number.isFinite(original)
      ? `${name} has a value at row ${row}, column ${column} that float32 cannot hold: ${describeValue(original)}.`
      : `${name} has a non-finite value at row ${row}, column ${column}: ${describeValue(shown)}.`,
    { row, column, value: shown },
  );
}

/** A view of `data` (an arena's X) as a dense matrix of the given shape. */
function viewOf(data: Float64Array | Float32Array, rows: number, columns: number): StoredDenseMatrix {
  return data instanceof Float32Array
    ? new Float32DenseMatrix(data, rows, columns)
    : new DenseMatrix(data, rows, columns);
}

/**
 * Copies checked X into the arena's X, converting it to the arena's precision; rounding float64 to float32
 * can overflow, which is refused (NON_FINITE_VALUE naming the value that float32 cannot hold).
 */
function copyInto(arena: KernelArena, matrix: StoredDenseMatrix): StoredDenseMatrix {
  arena.data.set(matrix.data);
  const view = viewOf(arena.data, matrix.rows, matrix.columns);
  if (arena.precision !== precisionOf(matrix)) {
    const index = arena.kernels.firstNonFinite(arena.dataAddress, arena.data.length, 1);
    if (index >= 0) throw nonFinite(view, index, arena.data[index]!, matrix.data[index]);
  }
  return view;
}

/** The shape of dense X for the binary kernels (classes undefined) or the multinomial ones over K classes. */
function denseShape(rows: number, columns: number, precision: StoragePrecision, classes: number | undefined) {
  return { kind: "dense", rows, columns, precision, ...(classes === undefined ? {} : { classes }) } as const;
}

/**
 * The arena that the kernels run on for checked `matrix` in the given precision, with the matrix as a view
 * of it: the matrix's own arena when it has one of that precision laid out for the same kernels (binary, or
 * multinomial over `classes`; createDenseMatrix lays out for the binary ones), else a new one that the data
 * are copied into, once. Undefined where the kernels cannot run or the data do not fit.
 */
export function kernelStorageFor(
  matrix: StoredDenseMatrix,
  precision: StoragePrecision,
  classes?: number,
): { readonly arena: KernelArena; readonly matrix: StoredDenseMatrix } | undefined {
  const own = matrix instanceof KernelDenseMatrix ? matrix.arena : undefined;
  if (own !== undefined && own.precision === precision && own.shape.classes === classes) {
    return { arena: own, matrix };
  }
  const arena = createKernelArena(denseShape(matrix.rows, matrix.columns, precision, classes));
  if (arena === undefined) return undefined;
  return { arena, matrix: copyInto(arena, matrix) };
}

/**
 * The shared arena, laid out for a pool of `workers` workers, that the threads run on for checked `matrix`
 * in the given precision, with the matrix as a view of it: the one createDenseMatrix made for a pool of
 * that size in that precision (nothing copied), else a new one that X is copied into, once. Undefined where
 * shared WebAssembly memory cannot be had.
 */
export function sharedKernelStorageFor(
  matrix: StoredDenseMatrix,
  precision: StoragePrecision,
  workers: number,
  classes?: number,
): { readonly shared: SharedKernelArena; readonly matrix: StoredDenseMatrix } | undefined {
  const own = matrix instanceof KernelDenseMatrix ? matrix.shared : undefined;
  if (
    own !== undefined &&
    own.arena.precision === precision &&
    own.bases.length === workers &&
    own.arena.shape.classes === classes
  ) {
    return { shared: own, matrix };
  }
  const shared = createSharedKernelArena(
    denseShape(matrix.rows, matrix.columns, precision, classes),
    workers,
  );
  if (shared === undefined) return undefined;
  return { shared, matrix: copyInto(shared.arena, matrix) };
}
