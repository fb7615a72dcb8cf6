import { DescentError, describeValue } from "./errors.js";

export interface NumberConstraint {
  /** Smallest allowed value (inclusive unless `exclusiveMinimum`). */
  readonly min?: number;
  readonly exclusiveMinimum?: boolean;
  /** Largest allowed value (inclusive unless `exclusiveMaximum`). */
  readonly max?: number;
  readonly exclusiveMaximum?: boolean;
  readonly integer?: boolean;
}

function describeRange(c: NumberConstraint): string {
  const parts: string[] = [c.integer ? "an integer" : "a finite number"];
  if (c.min !== undefined && c.max !== undefined) {
    parts.push(`in ${c.exclusiveMinimum ? "(" : "["}${c.min}, ${c.max}${c.exclusiveMaximum ? ")" : "]"}`);
  } else if (c.min !== undefined) {
    parts.push(`${c.exclusiveMinimum ? ">" : "≥"} ${c.min}`);
  } else if (c.max !== undefined) {
    parts.push(`${c.exclusiveMaximum ? "<" : "≤"} ${c.max}`);
  }
  return parts.join(" ");
}

/**
 * Returns `value` when it is a number that satisfies the constraint, and throws an INVALID_OPTION
 * DescentError naming the option otherwise. For optimizer factories and estimators alike.
 */
export function checkNumberOption(name: string, value: unknown, constraint: NumberConstraint = {}): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!constraint.integer || Number.isInteger(value)) &&
    (constraint.min === undefined ||
      (constraint.exclusiveMinimum ? value > constraint.min : value >= constraint.min)) &&
    (constraint.max === undefined ||
      (constraint.exclusiveMaximum ? value < constraint.max : value <= constraint.max));
  if (!ok) {
    throw new DescentError(
      "INVALID_OPTION",
      `${name} must be ${describeRange(constraint)}, got ${describeValue(value)}.`,
      { value },
    );
  }
  return value as number;
}

/** Returns `value` when it is a boolean, and throws an INVALID_OPTION DescentError otherwise. */
export function checkBooleanOption(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new DescentError("INVALID_OPTION", `${name} must be true or false, got ${describeValue(value)}.`, {
      value,
    });
  }
  return value;
}

/** Returns `value` when it is one of `allowed`, and throws an INVALID_OPTION DescentError otherwise. */
export function checkChoiceOption<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new DescentError(
      "INVALID_OPTION",
      `${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describeValue(value)}.`,
      { value },
    );
  }
  return value as T;
}
