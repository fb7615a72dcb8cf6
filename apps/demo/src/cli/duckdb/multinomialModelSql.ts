import type { Label } from "@descent/core";
import { type AggregateStatement, duckdbDialect } from "@descent/duckdb";
import { aggregate, labelEquals, labelLiteral } from "./modelSql.js";

const q = duckdbDialect.quoteIdentifier;
const parameter = (index: number) => `CAST(${duckdbDialect.parameter(index)} AS DOUBLE)`;

/** A model of K ≥ 3 classes as the SQL below reads it: standardization, W (K × n) and b, bound as DOUBLEs. */
export interface MultinomialModel {
  readonly featureNames: readonly string[];
  readonly mean: ArrayLike<number>;
  readonly scale: ArrayLike<number>;
  /** W row-major: W_kj = coef[k n + j]. */
  readonly coef: ArrayLike<number>;
  /** b, one per class. */
  readonly intercept: ArrayLike<number>;
  /** The K classes, sorted; W's row k belongs to classes[k]. */
  readonly classes: readonly Label[];
}

/** The parameters of `classLogitsSql`, in its order: [means (n) | scales (n) | W (K n, row-major) | b (K)]. */
export function multinomialModelParameters(model: MultinomialModel): Float64Array {
  const n = model.featureNames.length;
  const K = model.classes.length;
  const parameters = new Float64Array(2 * n + K * n + K);
  for (let j = 0; j < n; j++) {
    parameters[j] = model.mean[j]!;
    parameters[n + j] = model.scale[j]!;
  }
  for (let k = 0; k < K * n; k++) parameters[2 * n + k] = model.coef[k]!;
  for (let k = 0; k < K; k++) parameters[2 * n + K * n + k] = model.intercept[k]!;
  return parameters;
}

/**
 * The K logits z_k = Σ_j ((x_j − mean_j) / scale_j) W_kj + b_k of a row, named z0 … z{K−1}, each summed
 * left to right as core's decisionFunction does.
 */
export function classLogitsSql(featureNames: readonly string[], classes: number): string[] {
  const n = featureNames.length;
  return Array.from({ length: classes }, (_, k) => {
    let sum = "";
    featureNames.forEach((name, j) => {
      const standardized = `((CAST(${q(name)} AS DOUBLE) - ${parameter(j)}) / ${parameter(n + j)})`;
      const term = `${standardized} * ${parameter(2 * n + k * n + j)}`;
      sum = j === 0 ? term : `(${sum} + ${term})`;
    });
    return `${sum} + ${parameter(2 * n + classes * n + k)} AS z${k}`;
  });
}

const classRange = (classes: number) => Array.from({ length: classes }, (_, k) => k);

/**
 * Over a SELECT of z0 … z{K−1} (and any other columns, listed in `carried`): z_max, the first class of the
 * largest logit (`top`, as core's predict), e_k = exp(z_k − z_max) ≤ 1 and their sum, as core's predictProba.
 */
function softmaxLayers(logits: string, classes: number, carried: readonly string[]): string {
  const z = classRange(classes).map((k) => `z${k}`);
  const maxima = `SELECT ${[...carried, ...z, `greatest(${z.join(", ")}) AS z_max`].join(", ")} FROM (${logits}) AS logits`;
  const top = `CASE ${classRange(classes - 1)
    .map((k) => `WHEN z${k} = z_max THEN ${k}`)
    .join(" ")} ELSE ${classes - 1} END AS top`;
  const exponentials = `SELECT ${[...carried, ...z, "z_max", top, ...z.map((zk, k) => `exp(${zk} - z_max) AS e${k}`)].join(", ")} FROM (${maxima}) AS maxima`;
  const total = classRange(classes).reduce((sum, k) => (k === 0 ? "e0" : `(${sum} + e${k})`), "");
  return `SELECT *, ${total} AS e_sum FROM (${exponentials}) AS exponentials`;
}

/** What `multinomialScoreStatement` returns, in its order. */
export interface ClassScores {
  /** Rows whose label is one of the model's classes. */
  readonly labelled: number;
  /** The confusion matrix: counts[true][predicted], classes in the model's order. */
  readonly counts: readonly (readonly number[])[];
  /** The mean log loss over the labelled rows, without the penalty. */
  readonly logLoss: number;
}

/** The fraction of labelled rows predicted right. */
export function accuracyOf(scores: ClassScores): number {
  let right = 0;
  scores.counts.forEach((row, k) => {
    right += row[k]!;
  });
  return right / scores.labelled;
}

/**
 * One aggregate over the relation: the K × K confusion matrix of the model's predictions (the class of the
 * largest logit) against the label column, rows labelled with no class of the model left out, and the mean
 * log loss (z_max − z_y) + ln Σ_k exp(z_k − z_max), which never overflows.
 */
export function multinomialScoreStatement(
  model: MultinomialModel,
  labelColumn: string,
  from: string,
): AggregateStatement {
  const K = model.classes.length;
  const classOf = `CASE ${model.classes.map((label, k) => `WHEN ${labelEquals(labelColumn, label)} THEN ${k}`).join(" ")} ELSE -1 END AS y`;
  const rows = `SELECT ${[...classLogitsSql(model.featureNames, K), classOf].join(", ")} FROM ${from}`;
  const terms = softmaxLayers(rows, K, ["y"]);
  const targetLogit = `CASE y ${classRange(K)
    .map((k) => `WHEN ${k} THEN z${k}`)
    .join(" ")} END`;
  const sums = ["sum(CASE WHEN y >= 0 THEN 1 ELSE 0 END)"];
  for (const truth of classRange(K)) {
    for (const predicted of classRange(K)) {
      sums.push(`sum(CASE WHEN y = ${truth} AND top = ${predicted} THEN 1 ELSE 0 END)`);
    }
  }
  sums.push(`sum(CASE WHEN y >= 0 THEN (z_max - (${targetLogit})) + ln(e_sum) ELSE 0 END)`);
  return aggregate(
    `SELECT ${sums.join(", ")} FROM (${terms}) AS terms`,
    multinomialModelParameters(model).length,
    sums.length,
  );
}

/** Reads multinomialScoreStatement's sums for K classes. */
export function multinomialScoresOf(sums: Float64Array, classes: number): ClassScores {
  const labelled = sums[0]!;
  const counts = classRange(classes).map((truth) =>
    classRange(classes).map((predicted) => sums[1 + truth * classes + predicted]!),
  );
  return { labelled, counts, logLoss: labelled > 0 ? sums[1 + classes * classes]! / labelled : Number.NaN };
}

/**
 * One COPY statement that writes a row per input row, in the file's order: the predicted class (the largest
 * logit, the first on a tie) and the probability of each class, softmax(z) = exp(z_k − z_max) / Σ_l
 * exp(z_l − z_max) (columns `probability_<class>`, as the in-memory predict writes them).
 */
export function multinomialPredictionCopyStatement(
  model: MultinomialModel,
  from: string,
  target: string,
  format: "csv" | "parquet",
): AggregateStatement {
  const K = model.classes.length;
  const rows = `SELECT ${classLogitsSql(model.featureNames, K).join(", ")} FROM ${from}`;
  const columns = [
    `CASE ${model.classes
      .slice(0, -1)
      .map((label, k) => `WHEN top = ${k} THEN ${labelLiteral(label)}`)
      .join(" ")} ELSE ${labelLiteral(model.classes[K - 1]!)} END AS prediction`,
    ...model.classes.map((label, k) => `e${k} / e_sum AS ${q(`probability_${String(label)}`)}`),
  ];
  const select = `SELECT ${columns.join(", ")} FROM (${softmaxLayers(rows, K, [])}) AS probabilities`;
  const options = format === "csv" ? "FORMAT csv, HEADER" : "FORMAT parquet";
  return aggregate(
    `COPY (${select}) TO ${duckdbDialect.quoteString(target)} (${options})`,
    multinomialModelParameters(model).length,
    1,
  );
}
