import { DescentError, describeValue } from "./errors.js";

/** Dense row-major data with its shape: element (i, j) is `data[i * shape[1] + j]`. */
export interface DenseMatrixInput {
  readonly data: Float64Array | readonly number[];
  readonly shape: readonly [rows: number, columns: number];
}

/**
 * Compressed sparse rows: the non-zeros of row i are `values[k]` at column `indices[k]` for
 * k in [indptr[i], indptr[i + 1]).
 */
export interface CsrMatrixInput {
  readonly indptr: ArrayLike<number>;
  readonly indices: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly shape: readonly [rows: number, columns: number];
}

/** What X may be: rows of numbers, dense row-major data with a shape, or a CSR matrix. */
export type MatrixInput = readonly (readonly number[])[] | DenseMatrixInput | CsrMatrixInput;

/**
 * The design matrix as the kernels see it: the only operations the logistic objective needs, over
 * one row at a time. Implementations keep one layout each and allocate nothing per call.
 */
export interface DesignMatrix {
  readonly kind: "dense" | "csr";
  readonly rows: number;
  readonly columns: number;
  /** x_row · w over the first `columns` entries of w. */
  dotRow(row: number, w: Float64Array): number;
  /** out[j] += alpha · x_row[j] for every column j. */
  addScaledRow(row: number, alpha: number, out: Float64Array): void;
  /**
   * Adds alpha · x̃ x̃ᵀ to the upper triangle of the dim × dim row-major `out`, where x̃ is the row,
   * followed by a 1 when `withIntercept` (then dim = columns + 1).
   */
  addScaledOuterProduct(
    row: number,
    alpha: number,
    out: Float64Array,
    dim: number,
    withIntercept: boolean,
  ): void;
}

/**
 * A dense row-major matrix, stored as float64 or (Float32DenseMatrix) float32; every product is taken in
 * float64 either way. Keeps a reference to `data`; nothing is copied. Its arrays stay writable, so
 * toDesignMatrix checks it (`validate`) each time it is handed to descent.
 */
export class DenseMatrix<Data extends Float64Array | Float32Array = Float64Array> implements DesignMatrix {
  readonly kind = "dense";
  constructor(
    readonly data: Data,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /**
   * Refuses a shape that does not fit `data` and any non-finite value, with its row and column. A subclass
   * whose data live elsewhere (kernel memory) may check faster, never less.
   */
  validate(name = "X"): void {
    checkDenseShape(this, name);
    const data = this.data;
    for (let k = 0; k < data.length; k++) {
      const value = data[k]!;
      // A NaN also fails this test: `value - value` is 0 only for finite numbers.
      if (value - value !== 0) throw nonFinite(name, Math.floor(k / this.columns), k % this.columns, value);
    }
  }

  /** [rows, columns], so a DenseMatrix is also a `{ data, shape }` input. */
  get shape(): readonly [rows: number, columns: number] {
    return [this.rows, this.columns];
  }

  dotRow(row: number, w: Float64Array): number {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += data[offset + j]! * w[j]!;
    return sum;
  }

  addScaledRow(row: number, alpha: number, out: Float64Array): void {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    for (let j = 0; j < n; j++) out[j]! += alpha * data[offset + j]!;
  }

  addScaledOuterProduct(
    row: number,
    alpha: number,
    out: Float64Array,
    dim: number,
    withIntercept: boolean,
  ): void {
    const data = this.data;
    const n = this.columns;
    const offset = row * n;
    for (let j = 0; j < n; j++) {
      const scaled = alpha * data[offset + j]!;
      const outRow = j * dim;
      for (let k = j; k < n; k++) out[outRow + k]! += scaled * data[offset + k]!;
      if (withIntercept) out[outRow + n]! += scaled;
    }
    if (withIntercept) out[n * dim + n]! += alpha;
  }
}

/** The matrices descent stores X in: dense (float64 or float32) or CSR. */
export type StoredMatrix = DenseMatrix<Float64Array | Float32Array> | CsrMatrix;

/** X stored as float32: half the memory; each product is still taken in float64. */
export class Float32DenseMatrix extends DenseMatrix<Float32Array> {}

/**
 * A CSR matrix. Keeps references to its arrays; nothing is copied. Its arrays stay writable, so
 * toDesignMatrix checks its structure and values (`validate`) each time it is handed to descent.
 */
export class CsrMatrix implements DesignMatrix {
  readonly kind = "csr";
  constructor(
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly values: Float64Array,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /** Refuses a malformed structure (indptr, column indices) and any non-finite value, saying where. */
  validate(name = "X"): void {
    checkCsrStructure(this.indptr, this.indices, this.values, this.rows, this.columns, name);
  }

  /** [rows, columns], so a CsrMatrix is also a `{ indptr, indices, values, shape }` input. */
  get shape(): readonly [rows: number, columns: number] {
    return [this.rows, this.columns];
  }

  dotRow(row: number, w: Float64Array): number {
    const { indptr, indices, values } = this;
    const end = indptr[row + 1]!;
    let sum = 0;
    for (let k = indptr[row]!; k < end; k++) sum += values[k]! * w[indices[k]!]!;
    return sum;
  }

  addScaledRow(row: number, alpha: number, out: Float64Array): void {
    const { indptr, indices, values } = this;
    const end = indptr[row + 1]!;
    for (let k = indptr[row]!; k < end; k++) out[indices[k]!]! += alpha * values[k]!;
  }

  addScaledOuterProduct(
    row: number,
    alpha: number,
    out: Float64Array,
    dim: number,
    withIntercept: boolean,
  ): void {
    const { indptr, indices, values } = this;
    const start = indptr[row]!;
    const end = indptr[row + 1]!;
    const n = this.columns;
    for (let p = start; p < end; p++) {
      const j = indices[p]!;
      const scaled = alpha * values[p]!;
      for (let q = start; q < end; q++) {
        const k = indices[q]!;
        // Indices need not be sorted: the pairs of entries at columns j ≤ k go to the upper triangle. A column
        // that repeats within a row gets all its pairs (p, q), as (Σ x_p)² needs.
        if (k >= j) out[j * dim + k]! += scaled * values[q]!;
      }
      if (withIntercept) out[j * dim + n]! += scaled;
    }
    if (withIntercept) out[n * dim + n]! += alpha;
  }
}

/**
 * The most columns (features) X may have: θ, the gradient and every optimizer's vectors are dense, d + 1
 * doubles each, and L-BFGS keeps twenty of them; 2^24 columns already make each one 134 MB.
 */
export const MAXIMUM_COLUMNS = 2 ** 24;
/** The most rows: row indices are Int32 (minibatches, CSR), and a typed array holds at most 2^32 values. */
export const MAXIMUM_ROWS = 2 ** 31 - 1;

function checkShape(shape: unknown, name: string): [number, number] {
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new DescentError(
      "INVALID_SHAPE",
      `${name}.shape must be [rows, columns], got ${describeValue(shape)}.`,
    );
  }
  const [rows, columns] = shape as [unknown, unknown];
  for (const [label, size] of [
    ["rows", rows],
    ["columns", columns],
  ] as const) {
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
      throw new DescentError(
        "INVALID_SHAPE",
        `${name}.shape ${label} must be a non-negative integer, got ${describeValue(size)}.`,
      );
    }
  }
  if ((rows as number) > MAXIMUM_ROWS) {
    throw new DescentError(
      "INVALID_SHAPE",
      `${name} has ${rows} rows; descent takes at most ${MAXIMUM_ROWS} (rows are indexed with 32-bit integers).`,
      { value: rows },
    );
  }
  if ((columns as number) > MAXIMUM_COLUMNS) {
    throw new DescentError(
      "INVALID_SHAPE",
      `${name} has ${columns} columns; descent takes at most ${MAXIMUM_COLUMNS} (θ, the gradient and the optimizers' vectors are dense).`,
      { value: columns },
    );
  }
  return [rows as number, columns as number];
}

function refuseEmpty(rows: number, columns: number, name: string): void {
  if (rows === 0)
    throw new DescentError("EMPTY_DATA", `${name} has no rows: there is nothing to learn from.`);
  if (columns === 0) throw new DescentError("EMPTY_DATA", `${name} has no columns (features).`);
}

function nonFinite(name: string, row: number, column: number, value: unknown): DescentError {
  const what = typeof value === "number" ? "a non-finite value" : "a value that is not a number";
  return new DescentError(
    "NON_FINITE_VALUE",
    `${name} has ${what} at row ${row}, column ${column}: ${describeValue(value)}.`,
    { row, column, value },
  );
}

function fromRows(X: readonly (readonly number[])[], name: string): DenseMatrix {
  const rows = X.length;
  const first = X[0];
  if (rows === 0 || first === undefined) {
    throw new DescentError("EMPTY_DATA", `${name} has no rows: there is nothing to learn from.`);
  }
  const columns = Array.isArray(first) ? first.length : -1;
  const data = new Float64Array(rows * Math.max(columns, 0));
  for (let i = 0; i < rows; i++) {
    const row = X[i];
    if (!Array.isArray(row)) {
      throw new DescentError("RAGGED_ROWS", `${name} row ${i} is not an array: ${describeValue(row)}.`, {
        row: i,
        value: row,
      });
    }
    if (row.length !== columns) {
      throw new DescentError(
        "RAGGED_ROWS",
        `${name} row ${i} has ${row.length} columns, but row 0 has ${columns}.`,
        { row: i, value: row.length },
      );
    }
    for (let j = 0; j < columns; j++) {
      const value: unknown = row[j];
      if (typeof value !== "number" || !Number.isFinite(value)) throw nonFinite(name, i, j, value);
      data[i * columns + j] = value;
    }
  }
  refuseEmpty(rows, columns, name);
  return new DenseMatrix(data, rows, columns);
}

function fromDense(X: DenseMatrixInput, name: string): DenseMatrix {
  const [rows, columns] = checkShape(X.shape, name);
  refuseEmpty(rows, columns, name);
  if (X.data.length !== rows * columns) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `${name}.data has ${X.data.length} values, but shape [${rows}, ${columns}] needs ${rows * columns}.`,
    );
  }
  const typed = X.data instanceof Float64Array;
  const data = typed ? (X.data as Float64Array) : Float64Array.from(X.data);
  for (let k = 0; k < data.length; k++) {
    const value = data[k]!;
    // A NaN also fails this test: `value - value` is 0 only for finite numbers. A plain array may also hold
    // what Float64Array.from would have coerced (null to 0, "1" to 1): refused too.
    if (value - value !== 0 || (!typed && typeof X.data[k] !== "number")) {
      throw nonFinite(name, Math.floor(k / columns), k % columns, X.data[k]);
    }
  }
  return new DenseMatrix(data, rows, columns);
}

/** Refuses a DenseMatrix (built by hand, or by a loader) whose data do not hold exactly rows × columns values. */
function checkDenseShape(matrix: DenseMatrix<Float64Array | Float32Array>, name: string): void {
  const [rows, columns] = checkShape([matrix.rows, matrix.columns], name);
  refuseEmpty(rows, columns, name);
  if (matrix.data.length !== rows * columns) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `${name}.data has ${matrix.data.length} values, but shape [${rows}, ${columns}] needs ${rows * columns}.`,
    );
  }
}

/**
 * Refuses a malformed CSR structure or a non-finite value, saying where: indptr of length rows + 1, from 0 to
 * the number of stored values and never decreasing; every column index an integer in [0, columns).
 * `original*` are the caller's arrays, for the values shown in messages when they were converted.
 */
function checkCsrStructure(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  rows: number,
  columns: number,
  name: string,
  originalIndices: ArrayLike<unknown> = indices,
  originalValues: ArrayLike<unknown> = values,
  originalIndptr: ArrayLike<unknown> = indptr,
): void {
  checkShape([rows, columns], name);
  refuseEmpty(rows, columns, name);
  if (indptr.length !== rows + 1) {
    throw new DescentError(
      "INVALID_SPARSE_MATRIX",
      `${name}.indptr has length ${indptr.length}, but ${rows} rows need ${rows + 1}.`,
    );
  }
  if (indices.length !== values.length) {
    throw new DescentError(
      "INVALID_SPARSE_MATRIX",
      `${name}.indices has ${indices.length} entries but ${name}.values has ${values.length}.`,
    );
  }
  for (let i = 0; i <= rows; i++) {
    // Int32Array.from coerces: 1.5 to 1, 2^32 + 1 to 1, null to 0. Only what it kept exactly is an index.
    if (originalIndptr[i] !== indptr[i]) {
      throw new DescentError(
        "INVALID_SPARSE_MATRIX",
        `${name}.indptr[${i}] is ${describeValue(originalIndptr[i])}; row pointers are integers from 0 to ${values.length}.`,
        { row: Math.min(i, rows - 1), value: originalIndptr[i] },
      );
    }
  }
  if (indptr[0] !== 0 || indptr[rows] !== values.length) {
    throw new DescentError(
      "INVALID_SPARSE_MATRIX",
      `${name}.indptr must start at 0 and end at the number of stored values (${values.length}), got ${indptr[0]} … ${indptr[rows]}.`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const start = indptr[i]!;
    const end = indptr[i + 1]!;
    if (end < start) {
      throw new DescentError("INVALID_SPARSE_MATRIX", `${name}.indptr decreases at row ${i}.`, { row: i });
    }
    for (let k = start; k < end; k++) {
      const column = indices[k]!;
      if (!(column >= 0 && column < columns) || originalIndices[k] !== column) {
        throw new DescentError(
          "INVALID_SPARSE_MATRIX",
          `${name} row ${i} has column index ${describeValue(originalIndices[k])}, outside [0, ${columns}).`,
          { row: i, value: originalIndices[k] },
        );
      }
      const value = values[k]!;
      if (value - value !== 0 || (originalValues !== values && typeof originalValues[k] !== "number")) {
        throw nonFinite(name, i, column, originalValues[k]);
      }
    }
  }
}

function fromCsr(X: CsrMatrixInput, name: string): CsrMatrix {
  const [rows, columns] = checkShape(X.shape, name);
  refuseEmpty(rows, columns, name);
  const indptr = Int32Array.from(X.indptr);
  const indices = X.indices instanceof Int32Array ? X.indices : Int32Array.from(X.indices);
  const values = X.values instanceof Float64Array ? X.values : Float64Array.from(X.values);
  checkCsrStructure(indptr, indices, values, rows, columns, name, X.indices, X.values, X.indptr);
  return new CsrMatrix(indptr, indices, values, rows, columns);
}

/**
 * Validates X at the edge and returns it in the layout the objectives use: this is the one place where data
 * are checked, and what it returns is what backends and kernels trust. Plain input is converted (or, for
 * typed arrays of the right type, wrapped) and checked as it is read; a DenseMatrix or CsrMatrix is checked
 * (its `validate`) every time it is passed, since its arrays may have been written since. Refuses, with the
 * row, column and value at fault: ragged rows, non-finite values, a shape that does not fit the data, an
 * empty matrix and a malformed CSR structure.
 */
export function toDesignMatrix(X: MatrixInput | DesignMatrix, name = "X"): StoredMatrix {
  if (X instanceof DenseMatrix || X instanceof CsrMatrix) {
    X.validate(name);
    return X;
  }
  if (Array.isArray(X)) return fromRows(X, name);
  if (X !== null && typeof X === "object") {
    if ("indptr" in X) return fromCsr(X as CsrMatrixInput, name);
    if ("data" in X) return fromDense(X as DenseMatrixInput, name);
  }
  throw new DescentError(
    "INVALID_SHAPE",
    `${name} must be an array of rows, { data, shape } or { indptr, indices, values, shape }; got ${describeValue(X)}.`,
  );
}
