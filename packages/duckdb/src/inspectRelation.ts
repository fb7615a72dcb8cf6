import { DescentError, describeValue, type Label } from "@descent/core";
import { checkGivenClasses, classLiteral, type LabelColumn } from "./givenClasses.js";
import type { LogisticSqlModel } from "./logisticSql.js";
import { describeRelation, type Relation, relationSql } from "./relation.js";
import type { SqlDialect } from "./sqlDialect.js";
import type { SqlEngine, SqlRow } from "./sqlEngine.js";

/** Which columns hold what, and how the objective is shaped. */
export interface RelationColumns {
  /** The rows: a file, a table or a query. */
  readonly relation: Relation;
  /** The label column: any two distinct values (numbers, strings, booleans), sorted as scikit-learn does. */
  readonly label: string;
  /** The feature columns (numbers), in θ's order. */
  readonly features: readonly string[];
  /** A column of non-negative sample weights, normalized to mean 1. Default: every row weighs 1. */
  readonly sampleWeight?: string;
  /** Centre and scale every feature by its mean and population standard deviation, computed by the engine. Default false. */
  readonly standardize?: boolean;
  /** Whether θ ends with an unpenalized intercept. Default true. */
  readonly fitIntercept?: boolean;
  /**
   * The classes, when known beforehand (a file that is one part of the data may lack one): sorted here as
   * scikit-learn sorts them, and every row's label must be one of them. Default: the label column's
   * distinct values, found by a first query.
   */
  readonly classes?: readonly Label[];
}

/** What one inspection pass found: the model for the SQL builder and the constants it binds. */
export interface InspectedRelation {
  readonly model: LogisticSqlModel;
  readonly examples: number;
  readonly classes: readonly [negative: Label, positive: Label];
  /** Feature means and population standard deviations (1 where a column is constant); null unless standardizing. */
  readonly means: Float64Array | null;
  readonly scales: Float64Array | null;
  /** m / Σ weights, which makes the weights' mean 1; 1 without weights. */
  readonly weightScale: number;
  /** Every class, sorted as scikit-learn sorts them (the two of `classes` unless inspected for many). */
  readonly labels: readonly Label[];
  /** An integer SQL expression over the relation: the row's index into `labels`. */
  readonly classIndex: string;
}

/** The most classes a label may have for the multinomial objective (each adds n + 1 parameters). */
export const MAX_CLASSES = 1000;

export async function run(engine: SqlEngine, sql: string, what: string): Promise<readonly SqlRow[]> {
  try {
    return await engine.query(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DescentError("INVALID_OPTION", `${engine.dialect.name} could not ${what}: ${message}`);
  }
}

function checkColumnName(name: unknown, option: string): string {
  if (typeof name !== "string" || name === "") {
    throw new DescentError("INVALID_OPTION", `${option} must be a column name, got ${describeValue(name)}.`, {
      value: name,
    });
  }
  return name;
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Checks the columns against the relation and its data in three statements (the column types; one pass
 * for row count, NULLs, non-finite values, weights and, when asked, means and scales; the distinct labels),
 * and refuses with a DescentError that names the column and the count at fault. `fromItem`, when given,
 * is how the engine reads the relation (see duckdbFromItem); by default relationSql's. `classCount` "many"
 * accepts 2 to MAX_CLASSES classes (the multinomial objective), "two" exactly two.
 */
export async function inspectRelation(
  engine: SqlEngine,
  columns: RelationColumns,
  fromItem?: string,
  classCount: "two" | "many" = "two",
): Promise<InspectedRelation> {
  const { dialect } = engine;
  const q = dialect.quoteIdentifier;
  const from = fromItem ?? relationSql(columns.relation, dialect);
  const where = describeRelation(columns.relation);
  const label = checkColumnName(columns.label, "label");
  if (!Array.isArray(columns.features) || columns.features.length === 0) {
    throw new DescentError("INVALID_OPTION", "features must name at least one column.", {
      value: columns.features,
    });
  }
  const features = columns.features.map((name, j) => checkColumnName(name, `features[${j}]`));
  const weight =
    columns.sampleWeight === undefined ? null : checkColumnName(columns.sampleWeight, "sampleWeight");
  const standardize = columns.standardize ?? false;
  const fitIntercept = columns.fitIntercept ?? true;
  const roles = [...features.map((name, j) => [name, `features[${j}]`]), [label, "label"]];
  if (weight !== null) roles.push([weight, "sampleWeight"]);
  for (let a = 0; a < roles.length; a++) {
    for (let b = a + 1; b < roles.length; b++) {
      if (roles[a]![0] === roles[b]![0]) {
        throw new DescentError(
          "INVALID_OPTION",
          `${roles[a]![1]} and ${roles[b]![1]} both name column ${JSON.stringify(roles[a]![0])}.`,
          { value: roles[a]![0] },
        );
      }
    }
  }

  const described = await run(engine, dialect.describe(`SELECT * FROM ${from}`), `read the ${where}`);
  const types = new Map(described.map((row) => [String(row[0]), String(row[1])]));
  const typeOf = (name: string, option: string): string => {
    const type = types.get(name);
    if (type === undefined) {
      throw new DescentError(
        "INVALID_OPTION",
        `${option} names column ${JSON.stringify(name)}, which the ${where} does not have (its columns: ${[...types.keys()].join(", ")}).`,
        { value: name },
      );
    }
    return type;
  };
  features.forEach((name, j) => {
    const type = typeOf(name, `features[${j}]`);
    if (!dialect.isNumericType(type)) {
      throw new DescentError(
        "INVALID_OPTION",
        `features[${j}] names column ${JSON.stringify(name)} of the ${where}, of type ${type}: features must be numbers.`,
        { column: j, value: name },
      );
    }
  });
  const labelType = typeOf(label, "label");
  if (weight !== null && !dialect.isNumericType(typeOf(weight, "sampleWeight"))) {
    throw new DescentError(
      "INVALID_OPTION",
      `sampleWeight names column ${JSON.stringify(weight)} of the ${where}, of type ${types.get(weight)}: weights must be numbers.`,
      { value: weight },
    );
  }

  // One pass: row count, the label's NULLs, each feature's NULLs and non-finite values, the weights' faults
  // and sum, and the standardization's means and scales.
  const double = (column: string) => `CAST(${q(column)} AS ${dialect.doubleType})`;
  const countWhere = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const measures = [`count(*)`, `count(${q(label)})`];
  for (const name of features) {
    measures.push(`count(${q(name)})`, countWhere(`NOT ${dialect.isFinite(double(name))}`));
    if (standardize) measures.push(`avg(${double(name)})`, dialect.populationStandardDeviation(double(name)));
  }
  if (weight !== null) {
    measures.push(
      `count(${q(weight)})`,
      countWhere(`NOT ${dialect.isFinite(double(weight))} OR ${double(weight)} < 0`),
      `sum(${double(weight)})`,
    );
  }
  const [row] = await run(engine, `SELECT ${measures.join(", ")} FROM ${from}`, `check the ${where}`);
  const values = (row ?? []).map((value) => (value === null ? 0 : Number(value)));
  let k = 0;
  const examples = values[k++]!;
  if (!(examples > 0)) {
    throw new DescentError("EMPTY_DATA", `The ${where} has no rows: there is nothing to learn from.`);
  }
  const labelNulls = examples - values[k++]!;
  if (labelNulls > 0) {
    throw new DescentError(
      "INVALID_LABEL",
      `label column ${JSON.stringify(label)} of the ${where} has ${labelNulls} NULL${labelNulls === 1 ? "" : "s"} in ${examples} rows; every row needs a label.`,
      { value: labelNulls },
    );
  }
  const means = standardize ? new Float64Array(features.length) : null;
  const scales = standardize ? new Float64Array(features.length) : null;
  for (let j = 0; j < features.length; j++) {
    const nulls = examples - values[k++]!;
    const nonFinite = values[k++]!;
    const faults = [
      nulls > 0 ? `${nulls} NULL${nulls === 1 ? "" : "s"}` : "",
      nonFinite > 0 ? `${nonFinite} non-finite value${nonFinite === 1 ? "" : "s"} (NaN or ±Infinity)` : "",
    ].filter((fault) => fault !== "");
    if (faults.length > 0) {
      throw new DescentError(
        "NON_FINITE_VALUE",
        `features[${j}], column ${JSON.stringify(features[j])} of the ${where}, has ${faults.join(" and ")} in ${examples} rows; features must be finite numbers.`,
        { column: j, value: nulls + nonFinite },
      );
    }
    if (means !== null && scales !== null) {
      means[j] = values[k++]!;
      // A constant column keeps scale 1, as scikit-learn's StandardScaler.
      scales[j] = values[k++]! || 1;
    }
  }
  let weightScale = 1;
  if (weight !== null) {
    const nulls = examples - values[k++]!;
    const invalid = values[k++]!;
    const sum = values[k++]!;
    if (nulls > 0 || invalid > 0) {
      throw new DescentError(
        "INVALID_SAMPLE_WEIGHT",
        `sampleWeight column ${JSON.stringify(weight)} of the ${where} has ${nulls > 0 ? `${nulls} NULL${nulls === 1 ? "" : "s"}` : `${invalid} negative or non-finite value${invalid === 1 ? "" : "s"}`} in ${examples} rows; sample weights must be finite and non-negative.`,
        { value: nulls + invalid },
      );
    }
    if (!(sum > 0)) {
      throw new DescentError(
        "INVALID_SAMPLE_WEIGHT",
        `sampleWeight column ${JSON.stringify(weight)} of the ${where} sums to 0: at least one row must count.`,
      );
    }
    weightScale = examples / sum;
  }

  const numericLabel = dialect.isNumericType(labelType);
  const booleanLabel = dialect.isBooleanType(labelType);
  const labelExpression = numericLabel ? double(label) : q(label);
  const labelColumn = {
    name: label,
    expression: labelExpression,
    numeric: numericLabel,
    boolean: booleanLabel,
  };
  const classes =
    columns.classes === undefined
      ? ((
          await run(
            engine,
            `SELECT DISTINCT ${labelExpression} FROM ${from} LIMIT ${classCount === "many" ? MAX_CLASSES + 1 : 3}`,
            `read the classes of the ${where}`,
          )
        ).map((labelRow) => labelRow[0]) as Label[])
      : await checkGivenClasses(engine, columns.classes, labelColumn, from, where, classCount);
  if (classCount === "many" && classes.length > MAX_CLASSES) {
    throw new DescentError(
      "INVALID_LABEL",
      `label column ${JSON.stringify(label)} of the ${where} has more than ${MAX_CLASSES} distinct values; is it a class?`,
      { value: classes.length },
    );
  }
  if (classCount === "many" ? classes.length < 2 : classes.length !== 2) {
    throw new DescentError(
      "NOT_TWO_CLASSES",
      classes.length < 2
        ? `label column ${JSON.stringify(label)} of the ${where} has a single class (${describeValue(classes[0])}); two are needed to fit a classifier.`
        : `label column ${JSON.stringify(label)} of the ${where} has more than two classes (${[...classes].sort(compareLabels).map(describeValue).join(", ")} at least); this objective is binary (sqlMultinomialObjective and duckdbMultinomialObjective fit K ≥ 3).`,
      { value: classes.length },
    );
  }
  const labels = (
    numericLabel ? classes.map(Number) : booleanLabel ? classes.map(Boolean) : classes.map(String)
  ).sort(compareLabels);
  const [negative, positive] = labels as [Label, Label];
  // The label is compared with the positive class as text converted by the engine: a number's shortest
  // round-trip decimal converts back to the same double, and no literal is read as DECIMAL.
  const positiveClass = booleanLabel
    ? q(label)
    : numericLabel
      ? `(${labelExpression} = CAST(${dialect.quoteString(String(positive))} AS ${dialect.doubleType}))`
      : `(${labelExpression} = ${dialect.quoteString(String(positive))})`;

  return {
    model: { relation: from, features, positiveClass, weightColumn: weight, standardize, fitIntercept },
    examples,
    classes: [negative, positive],
    means,
    scales,
    weightScale,
    labels,
    classIndex: classIndexExpression(labels, labelColumn, dialect),
  };
}

/** CASE over the sorted labels, compared as the positive class is (the last class is the ELSE). */
function classIndexExpression(labels: readonly Label[], column: LabelColumn, dialect: SqlDialect): string {
  if (column.boolean) return `CASE WHEN ${column.expression} THEN 1 ELSE 0 END`;
  const branches = labels
    .slice(0, -1)
    .map((value, k) => `WHEN ${column.expression} = ${classLiteral(value, column, dialect)} THEN ${k}`);
  return `CASE ${branches.join(" ")} ELSE ${labels.length - 1} END`;
}
