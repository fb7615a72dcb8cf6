import { statSync } from "node:fs";
import { UserError } from "./userError.js";
import { resolveUserPath } from "./userFiles.js";

/** Where the data is read: loaded into this process, or streamed by DuckDB. */
export const engineNames = ["memory", "duckdb"] as const;
export type EngineName = (typeof engineNames)[number];

/** The flags that choose and tune the engine, as commander parsed them. */
export interface EngineOptions {
  readonly engine: EngineName;
  readonly memoryLimit?: string;
  readonly threads?: number;
}

/** The formats a data file may have, by its extension (optionally compressed, .gz or .zst). */
export type DataFileFormat = "csv" | "parquet" | "json";

const FORMAT_OF_EXTENSION: Readonly<Record<string, DataFileFormat>> = {
  csv: "csv",
  tsv: "csv",
  parquet: "parquet",
  json: "json",
  jsonl: "json",
  ndjson: "json",
};

/** The format of a data file that its extension names, or undefined. */
export function formatOfExtension(path: string): DataFileFormat | undefined {
  const extension = /\.([a-z]+)(\.(gz|zst))?$/i.exec(path)?.[1]?.toLowerCase() ?? "";
  return FORMAT_OF_EXTENSION[extension];
}

/**
 * Refuses, for the in-memory engine (which reads any file as CSV, whatever its name), a file whose
 * extension says it is Parquet or JSON, which only DuckDB reads.
 */
export function refuseDuckDBOnlyFormat(path: string, flag: string, action: string): void {
  const format = formatOfExtension(path);
  if (format !== undefined && format !== "csv") {
    throw new UserError(
      `${flag} ${path}: the in-memory engine reads CSV files; add --engine duckdb to ${action} this file through DuckDB (without loading it).`,
    );
  }
}

/** The format of a data file for DuckDB, from its extension, or a UserError naming the extensions it reads. */
export function dataFileFormat(path: string, flag: string): DataFileFormat {
  const format = formatOfExtension(path);
  if (format === undefined) {
    throw new UserError(
      `${flag} ${path}: DuckDB reads a file by its extension: .csv, .tsv, .parquet, .json, .jsonl or .ndjson (optionally .gz or .zst).`,
    );
  }
  return format;
}

/** Refuses DuckDB's settings without --engine duckdb, where they would be ignored. */
export function checkEngineFlags(options: EngineOptions): void {
  if (options.engine === "duckdb") return;
  for (const [flag, value] of [
    ["--memory-limit", options.memoryLimit],
    ["--threads", options.threads],
  ] as const) {
    if (value !== undefined) throw new UserError(`${flag} is a setting of DuckDB: add --engine duckdb.`);
  }
}

/** DuckDB's settings from the flags (DuckDB takes every setting as text). */
export function duckdbConfig(options: EngineOptions): Record<string, string> {
  return {
    ...(options.memoryLimit === undefined ? {} : { memory_limit: options.memoryLimit }),
    ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
  };
}

/**
 * The absolute path of a data file that DuckDB is to read, checked to exist first, so that a missing file
 * is one plain sentence rather than DuckDB's IO error. A glob ("part-*.parquet") is passed on as it is.
 */
export function existingDataFile(path: string, flag: string): string {
  const absolute = resolveUserPath(path);
  if (/[*?[]/.test(path)) return absolute;
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read ${flag} ${path}: ${code === "ENOENT" ? `no such file${absolute === path ? "" : ` (looked for ${absolute})`}` : (code ?? String(error))}.`,
    );
  }
  if (!isFile) throw new UserError(`Cannot read ${flag} ${path}: it is not a file.`);
  return absolute;
}
