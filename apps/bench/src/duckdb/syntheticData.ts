/**
 * The DuckDB group's problem: rows × columns features and a noisy linear label, a pure function of (row,
 * column) in integer arithmetic divided once, so that DuckDB's SQL (which writes the Parquet file) and
 * TypeScript (which fills X in memory) produce the same doubles, bit for bit, and both sides pass over the
 * same data without one reading the other's copy.
 */

const P = 1_000_003;
const Q = 999_983;

/** The feature columns' names, in θ's order. */
export function featureNames(columns: number): string[] {
  return Array.from({ length: columns }, (_, j) => `x${j}`);
}

const columnFactor = (j: number) => ((j + 7) * 69_621) % P;

/** x_ij = ((i·48271 mod P)·((j+7)·69621 mod P) mod P) / P · 2 − 1 ∈ [−1, 1). */
export function feature(i: number, j: number): number {
  return (((((i * 48_271) % P) * columnFactor(j)) % P) / P) * 2 - 1;
}

/** y_i = [x_i0 + x_i1 − x_i2 + (2·((i·69069 mod Q)/Q) − 1) > 0]: a linear rule with uniform noise. */
export function label(i: number, x0: number, x1: number, x2: number): number {
  const noise = ((i * 69_069) % Q) / Q;
  return x0 + x1 - x2 + (noise * 2 - 1) > 0 ? 1 : 0;
}

/** Fills row-major X (rows × columns) and y with the problem's values. */
export function fillProblem(data: Float64Array, y: Float64Array, rows: number, columns: number): void {
  for (let i = 0; i < rows; i++) {
    const offset = i * columns;
    for (let j = 0; j < columns; j++) data[offset + j] = feature(i, j);
    y[i] = label(i, data[offset]!, data[offset + 1]!, data[offset + 2]!);
  }
}

/** DuckDB's COPY statement that writes the same problem to a Parquet file (DuckDB's default writer). */
export function parquetCopySql(path: string, rows: number, columns: number): string {
  if (columns < 3) throw new Error(`the DuckDB group's label needs 3 columns, got ${columns}`);
  const features = featureNames(columns).map(
    (name, j) =>
      `(CAST(((i * 48271) % ${P}) * (${columnFactor(j)}) % ${P} AS DOUBLE) / CAST(${P} AS DOUBLE)) * 2 - 1 AS ${name}`,
  );
  const noise = `(CAST((i * 69069) % ${Q} AS DOUBLE) / CAST(${Q} AS DOUBLE)) * 2 - 1`;
  return `COPY (SELECT ${featureNames(columns).join(", ")}, CASE WHEN x0 + x1 - x2 + noise > 0 THEN 1 ELSE 0 END AS y
    FROM (SELECT ${features.join(", ")}, ${noise} AS noise FROM range(${rows}) AS r(i)))
    TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`;
}
