import { isDescentError, type Label } from "@descent/core";
import { DuckDBSession, duckdbDialect, relationSql } from "@descent/duckdb";
import {
  type DataFileFormat,
  dataFileFormat,
  duckdbConfig,
  type EngineOptions,
  existingDataFile,
} from "../engine.js";
import { quoted } from "../shownText.js";
import { UserError } from "../userError.js";

const q = duckdbDialect.quoteIdentifier;

/** A data file that DuckDB reads, with its columns and their types. */
export interface DataFile {
  /** As the user named it, for messages. */
  readonly path: string;
  /** The flag that named it (--data, --csv), for messages. */
  readonly flag: string;
  readonly absolutePath: string;
  readonly format: DataFileFormat;
  /** The FROM item that reads it. */
  readonly from: string;
  /** Column name → DuckDB type, in the file's order. */
  readonly columns: ReadonlyMap<string, string>;
}

/** DuckDB in a worker, with the --memory-limit and --threads the user gave. */
export function openSession(options: EngineOptions): Promise<DuckDBSession> {
  return DuckDBSession.open({ config: duckdbConfig(options) });
}

/** What to do when DuckDB ran out of memory, in the command line's flags; else "". */
export function memoryHint(message: string): string {
  return /Out of Memory/i.test(message)
    ? " (with the command line: raise --memory-limit, or lower --threads; Parquet needs less than CSV)"
    : "";
}

/** Runs a statement, turning DuckDB's refusal into a UserError that names the file. */
export async function queryFile(
  session: DuckDBSession,
  file: Pick<DataFile, "path" | "flag">,
  sql: string,
): Promise<readonly (readonly unknown[])[]> {
  try {
    return await session.query(sql);
  } catch (error) {
    if (!isDescentError(error)) throw error;
    throw new UserError(
      `Cannot read ${file.flag} ${file.path} through DuckDB: ${error.message}${memoryHint(error.message)}`,
    );
  }
}

/** Checks that the file exists and DuckDB reads it, and lists its columns. */
export async function describeDataFile(
  session: DuckDBSession,
  path: string,
  flag: string,
): Promise<DataFile> {
  const format = dataFileFormat(path, flag);
  const absolutePath = existingDataFile(path, flag);
  const from = relationSql({ file: absolutePath }, duckdbDialect);
  const described = await queryFile(session, { path, flag }, `DESCRIBE SELECT * FROM ${from}`);
  const columns = new Map(described.map((row) => [String(row[0]), String(row[1])]));
  return { path, flag, absolutePath, format, from, columns };
}

/** The file's columns for a message: "a, b, c" (the first 20). */
function columnList(file: DataFile): string {
  const names = [...file.columns.keys()];
  return `${names.slice(0, 20).map(quoted).join(", ")}${names.length > 20 ? `, … (${names.length} in all)` : ""}`;
}

/** Refuses a column the file does not have, listing the ones it has. */
export function checkColumn(file: DataFile, name: string, role: string): void {
  if (!file.columns.has(name)) {
    throw new UserError(
      `${file.flag} ${file.path} has no column ${quoted(name)} (${role}); its columns are ${columnList(file)}.`,
    );
  }
}

/**
 * The feature columns: those named (by --features, or by a saved model), or every column but the label;
 * each must be there and hold numbers (DuckDB's type of the column, as it read the file).
 */
export function featureColumns(
  file: DataFile,
  label: string,
  named?: { readonly names: readonly string[]; readonly by: "--features" | "the model" },
): string[] {
  const features =
    named !== undefined ? [...named.names] : [...file.columns.keys()].filter((name) => name !== label);
  if (features.length === 0) {
    throw new UserError(
      `${file.flag} ${file.path} has no column besides the label ${quoted(label)} to learn from.`,
    );
  }
  const remedy =
    named === undefined
      ? "name the features to use with --features a,b,c"
      : named.by === "--features"
        ? "leave it out of --features"
        : "the model needs numbers there";
  for (const name of features) {
    checkColumn(file, name, named === undefined ? "a feature" : `a feature named by ${named.by}`);
    const type = file.columns.get(name)!;
    if (!duckdbDialect.isNumericType(type)) {
      throw new UserError(
        `${file.flag} ${file.path}: column ${quoted(name)} holds ${type}, not numbers, so it cannot be a feature; ${remedy}.`,
      );
    }
  }
  return features;
}

/** The label's classes (NULLs left out) and their row counts, for up to `limit` classes, and how many there are. */
export async function labelClasses(
  session: DuckDBSession,
  file: DataFile,
  label: string,
  limit = 20,
): Promise<{ readonly counts: Map<Label, number>; readonly classes: number }> {
  const type = file.columns.get(label)!;
  const rows = await queryFile(
    session,
    file,
    `SELECT ${q(label)}, count(*), count(*) OVER () FROM ${file.from} WHERE ${q(label)} IS NOT NULL GROUP BY ${q(label)} LIMIT ${limit}`,
  );
  // As @descent/duckdb reads the classes: numbers as numbers, booleans as booleans, anything else as text.
  const asLabel = (value: unknown): Label =>
    duckdbDialect.isNumericType(type)
      ? Number(value)
      : duckdbDialect.isBooleanType(type)
        ? Boolean(value)
        : String(value);
  return {
    counts: new Map(rows.map((row) => [asLabel(row[0]), Number(row[1])])),
    classes: rows.length === 0 ? 0 : Number(rows[0]![2]),
  };
}

/**
 * Refuses NULLs and non-finite values (NaN, ±Infinity) in the feature columns, naming the column and the
 * count: one aggregate over the file.
 */
export async function checkFeatureValues(
  session: DuckDBSession,
  file: DataFile,
  features: readonly string[],
): Promise<number> {
  const measures = ["count(*)"];
  for (const name of features) {
    measures.push(
      `count(${q(name)})`,
      `sum(CASE WHEN NOT isfinite(CAST(${q(name)} AS DOUBLE)) THEN 1 ELSE 0 END)`,
    );
  }
  const [row] = await queryFile(session, file, `SELECT ${measures.join(", ")} FROM ${file.from}`);
  const values = (row ?? []).map((value) => (value === null ? 0 : Number(value)));
  const rows = values[0]!;
  features.forEach((name, j) => {
    const nulls = rows - values[1 + 2 * j]!;
    const nonFinite = values[2 + 2 * j]!;
    if (nulls > 0 || nonFinite > 0) {
      const faults = [
        nulls > 0 ? `${nulls} NULL (empty) cell${nulls === 1 ? "" : "s"}` : "",
        nonFinite > 0 ? `${nonFinite} NaN or infinite value${nonFinite === 1 ? "" : "s"}` : "",
      ].filter((fault) => fault !== "");
      throw new UserError(
        `${file.flag} ${file.path}: column ${quoted(name)} has ${faults.join(" and ")} in ${rows} rows; --engine duckdb needs a finite number in every feature cell (remove or fill those rows first).`,
      );
    }
  });
  return rows;
}
