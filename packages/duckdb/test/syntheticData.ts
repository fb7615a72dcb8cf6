/**
 * The synthetic problem of this package's bench (scripts/bench.ts) and its memory_limit test, the same as
 * the bench app's DuckDB group (apps/bench/src/duckdb/syntheticData.ts, which an app keeps for itself: a
 * package does not import from an app): rows × columns features and a noisy linear label, a pure function
 * of (row, column) in integer arithmetic divided once, so that DuckDB's SQL and TypeScript produce the same
 * doubles, bit for bit.
 */

const P = 1_000_003;
const Q = 999_983;

/** The feature columns' names, x0 … x(n−1), in θ's order. */
export function featureNames(columns: number): string[] {
  return Array.from({ length: columns }, (_, j) => `x${j}`);
}

const columnFactor = (j: number) => ((j + 7) * 69_621) % P;

/** x_ij = ((i·48271 mod P)·((j+7)·69621 mod P) mod P) / P · 2 − 1 ∈ [−1, 1). */
export function feature(i: number, j: number): number {
  return (((((i * 48_271) % P) * columnFactor(j)) % P) / P) * 2 - 1;
}

/** y_i = [(x_i0 + x_i1) − x_i2 + (2 n_i − 1) > 0], n_i = (i·69069 mod Q)/Q: a noisy linear rule. */
export function label(i: number, x0: number, x1: number, x2: number): number {
  const noise = ((i * 69_069) % Q) / Q;
  return x0 + x1 - x2 + (noise * 2 - 1) > 0 ? 1 : 0;
}

/** The problem in memory: row-major X (rows × columns) and y. */
export function syntheticProblem(
  rows: number,
  columns: number,
): { X: { data: Float64Array; shape: [number, number] }; y: Float64Array } {
  const data = new Float64Array(rows * columns);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * columns;
    for (let j = 0; j < columns; j++) data[offset + j] = feature(i, j);
    y[i] = label(i, data[offset]!, data[offset + 1]!, data[offset + 2]!);
  }
  return { X: { data, shape: [rows, columns] }, y };
}

/** The same problem as one DuckDB SELECT of x0 … x(n−1), y. */
export function syntheticSql(rows: number, columns: number): string {
  const features = featureNames(columns).map(
    (name, j) =>
      `(CAST(((i * 48271) % ${P}) * (${columnFactor(j)}) % ${P} AS DOUBLE) / CAST(${P} AS DOUBLE)) * 2 - 1 AS ${name}`,
  );
  const noise = `(CAST((i * 69069) % ${Q} AS DOUBLE) / CAST(${Q} AS DOUBLE)) * 2 - 1`;
  return `SELECT ${featureNames(columns).join(", ")}, CASE WHEN x0 + x1 - x2 + noise > 0 THEN 1 ELSE 0 END AS y FROM (SELECT ${features.join(", ")}, ${noise} AS noise FROM range(${rows}) AS r(i))`;
}
