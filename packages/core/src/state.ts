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
