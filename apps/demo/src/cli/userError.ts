import { isDescentError } from "@descent/core";
import { quoted } from "./shownText.js";

/** A problem with what the user gave us (a file, an option): printed as is, without a stack, exit code 1. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** Where the rows of a data set came from, to turn core's 0-based rows and columns into what a user sees. */
export interface RowOrigin {
  /** The file, as the user named it. */
  readonly source: string;
  /** The CSV line (header = line 1) of each row that core saw. */
  readonly lines: Int32Array;
  /** The CSV column name of each feature column that core saw. */
  readonly featureNames: readonly string[];
}

/**
 * Rewrites a DescentError that points at a row (and column) of the data core was given into a
 * UserError that points at the CSV line and column name; any other error passes through unchanged.
 */
export function locateInCsv(error: unknown, origin: RowOrigin): unknown {
  if (!isDescentError(error) || error.row === undefined) return error;
  const line = origin.lines[error.row];
  if (line === undefined) return error;
  const column =
    error.column === undefined
      ? ""
      : `, column ${quoted(origin.featureNames[error.column] ?? `#${error.column + 1}`)}`;
  return new UserError(`${origin.source}: line ${line}${column}: ${error.message} [${error.code}]`);
}
