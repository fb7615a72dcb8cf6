/**
 * The DuckDB group's problem: @descent/datasets' synthetic linear problem (rows × columns features and a
 * noisy linear label, the same doubles, bit for bit, from DuckDB's SQL, which writes the Parquet file, and
 * from TypeScript, which fills X in memory), so that both sides pass over the same data without one reading
 * the other's copy.
 */
import { fillSyntheticLinearProblem, syntheticFeatureNames, syntheticLinearSql } from "@descent/datasets";

/** The feature columns' names, in θ's order. */
export const featureNames = syntheticFeatureNames;

/** Fills row-major X (rows × columns) and y with the problem's values. */
export const fillProblem = fillSyntheticLinearProblem;

/**
 * DuckDB's COPY statement that writes the same problem to a Parquet file: DuckDB's default writer (SNAPPY),
 * or its pages UNCOMPRESSED.
 */
export function parquetCopySql(
  path: string,
  rows: number,
  columns: number,
  compression: "snappy" | "uncompressed" = "snappy",
): string {
  if (columns < 3) throw new Error(`the DuckDB group's label needs 3 columns, got ${columns}`);
  const options = compression === "snappy" ? "" : ", COMPRESSION uncompressed";
  return `COPY (${syntheticLinearSql(rows, columns)}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet${options})`;
}
