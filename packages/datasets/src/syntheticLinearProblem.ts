/**
 * A synthetic problem of any size for benchmarks and large-data tests: rows × columns features and a noisy
 * linear label, a pure function of (row, column) in integer arithmetic divided once, so that SQL (DuckDB's
 * `syntheticLinearSql`) and TypeScript (`syntheticLinearProblem`) produce the same doubles, bit for bit,
 * and each side can pass over the same data without reading the other's copy. The label needs 3 columns.
 */

const P = 1_000_003;
const Q = 999_983;

/** The feature columns' names, x0 … x(n−1), in θ's order. */
export function syntheticFeatureNames(columns: number): string[] {
  return Array.from({ length: columns }, (_, j) => `x${j}`);
}

const columnFactor = (j: number) => ((j + 7) * 69_621) % P;

/** x_ij = ((i·48271 mod P)·((j+7)·69621 mod P) mod P) / P · 2 − 1 ∈ [−1, 1). */
function feature(i: number, j: number): number {
  return (((((i * 48_271) % P) * columnFactor(j)) % P) / P) * 2 - 1;
}

/** y_i = [(x_i0 + x_i1) − x_i2 + (2 n_i − 1) > 0], n_i = (i·69069 mod Q)/Q: a noisy linear rule. */
function label(i: number, x0: number, x1: number, x2: number): number {
  const noise = ((i * 69_069) % Q) / Q;
  return x0 + x1 - x2 + (noise * 2 - 1) > 0 ? 1 : 0;
}

/** Fills row-major X (rows × columns) and y with the problem's values. */
export function fillSyntheticLinearProblem(
  data: Float64Array,
  y: Float64Array,
  rows: number,
  columns: number,
): void {
  for (let i = 0; i < rows; i++) {
    const offset = i * columns;
    for (let j = 0; j < columns; j++) data[offset + j] = feature(i, j);
    y[i] = label(i, data[offset]!, data[offset + 1]!, data[offset + 2]!);
  }
}

/** The problem in memory: row-major X (rows × columns) and y. */
export function syntheticLinearProblem(
  rows: number,
  columns: number,
): { X: { data: Float64Array; shape: [number, number] }; y: Float64Array } {
  const data = new Float64Array(rows * columns);
  const y = new Float64Array(rows);
  fillSyntheticLinearProblem(data, y, rows, columns);
  return { X: { data, shape: [rows, columns] }, y };
}

/** The same problem as one SELECT of x0 … x(n−1), y (DuckDB's SQL: range(rows) AS r(i)). */
export function syntheticLinearSql(rows: number, columns: number): string {
  const features = syntheticFeatureNames(columns).map(
    (name, j) =>
      `(CAST(((i * 48271) % ${P}) * (${columnFactor(j)}) % ${P} AS DOUBLE) / CAST(${P} AS DOUBLE)) * 2 - 1 AS ${name}`,
  );
  const noise = `(CAST((i * 69069) % ${Q} AS DOUBLE) / CAST(${Q} AS DOUBLE)) * 2 - 1`;
  return `SELECT ${syntheticFeatureNames(columns).join(", ")}, CASE WHEN x0 + x1 - x2 + noise > 0 THEN 1 ELSE 0 END AS y FROM (SELECT ${features.join(", ")}, ${noise} AS noise FROM range(${rows}) AS r(i))`;
}
