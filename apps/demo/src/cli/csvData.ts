import { encodeLabels, isDescentError, type Label } from "@descent/core";
import type { LabelledData } from "../shared/labelledData.js";
import type { CsvTable } from "./csvTable.js";
import { labelText, quoted } from "./shownText.js";
import { UserError } from "./userError.js";

/** What to do with a missing cell: refuse the file (the default), drop its row, or fill in the column's mean. */
export type MissingPolicy = "error" | "drop" | "mean";
export const missingPolicies: readonly MissingPolicy[] = ["error", "drop", "mean"];

/**
 * The spellings of "no value" that pandas' read_csv also takes as missing (plus "?", the UCI repository's
 * habit), compared after trimming spaces.
 */
const MISSING_SPELLINGS = new Set(["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "?"]);

export function isMissingCell(text: string): boolean {
  return MISSING_SPELLINGS.has(text.trim());
}

export interface ColumnChoice {
  /** The name of the column that holds the class of each row. */
  readonly labelColumn: string;
  /** The feature columns, in order; default: every other column. */
  readonly featureColumns?: readonly string[];
  /** Default "error". */
  readonly missing?: MissingPolicy;
}

/** Labelled data read from a CSV file, with what was done about missing cells. */
export interface CsvLabelledData extends LabelledData {
  /** Rows left out because a cell was missing (--missing drop). */
  readonly droppedRows: number;
  /** Feature cells that were missing and will hold the column's mean (--missing mean). */
  readonly filledCells: number;
}

const MISSING_HINT = "--missing drop skips such rows, --missing mean fills in the column's mean";

function columnName(table: CsvTable, column: number): string {
  return `column ${quoted(table.header[column]!)} (column ${column + 1})`;
}

function columnIndex(table: CsvTable, name: string, role: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) {
    const shownColumns = table.header.slice(0, 20).map(quoted).join(", ");
    const more = table.header.length > 20 ? `, … (${table.header.length} in all)` : "";
    throw new UserError(
      `${table.source}: line 1: there is no ${role} column named ${quoted(name)}; the columns are ${shownColumns}${more}.`,
    );
  }
  return index;
}

/** Reads one feature cell: a finite number, NaN for a missing cell when it may be filled in, or a UserError. */
function parseNumber(table: CsvTable, row: number, column: number, missing: MissingPolicy): number {
  const text = table.rows[row]![column]!;
  const trimmed = text.trim();
  const where = `${table.source}: line ${table.lines[row]}, ${columnName(table, column)}`;
  if (isMissingCell(trimmed)) {
    if (missing === "mean") return Number.NaN;
    const what = trimmed === "" ? "is empty" : `${quoted(trimmed)} marks a missing value`;
    throw new UserError(`${where}: the value ${what} (${MISSING_HINT}).`);
  }
  // Number("Infinity") is Infinity: not a measurement.
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new UserError(`${where}: the value is ${quoted(text)}, not a finite number.`);
  }
  return value;
}

/** The table rows to use: all of them, or (--missing drop) those without a missing cell in the used columns. */
function keptRows(table: CsvTable, columns: readonly number[], missing: MissingPolicy): number[] {
  const rows: number[] = [];
  for (let row = 0; row < table.rows.length; row++) {
    const cells = table.rows[row]!;
    if (missing !== "drop" || !columns.some((column) => isMissingCell(cells[column]!))) rows.push(row);
  }
  return rows;
}

/** The label cells as numbers when every one of them is a number (so 0/1 stay numbers), else as trimmed text. */
function parseLabels(table: CsvTable, column: number, rows: readonly number[]): Label[] {
  const texts = rows.map((row) => table.rows[row]![column]!.trim());
  for (let k = 0; k < texts.length; k++) {
    if (isMissingCell(texts[k]!)) {
      const what = texts[k] === "" ? "is empty" : `${quoted(texts[k]!)} marks a missing value`;
      throw new UserError(
        `${table.source}: line ${table.lines[rows[k]!]}, ${columnName(table, column)}: the label ${what} (--missing drop skips such rows).`,
      );
    }
  }
  const numeric = texts.every((text) => Number.isFinite(Number(text)));
  return numeric ? texts.map(Number) : texts;
}

/**
 * Refuses a label column that logistic regression cannot learn from, naming the line where it goes wrong:
 * one class (there is nothing to tell apart), or labels the estimator refuses (of mixed types, say). Any
 * number K ≥ 2 of classes fits: two the binary loss, more the multinomial one.
 */
function checkClasses(table: CsvTable, column: number, labels: readonly Label[], lines: Int32Array): void {
  const name = columnName(table, column);
  if (labels.every((label) => label === labels[0])) {
    throw new UserError(
      `${table.source}: ${name}: every row has the class ${labelText(labels[0]!)}; logistic regression needs two classes to tell apart.`,
    );
  }
  try {
    encodeLabels(labels, table.header[column]);
  } catch (error) {
    if (!isDescentError(error) || error.row === undefined) throw error;
    const where = `${table.source}: line ${lines[error.row]}, ${name}`;
    throw new UserError(`${where}: ${error.message} [${error.code}]`);
  }
}

/**
 * Turns a parsed CSV table into numeric features and labels: the label column must exist and hold classes
 * the estimator takes, and every feature cell must be a finite number or, as `choice.missing` allows, a
 * missing cell whose row is dropped or which is left as NaN, to be filled with the column's mean.
 */
export function labelledDataFromCsv(table: CsvTable, choice: ColumnChoice): CsvLabelledData {
  const missing = choice.missing ?? "error";
  const labelIndex = columnIndex(table, choice.labelColumn, "label");
  const featureIndices =
    choice.featureColumns === undefined
      ? table.header.map((_, index) => index).filter((index) => index !== labelIndex)
      : choice.featureColumns.map((name) => columnIndex(table, name, "feature"));
  if (featureIndices.includes(labelIndex)) {
    throw new UserError(`The label column ${quoted(choice.labelColumn)} cannot also be a feature.`);
  }
  if (featureIndices.length === 0) {
    throw new UserError(`${table.source}: line 1: there are no feature columns besides the label column.`);
  }
  const rows = keptRows(table, [...featureIndices, labelIndex], missing);
  if (rows.length === 0) {
    throw new UserError(`${table.source}: every row has a missing cell, so --missing drop leaves no rows.`);
  }
  const columns = featureIndices.length;
  const data = new Float64Array(rows.length * columns);
  let filledCells = 0;
  for (let k = 0; k < rows.length; k++) {
    for (let j = 0; j < columns; j++) {
      const value = parseNumber(table, rows[k]!, featureIndices[j]!, missing);
      if (Number.isNaN(value)) filledCells++;
      data[k * columns + j] = value;
    }
  }
  const labels = parseLabels(table, labelIndex, rows);
  const lines = Int32Array.from(rows, (row) => table.lines[row]!);
  checkClasses(table, labelIndex, labels, lines);
  return {
    featureNames: featureIndices.map((index) => table.header[index]!),
    data,
    shape: [rows.length, columns],
    labels,
    lines,
    droppedRows: table.rows.length - rows.length,
    filledCells,
  };
}

/** The rows of a table to predict on, as the model's feature columns (a label column, if present, is ignored). */
export interface CsvFeatures {
  /** Row-major; NaN marks a missing cell to fill with the training mean (--missing mean). */
  readonly data: Float64Array;
  readonly shape: readonly [number, number];
  /** The table row (index into `table.rows`) of each data row: all rows, or those kept by --missing drop. */
  readonly rows: Int32Array;
}

export function featuresFromCsv(
  table: CsvTable,
  featureNames: readonly string[],
  missing: MissingPolicy = "error",
): CsvFeatures {
  const indices = featureNames.map((name) => columnIndex(table, name, "feature"));
  const rows = keptRows(table, indices, missing);
  const data = new Float64Array(rows.length * indices.length);
  for (let k = 0; k < rows.length; k++) {
    for (let j = 0; j < indices.length; j++)
      data[k * indices.length + j] = parseNumber(table, rows[k]!, indices[j]!, missing);
  }
  return { data, shape: [rows.length, indices.length], rows: Int32Array.from(rows) };
}
