import type { SqlDialect } from "./sqlDialect.js";

/** One row of a result, its values in the SELECT's order. */
export type SqlRow = readonly unknown[];

/**
 * A SQL engine the objective runs its passes on: the dialect it speaks and a way to run a statement. The
 * objective binds every parameter as a DOUBLE, `parameters[k]` to `dialect.parameter(k)`, and reads numbers
 * (JavaScript numbers, BigInts or numeric strings) from the rows. Implement it in a few lines over any
 * driver (see the README's "Beyond one machine").
 */
export interface SqlEngine {
  readonly dialect: SqlDialect;
  /** Runs one statement and resolves to all of its rows. */
  query(sql: string, parameters?: Float64Array): Promise<readonly SqlRow[]>;
}
