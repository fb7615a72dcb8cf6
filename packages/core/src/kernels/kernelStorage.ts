import { DescentError, describeValue } from "../errors.js";
import { DenseMatrix, wasValidated } from "../matrix.js";
import { checkChoiceOption } from "../options.js";
import { createKernelArena, type KernelArena, type StoragePrecision } from "./arena.js";
import { Float32DenseMatrix } from "./float32Matrix.js";
import {
  createSharedKernelArena,
  DEFAULT_THREADED_MINIMUM_ENTRIES,
  type SharedKernelArena,
} from "./threadedObjective.js";
import { resolveThreadsOption, type ThreadsOption } from "./threadProvider.js";

/** A dense matrix in either storage precision. */
export type StoredDenseMatrix = DenseMatrix | Float32DenseMatrix;

export const STORAGE_PRECISIONS: readonly StoragePrecision[] = ["float64", "float32"];

/** The kernel arena that holds each dense matrix's data, keyed by its `data` array (CSR: see csrStorage.ts). */
const arenaByData = new WeakMap<object, KernelArena>();
/** The shared arena (with its workers' regions) of each matrix that createDenseMatrix made for a pool. */
const sharedArenaByData = new WeakMap<object, SharedKernelArena>();

export interface CreateDenseMatrixOptions {
  /** "float64" (default) or "float32": half the memory, values rounded to float32, arithmetic in float64. */
  readonly precision?: StoragePrecision;
  /**
   * The threads that objectives on this matrix will split their passes across, as logisticObjective's
   * `threads` option: "auto" (default), a number, or a pool (`createThreadPool` from `@descent/core/threads`).
   * For more than one thread X is laid out in a shared memory with room for the workers (with "auto", only
   * from 2^20 entries, the default threadedMinimumEntries), and a threaded objective built on it (with as
   * many threads, in the same precision) runs on it without copying X. Nothing is started here. Without
   * shared WebAssembly memory, or for one thread, it is ignored.
   */
  readonly threads?: ThreadsOption;
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
 * the loader and again by the objective. Pass it as X to logisticObjective; its values are checked for
 * finiteness when an objective is built from it. The memory is sized once, here,
 * for X and everything the kernels need beside it, and never grows. For more than one thread (`threads`;
 * by default, in Node, for large X) it is a shared memory with room for the workers, so that threaded
 * objectives on it copy nothing either. Where the
 * kernels cannot run, `data` is an ordinary typed array and everything works the same, on the TypeScript path.
 */
export function createDenseMatrix(
  rows: number,
  columns: number,
  options?: CreateDenseMatrixOptions & { readonly precision?: "float64" },
): DenseMatrix;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options: CreateDenseMatrixOptions & { readonly precision: "float32" },
): Float32DenseMatrix;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options?: CreateDenseMatrixOptions,
): StoredDenseMatrix;
export function createDenseMatrix(
  rows: number,
  columns: number,
  options: CreateDenseMatrixOptions = {},
): StoredDenseMatrix {
  checkSize("rows", rows);
  checkSize("columns", columns);
  const precision = checkChoiceOption("precision", options.precision ?? "float64", STORAGE_PRECISIONS);
  const shape = { kind: "dense", rows, columns, precision } as const;
  const threads = resolveThreadsOption(options.threads);
  const workers = threads.auto && rows * columns < DEFAULT_THREADED_MINIMUM_ENTRIES ? 0 : threads.threads - 1;
  const shared = workers > 0 ? createSharedKernelArena(shape, workers) : undefined;
  const arena = shared?.arena ?? createKernelArena(shape);
  const data =
    arena?.data ??
    (precision === "float32" ? new Float32Array(rows * columns) : new Float64Array(rows * columns));
  if (arena !== undefined) arenaByData.set(data, arena);
  if (shared !== undefined) sharedArenaByData.set(data, shared);
  return data instanceof Float32Array
    ? new Float32DenseMatrix(data, rows, columns)
    : new DenseMatrix(data, rows, columns);
}

/** The refusal of a non-finite value at flat index k, in the words toDesignMatrix uses. */
function nonFinite(matrix: StoredDenseMatrix, index: number, value: number, original?: number): DescentError {
  const row = Math.floor(index / matrix.columns);
  const column = index % matrix.columns;
  const shown = original ?? value;
  return new DescentError(
    "NON_FINITE_VALUE",
    original !== undefined && Number.isFinite(original)
      ? `X has a value at row ${row}, column ${column} that float32 cannot hold: ${describeValue(original)}.`
      : `X has a non-finite value at row ${row}, column ${column}: ${describeValue(shown)}.`,
    { row, column, value: shown },
  );
}

/**
 * Refuses a non-finite value (NON_FINITE_VALUE, with its row and column) in a dense matrix that toDesignMatrix
 * did not check: one from createDenseMatrix, or built by hand. For the paths that read X in TypeScript.
 */
export function checkUncheckedDenseMatrix(matrix: StoredDenseMatrix): void {
  if (!wasValidated(matrix.data)) checkFiniteInTypeScript(matrix);
}

function checkFiniteInTypeScript(matrix: StoredDenseMatrix): void {
  const data = matrix.data;
  for (let k = 0; k < data.length; k++) {
    const value = data[k]!;
    if (value - value !== 0) throw nonFinite(matrix, k, value);
  }
}

function checkFiniteInKernel(
  arena: KernelArena,
  matrix: StoredDenseMatrix,
  source?: StoredDenseMatrix,
): void {
  const index = arena.kernels.firstNonFinite(
    arena.dataAddress,
    arena.data.length,
    arena.precision === "float32" ? 1 : 0,
  );
  if (index >= 0) throw nonFinite(matrix, index, arena.data[index]!, source?.data[index]);
}

/**
 * `matrix` in the given precision for the TypeScript path: itself when it already is, else a converted copy
 * (float64 → float32 rounds, and refuses a value beyond float32's range). A matrix that toDesignMatrix did
 * not check (from createDenseMatrix, or built by hand) is checked for non-finite values.
 */
export function denseMatrixInPrecision(
  matrix: StoredDenseMatrix,
  precision: StoragePrecision,
): StoredDenseMatrix {
  const { rows, columns } = matrix;
  if (precision === "float32" && !(matrix instanceof Float32DenseMatrix)) {
    const copy = new Float32DenseMatrix(Float32Array.from(matrix.data), rows, columns);
    for (let k = 0; k < copy.data.length; k++) {
      const value = copy.data[k]!;
      if (value - value !== 0) throw nonFinite(matrix, k, value, matrix.data[k]);
    }
    return copy;
  }
  checkUncheckedDenseMatrix(matrix);
  if (precision === "float64" && matrix instanceof Float32DenseMatrix) {
    return new DenseMatrix(Float64Array.from(matrix.data), rows, columns);
  }
  return matrix;
}

/**
 * The arena that the kernels run on for `matrix` in the given precision, with the matrix as a view of it:
 * the matrix's own arena when it has one of that precision (nothing copied), else a new one that the data
 * are copied into, once. Undefined where the kernels cannot run or the data do not fit.
 */
export function kernelStorageFor(
  matrix: StoredDenseMatrix,
  precision: StoragePrecision,
): { readonly arena: KernelArena; readonly matrix: StoredDenseMatrix } | undefined {
  const own = arenaByData.get(matrix.data);
  if (own !== undefined && own.precision === precision) {
    checkFiniteInKernel(own, matrix);
    return { arena: own, matrix };
  }
  const arena = createKernelArena({ kind: "dense", rows: matrix.rows, columns: matrix.columns, precision });
  if (arena === undefined) return undefined;
  arena.data.set(matrix.data);
  // Rounding to float32 can overflow, and data that toDesignMatrix did not check (from createDenseMatrix,
  // an arena, or a DenseMatrix built by hand) may hold anything.
  const converted = precision === "float32" && !(matrix instanceof Float32DenseMatrix);
  const view =
    arena.data instanceof Float32Array
      ? new Float32DenseMatrix(arena.data, matrix.rows, matrix.columns)
      : new DenseMatrix(arena.data, matrix.rows, matrix.columns);
  if (converted || !wasValidated(matrix.data)) checkFiniteInKernel(arena, view, matrix);
  arenaByData.set(arena.data, arena);
  return { arena, matrix: view };
}

/**
 * The shared arena, laid out for a pool of `workers` workers, that the threads run on for `matrix` in the
 * given precision, with the matrix as a view of it: the one createDenseMatrix made for a pool of that size in
 * that precision (nothing copied; its data checked for finiteness in the kernel), else a new one that X is
 * copied into, once, converted and checked as for the TypeScript path. Objectives on it share it as on an
 * arena of kernelStorageFor. Undefined where shared WebAssembly memory cannot be had.
 */
export function sharedKernelStorageFor(
  matrix: StoredDenseMatrix,
  precision: StoragePrecision,
  workers: number,
): { readonly shared: SharedKernelArena; readonly matrix: StoredDenseMatrix } | undefined {
  const own = sharedArenaByData.get(matrix.data);
  if (own !== undefined && own.arena.precision === precision && own.bases.length === workers) {
    checkFiniteInKernel(own.arena, matrix);
    return { shared: own, matrix };
  }
  const { rows, columns } = matrix;
  const shared = createSharedKernelArena({ kind: "dense", rows, columns, precision }, workers);
  if (shared === undefined) return undefined;
  const data = shared.arena.data;
  data.set(denseMatrixInPrecision(matrix, precision).data);
  const view =
    data instanceof Float32Array
      ? new Float32DenseMatrix(data, rows, columns)
      : new DenseMatrix(data, rows, columns);
  return { shared, matrix: view };
}
