import { DescentError } from "./errors.js";

/**
 * A deep copy of plain-data state (numbers, booleans, strings, null, Float64Arrays, arrays and records of
 * them). Refuses anything else: state that cannot be copied cannot be checkpointed.
 */
export function cloneState<S>(state: S, path = "state"): S {
  if (state === null || typeof state !== "object") {
    if (typeof state === "function" || typeof state === "symbol" || typeof state === "bigint") {
      throw new DescentError(
        "INVALID_STATE",
        `${path} is a ${typeof state}; optimizer state must be plain data.`,
      );
    }
    return state;
  }
  if (state instanceof Float64Array) return new Float64Array(state) as S;
  if (Array.isArray(state)) return state.map((item, k) => cloneState(item, `${path}[${k}]`)) as S;
  const prototype = Object.getPrototypeOf(state);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new DescentError(
      "INVALID_STATE",
      `${path} is a ${prototype?.constructor?.name ?? "non-plain object"}; optimizer state must be plain data.`,
    );
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) copy[key] = cloneState(value, `${path}.${key}`);
  return copy as S;
}

/** What kind of plain-data value `value` is, for comparing a checkpoint's state against a fresh one. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Float64Array) return `a Float64Array of ${value.length}`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "a record" : `a ${typeof value}`;
}

/**
 * Where plain-data state `actual` (a checkpoint's) does not have the shape of `expected` (what the optimizer's
 * init makes for this problem): the first path whose kind, array length or set of keys differs, with both
 * sides; undefined when the shapes agree. Numbers are not compared: they are the run's progress. An array (a
 * chain's states) may be shorter than a fresh one: a checkpoint of an earlier version, which the optimizer
 * itself accepts or refuses.
 */
export function stateShapeMismatch(expected: unknown, actual: unknown, path = "state"): string | undefined {
  const want = kindOf(expected);
  const got = kindOf(actual);
  if (want !== got) return `${path} is ${got}, where this optimizer and problem have ${want}`;
  if (Array.isArray(expected)) {
    // A chain's states, one per transform. A checkpoint of an earlier version may hold fewer (a transform
    // added since, which the optimizer then handles itself); never more.
    if ((actual as unknown[]).length > expected.length) {
      return `${path} holds ${(actual as unknown[]).length} entries, where this optimizer and problem have ${expected.length}`;
    }
    for (let k = 0; k < (actual as unknown[]).length; k++) {
      const mismatch = stateShapeMismatch(expected[k], (actual as unknown[])[k], `${path}[${k}]`);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (want !== "a record") return undefined;
  const expectedRecord = expected as Record<string, unknown>;
  const actualRecord = actual as Record<string, unknown>;
  for (const key of Object.keys(actualRecord)) {
    if (!Object.hasOwn(expectedRecord, key)) return `${path}.${key} is not part of this optimizer's state`;
  }
  for (const key of Object.keys(expectedRecord)) {
    if (!Object.hasOwn(actualRecord, key)) return `${path}.${key} is missing`;
    const mismatch = stateShapeMismatch(expectedRecord[key], actualRecord[key], `${path}.${key}`);
    if (mismatch !== undefined) return mismatch;
  }
  return undefined;
}
