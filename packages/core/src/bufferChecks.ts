import { DescentError, describeValue } from "./errors.js";

// Each check is a one-line test that V8 inlines into the hot methods, with the refusal in a function of its
// own: a check that did not inline would make its caller too large to inline in turn, and a double returned
// from a call that is not inlined is boxed (16 bytes) on every call.

/**
 * Refuses, with LENGTH_MISMATCH, a vector argument of an objective's method that is not a Float64Array of
 * `length` entries: θ, a gradient, v or an output buffer of the wrong size would otherwise be read or written
 * past its end, or quietly truncated, and come back as NaN.
 */
export function checkVector(name: string, value: unknown, length: number): void {
  if (!(value instanceof Float64Array) || value.length !== length) refuseVector(name, value, length);
}

function refuseVector(name: string, value: unknown, length: number): never {
  throw new DescentError(
    "LENGTH_MISMATCH",
    value instanceof Float64Array
      ? `${name} has ${value.length} entries, but the objective has dimension ${length}.`
      : `${name} must be a Float64Array of ${length} entries, got ${describeValue(value)}.`,
    { value: value instanceof Float64Array ? value.length : value },
  );
}

/** Refuses a minibatch window rows[start..end) that is not inside `rows`, an Int32Array of row numbers. */
export function checkRowWindow(rows: unknown, start: number, end: number): void {
  if (
    !(rows instanceof Int32Array) ||
    !(start >= 0 && start < end && end <= rows.length) ||
    start % 1 !== 0 ||
    end % 1 !== 0
  ) {
    refuseRowWindow(rows, start, end);
  }
}

function refuseRowWindow(rows: unknown, start: number, end: number): never {
  if (!(rows instanceof Int32Array)) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `rows must be an Int32Array of row numbers, got ${describeValue(rows)}.`,
    );
  }
  throw new DescentError(
    "LENGTH_MISMATCH",
    `The minibatch window [${describeValue(start)}, ${describeValue(end)}) is not a non-empty part of rows (${rows.length} entries).`,
  );
}

/** Refuses a row number outside X (m rows), as a minibatch may name one; the row at `at` in the window. */
export function checkRowNumber(row: number, at: number, examples: number): void {
  if (row >>> 0 >= examples) refuseRowNumber(row, at, examples);
}

function refuseRowNumber(row: number, at: number, examples: number): never {
  throw new DescentError("LENGTH_MISMATCH", `rows[${at}] is ${row}, but X has rows 0 to ${examples - 1}.`, {
    row,
  });
}
