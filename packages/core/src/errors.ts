/** Every way descent refuses an input, an option or a state. Codes are stable: match on them, not on messages. */
export type DescentErrorCode =
  | "EMPTY_DATA"
  | "RAGGED_ROWS"
  | "NON_FINITE_VALUE"
  | "LENGTH_MISMATCH"
  | "INVALID_SHAPE"
  | "INVALID_SPARSE_MATRIX"
  | "NOT_TWO_CLASSES"
  | "INVALID_LABEL"
  | "INVALID_SAMPLE_WEIGHT"
  | "FEATURE_COUNT_MISMATCH"
  | "INVALID_OPTION"
  | "UNSUPPORTED_OBJECTIVE"
  | "NOT_FITTED"
  | "INVALID_MODEL_JSON"
  | "INVALID_STATE"
  | "UNSUPPORTED_RUNTIME";

/** Where in the data an error was found. Rows and columns count from 0. */
export interface DescentErrorLocation {
  readonly row?: number;
  readonly column?: number;
  readonly value?: unknown;
}

/**
 * The one error type that descent throws on purpose. `code` is stable across versions; `row`, `column`
 * and `value` say where in the data the fault is, when it is in the data.
 */
export class DescentError extends Error {
  override readonly name = "DescentError";
  readonly code: DescentErrorCode;
  readonly row: number | undefined;
  readonly column: number | undefined;
  readonly value: unknown;

  constructor(code: DescentErrorCode, message: string, location: DescentErrorLocation = {}) {
    super(message);
    this.code = code;
    this.row = location.row;
    this.column = location.column;
    this.value = location.value;
  }
}

/** True when `error` is a DescentError, optionally with the given code. */
export function isDescentError(error: unknown, code?: DescentErrorCode): error is DescentError {
  return error instanceof DescentError && (code === undefined || error.code === code);
}

/** Formats a value for an error message so that NaN, Infinity, strings and objects are all told apart. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a value of type ${typeof value}`;
}
