import { describeValue, encodeLabels, isDescentError, type Label } from "@descent/core";
import type { LabelledData } from "../shared/labelledData.js";
import type { CsvTable } from "./csvTable.js";
import { UserError } from "./userError.js";

export interface ColumnChoice {
  /** The name of the column that holds the class of each row. */
  readonly labelColumn: string;
  /** The feature columns, in order; default: every other column. */
  readonly featureColumns?: readonly string[];
}

function columnIndex(table: CsvTable, name: string, role: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new UserError(
      `${table.source}: line 1: there is no ${role} column named "${name}"; the columns are ${table.header.map((column) => `"${column}"`).join(", ")}.`,
    );
  }
  return index;
}

/** Reads one feature cell: a finite number, or a UserError naming the line and column. */
function parseNumber(table: CsvTable, row: number, column: number): number {
  const text = table.rows[row]![column]!;
  const trimmed = text.trim();
  // Number("") is 0 and Number("Infinity") is Infinity; neither is a measurement.
  const value = trimmed === "" ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) {
    const what =
      trimmed === ""
        ? "is empty (missing values are not supported)"
        : `is ${JSON.stringify(text)}, not a finite number`;
    throw new UserError(
      `${table.source}: line ${table.lines[row]}, column "${table.header[column]}" (column ${column + 1}): the value ${what}.`,
    );
  }
  return value;
}

/** The label cells as numbers when every one of them is a number (so 0/1 stay numbers), else as trimmed text. */
function parseLabels(table: CsvTable, column: number): Label[] {
  const texts = table.rows.map((cells) => cells[column]!.trim());
  for (let row = 0; row < texts.length; row++) {
    if (texts[row] === "") {
      throw new UserError(
        `${table.source}: line ${table.lines[row]}, column "${table.header[column]}" (column ${column + 1}): the label is empty.`,
      );
    }
  }
  const numeric = texts.every((text) => Number.isFinite(Number(text)));
  return numeric ? texts.map(Number) : texts;
}

/** Refuses a label column that does not hold exactly two classes, naming the line where it goes wrong. */
function checkTwoClasses(table: CsvTable, column: number, labels: readonly Label[]): void {
  try {
    encodeLabels(labels, table.header[column]);
  } catch (error) {
    if (!isDescentError(error, "NOT_TWO_CLASSES")) throw error;
    const name = `column "${table.header[column]}" (column ${column + 1})`;
    if (error.row === undefined) {
      throw new UserError(
        `${table.source}: ${name}: every row has the class ${describeValue(error.value)}; logistic regression needs two classes to tell apart.`,
      );
    }
    const seen = [...new Set(labels.slice(0, error.row))].map(describeValue).join(" and ");
    throw new UserError(
      `${table.source}: line ${table.lines[error.row]}, ${name}: a third class ${describeValue(error.value)} (after ${seen}); this demo fits binary logistic regression, so the label column must hold exactly two classes.`,
    );
  }
}

/**
 * Turns a parsed CSV table into numeric features and labels: the label column must exist and hold
 * exactly two classes, and every feature cell must be a finite number.
 */
export function labelledDataFromCsv(table: CsvTable, choice: ColumnChoice): LabelledData {
  const labelIndex = columnIndex(table, choice.labelColumn, "label");
  const featureIndices =
    choice.featureColumns === undefined
      ? table.header.map((_, index) => index).filter((index) => index !== labelIndex)
      : choice.featureColumns.map((name) => columnIndex(table, name, "feature"));
  if (featureIndices.includes(labelIndex)) {
    throw new UserError(`The label column "${choice.labelColumn}" cannot also be a feature.`);
  }
  if (featureIndices.length === 0) {
    throw new UserError(`${table.source}: line 1: there are no feature columns besides the label column.`);
  }
  const rows = table.rows.length;
  const columns = featureIndices.length;
  const data = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < columns; k++) data[row * columns + k] = parseNumber(table, row, featureIndices[k]!);
  }
  const labels = parseLabels(table, labelIndex);
  checkTwoClasses(table, labelIndex, labels);
  return {
    featureNames: featureIndices.map((index) => table.header[index]!),
    data,
    shape: [rows, columns],
    labels,
    lines: table.lines,
  };
}

/** The named feature columns of a table to predict on (a label column, if present, is ignored). */
export function featuresFromCsv(
  table: CsvTable,
  featureNames: readonly string[],
): { readonly data: Float64Array; readonly shape: readonly [number, number] } {
  const indices = featureNames.map((name) => columnIndex(table, name, "feature"));
  const rows = table.rows.length;
  const data = new Float64Array(rows * indices.length);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < indices.length; k++)
      data[row * indices.length + k] = parseNumber(table, row, indices[k]!);
  }
  return { data, shape: [rows, indices.length] };
}
