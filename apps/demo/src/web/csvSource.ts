import { labelledDataFromCsv } from "../cli/csvData.js";
import { type CsvTable, parseCsvTable } from "../cli/csvTable.js";
import type { LabelledData } from "../shared/labelledData.js";

/**
 * "Your data": a CSV file chosen in the browser, read by the command line's own reader (papaparse, the
 * same refusals and the same messages, naming line and column), then seen through a label column and
 * two feature columns.
 */

/** The columns of a table that the page trains on. */
export interface CsvColumns {
  readonly label: string;
  readonly x: string;
  readonly y: string;
}

/** Names that usually hold the class, checked before falling back to the last column. */
const LABEL_NAMES = /^(label|class|target|y|diagnosis|species|outcome|category)$/i;

/** Reads and parses a chosen file; throws the reader's error (with the file's name, line and column). */
export async function readCsvFile(file: File): Promise<CsvTable> {
  return parseCsvTable(await file.text(), file.name);
}

/**
 * A first guess at the columns: a column named like a label (else the last one), and the first two other
 * columns whose first cell is a number (else the first two others). The person can change all three.
 */
export function guessColumns(table: CsvTable): CsvColumns {
  const { header } = table;
  if (header.length < 3) {
    throw new Error(
      `${table.source}: line 1: the header has ${header.length} column${header.length === 1 ? "" : "s"}; the page needs three: a label and two features.`,
    );
  }
  const label = header.find((name) => LABEL_NAMES.test(name)) ?? header[header.length - 1]!;
  const others = header.filter((name) => name !== label);
  const firstRow = table.rows[0]!;
  const numeric = others.filter((name) => {
    const cell = firstRow[header.indexOf(name)]!.trim();
    return cell !== "" && Number.isFinite(Number(cell));
  });
  const [x, y] = numeric.length >= 2 ? numeric : others;
  return { label, x: x!, y: y! };
}

/**
 * The table as two features and labels; throws with the command line's message where a chosen feature
 * cell is not a number, a label is empty, or the label column does not hold classes the model can fit.
 */
export function csvPlane(table: CsvTable, columns: CsvColumns): LabelledData {
  if (columns.x === columns.y) throw new Error("Pick two different feature columns for the x and y axes.");
  return labelledDataFromCsv(table, { labelColumn: columns.label, featureColumns: [columns.x, columns.y] });
}
