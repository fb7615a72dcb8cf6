import type { Label } from "@descent/core";
import { type AggregateStatement, duckdbDialect } from "@descent/duckdb";

const q = duckdbDialect.quoteIdentifier;
const parameter = (index: number) => `CAST(${duckdbDialect.parameter(index)} AS DOUBLE)`;

/** A binary model as the SQL below reads it: standardization and coefficients bound as DOUBLE parameters. */
export interface BinaryModel {
  readonly featureNames: readonly string[];
  readonly mean: ArrayLike<number>;
  readonly scale: ArrayLike<number>;
  readonly coef: ArrayLike<number>;
  readonly intercept: number;
  /** The two classes, sorted; the second is the positive one (z > 0). */
  readonly classes: readonly [Label, Label];
}

/**
 * The parameters of `logitSql`, in its order: [means (n) | scales (n) | coefficients (n) | intercept]. Bound,
 * not written into the SQL: a literal 0.1 would be read as DECIMAL, and one prepared statement serves.
 */
export function modelParameters(model: BinaryModel): Float64Array {
  const n = model.featureNames.length;
  const parameters = new Float64Array(3 * n + 1);
  for (let j = 0; j < n; j++) {
    parameters[j] = model.mean[j]!;
    parameters[n + j] = model.scale[j]!;
    parameters[2 * n + j] = model.coef[j]!;
  }
  parameters[3 * n] = model.intercept;
  return parameters;
}

/**
 * The logit z = Σ_j ((x_j − mean_j) / scale_j) w_j + b of a row, summed left to right as core's
 * decisionFunction does, over the bound parameters of `modelParameters`.
 */
export function logitSql(featureNames: readonly string[]): string {
  const n = featureNames.length;
  let sum = "";
  featureNames.forEach((name, j) => {
    const standardized = `((CAST(${q(name)} AS DOUBLE) - ${parameter(j)}) / ${parameter(n + j)})`;
    const term = `${standardized} * ${parameter(2 * n + j)}`;
    sum = j === 0 ? term : `(${sum} + ${term})`;
  });
  return `${sum} + ${parameter(3 * n)}`;
}

/** σ(t), two branches as core's sigmoid: exp is only taken of −|t|, so it never overflows. */
function sigmoidSql(t: string): string {
  return `CASE WHEN ${t} >= 0 THEN 1 / (1 + exp(-(${t}))) ELSE exp(${t}) / (1 + exp(${t})) END`;
}

/** A label as a SQL literal of its own type: an integer as BIGINT, another number as DOUBLE. */
export function labelLiteral(label: Label): string {
  if (typeof label === "boolean") return label ? "TRUE" : "FALSE";
  if (typeof label === "number") {
    return `CAST(${duckdbDialect.quoteString(String(label))} AS ${Number.isSafeInteger(label) ? "BIGINT" : "DOUBLE"})`;
  }
  return duckdbDialect.quoteString(label);
}

/** Whether the label column equals `label`, compared as the engine read the classes (numbers as DOUBLE). */
export function labelEquals(labelColumn: string, label: Label): string {
  if (typeof label === "boolean") return label ? q(labelColumn) : `NOT ${q(labelColumn)}`;
  if (typeof label === "number") {
    return `CAST(${q(labelColumn)} AS DOUBLE) = CAST(${duckdbDialect.quoteString(String(label))} AS DOUBLE)`;
  }
  return `CAST(${q(labelColumn)} AS VARCHAR) = ${duckdbDialect.quoteString(label)}`;
}

export function aggregate(sql: string, parameters: number, outputs: number): AggregateStatement {
  return { sql, bindings: Int32Array.from({ length: parameters }, (_, k) => k), outputs };
}

/** What `scoreStatement` returns, in its order. */
export interface Scores {
  /** Rows whose label is one of the model's classes. */
  readonly labelled: number;
  /** The confusion matrix: counts[true][predicted], classes in the model's order. */
  readonly counts: [[number, number], [number, number]];
  /** The mean logistic loss over the labelled rows, without the penalty. */
  readonly logLoss: number;
}

/**
 * One aggregate over the relation: the confusion matrix of the model's predictions against the label
 * column (rows labelled with neither class left out, as the in-memory report does) and the mean logistic
 * loss, softplus(−s·z) in its two overflow-free branches.
 */
export function scoreStatement(model: BinaryModel, labelColumn: string, from: string): AggregateStatement {
  const [negative, positive] = model.classes;
  const rows = `SELECT ${logitSql(model.featureNames)} AS z, ${labelEquals(labelColumn, positive)} AS y, ${labelEquals(labelColumn, negative)} AS n FROM ${from}`;
  const terms = `SELECT z, y, (y OR n) IS TRUE AS known, CASE WHEN y THEN -z ELSE z END AS t FROM (${rows}) AS logits`;
  const count = (condition: string) => `sum(CASE WHEN known AND ${condition} THEN 1 ELSE 0 END)`;
  const sql = `SELECT ${[
    count("TRUE"),
    count("NOT y AND NOT z > 0"),
    count("NOT y AND z > 0"),
    count("y AND NOT z > 0"),
    count("y AND z > 0"),
    "sum(CASE WHEN NOT known THEN 0 WHEN t > 0 THEN t + ln(1 + exp(-t)) ELSE ln(1 + exp(t)) END)",
  ].join(", ")} FROM (${terms}) AS terms`;
  return aggregate(sql, 3 * model.featureNames.length + 1, 6);
}

/** Reads scoreStatement's sums. */
export function scoresOf(sums: Float64Array): Scores {
  const labelled = sums[0]!;
  return {
    labelled,
    counts: [
      [sums[1]!, sums[2]!],
      [sums[3]!, sums[4]!],
    ],
    logLoss: labelled > 0 ? sums[5]! / labelled : Number.NaN,
  };
}

/**
 * One COPY statement that writes a row per input row, in the file's order: the predicted class and the
 * probability of each class (columns `probability_<class>`, as the in-memory predict writes them). DuckDB
 * streams the file through it; nothing comes back but the count of rows written.
 */
export function predictionCopyStatement(
  model: BinaryModel,
  from: string,
  target: string,
  format: "csv" | "parquet",
): AggregateStatement {
  const [negative, positive] = model.classes;
  const columns = [
    `CASE WHEN z > 0 THEN ${labelLiteral(positive)} ELSE ${labelLiteral(negative)} END AS prediction`,
    `${sigmoidSql("-z")} AS ${q(`probability_${String(negative)}`)}`,
    `${sigmoidSql("z")} AS ${q(`probability_${String(positive)}`)}`,
  ];
  const select = `SELECT ${columns.join(", ")} FROM (SELECT ${logitSql(model.featureNames)} AS z FROM ${from}) AS logits`;
  const options = format === "csv" ? "FORMAT csv, HEADER" : "FORMAT parquet";
  return aggregate(
    `COPY (${select}) TO ${duckdbDialect.quoteString(target)} (${options})`,
    3 * model.featureNames.length + 1,
    1,
  );
}
