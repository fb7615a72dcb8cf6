import { DescentError, describeValue, type Label } from "@descent/core";
import type { SqlDialect } from "./sqlDialect.js";
import type { SqlEngine } from "./sqlEngine.js";

/** How the label column is read: its values compared as DOUBLE, as Boolean, or as text. */
export interface LabelColumn {
  readonly name: string;
  /** The column as the statements compare it (CAST to DOUBLE for numbers). */
  readonly expression: string;
  readonly numeric: boolean;
  readonly boolean: boolean;
}

/**
 * A class as a SQL literal comparable with the label expression: a number's shortest round-trip decimal,
 * converted by the engine to the same double (no literal is read as DECIMAL); a Boolean; text.
 */
export function classLiteral(value: Label, column: LabelColumn, dialect: SqlDialect): string {
  if (column.boolean) return value ? "TRUE" : "FALSE";
  if (column.numeric) return `CAST(${dialect.quoteString(String(value))} AS ${dialect.doubleType})`;
  return dialect.quoteString(String(value));
}

/**
 * The classes a user gave (`classes`), checked: at least two (exactly two for the binary objective),
 * distinct, of the label column's kind (numbers for a numeric column, booleans for a Boolean one, strings
 * otherwise); then one query counts the rows whose label is none of them, and refuses if there are any.
 * A given class may have no rows (a file that is one part of the data).
 */
export async function checkGivenClasses(
  engine: SqlEngine,
  given: unknown,
  column: LabelColumn,
  from: string,
  where: string,
  classCount: "two" | "many",
): Promise<Label[]> {
  const kind = column.numeric ? "number" : column.boolean ? "boolean" : "string";
  const count = classCount === "two" ? "exactly two" : "at least two";
  if (!Array.isArray(given) || (classCount === "two" ? given.length !== 2 : given.length < 2)) {
    throw new DescentError(
      "INVALID_OPTION",
      `classes must list ${count} labels of column ${JSON.stringify(column.name)}, got ${describeValue(given)}.`,
      { value: given },
    );
  }
  given.forEach((value, k) => {
    if (typeof value !== kind || (kind === "number" && !Number.isFinite(value))) {
      throw new DescentError(
        "INVALID_OPTION",
        `classes[${k}] is ${describeValue(value)}; label column ${JSON.stringify(column.name)} of the ${where} holds ${kind === "number" ? "finite numbers" : `${kind}s`}.`,
        { value },
      );
    }
    if (given.indexOf(value) !== k) {
      throw new DescentError("INVALID_OPTION", `classes lists ${describeValue(value)} twice.`, { value });
    }
  });
  const known = given.map((value) => classLiteral(value as Label, column, engine.dialect)).join(", ");
  let outside: number;
  try {
    const [row] = await engine.query(
      `SELECT count(*) FROM ${from} WHERE NOT (${column.expression} IN (${known}))`,
    );
    outside = Number(row?.[0] ?? 0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DescentError(
      "INVALID_OPTION",
      `${engine.dialect.name} could not check the classes of the ${where}: ${message}`,
    );
  }
  if (outside > 0) {
    throw new DescentError(
      "INVALID_LABEL",
      `label column ${JSON.stringify(column.name)} of the ${where} has ${outside} row${outside === 1 ? "" : "s"} whose label is none of the given classes (${given.map(describeValue).join(", ")}).`,
      { value: outside },
    );
  }
  return given as Label[];
}
