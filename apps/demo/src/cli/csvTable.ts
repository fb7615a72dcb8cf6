import Papa from "papaparse";
import { quoted } from "./shownText.js";
import { UserError } from "./userError.js";

/** A CSV file as text cells: the header, the data rows, and the line each data row starts on. */
export interface CsvTable {
  /** The file as the user named it, for messages. */
  readonly source: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The line (header = line 1, as an editor counts) on which each data row starts. */
  readonly lines: Int32Array;
}

/** 1 + the number of line breaks before `offset`: the line an editor shows for that character. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) line++;
  }
  return line;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0]!.trim() === "";
}

/**
 * Parses CSV text with papaparse (delimiter detected: comma, semicolon, tab, …), refusing what would make
 * the table ambiguous: no header, no data, an unterminated quote, a duplicated or empty column name, and
 * ragged rows. Blank lines are skipped. Every message names the line and, where there is one, the column.
 */
export function parseCsvTable(text: string, source: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { cells: string[]; start: number }[] = [];
  let start = 0;
  let quoteError: { code: string; offset: number } | null = null;
  // papaparse guesses the delimiter from the first rows, and only guesses well with blank lines skipped;
  // the real parse keeps them, so that every row's offset (and so its line) is known.
  const delimiter = Papa.parse<string[]>(body, { preview: 20, skipEmptyLines: "greedy" }).meta.delimiter;
  Papa.parse<string[]>(body, {
    delimiter,
    skipEmptyLines: false,
    step: (result, parser) => {
      // meta.cursor is the offset just past this record, so the next one starts there.
      const quotes = result.errors.find((error) => error.type === "Quotes");
      if (quotes !== undefined && quoteError === null) {
        quoteError = { code: quotes.code, offset: start };
        parser.abort();
        return;
      }
      records.push({ cells: result.data, start });
      start = result.meta.cursor;
    },
  });
  if (quoteError !== null) {
    const { code, offset } = quoteError;
    const problem =
      code === "MissingQuotes"
        ? 'a quoted field is never closed (a " without its closing ")'
        : 'a quoted field has text after its closing quote (write a " inside quotes as "")';
    throw new UserError(`${source}: line ${lineAt(body, offset)}: ${problem}.`);
  }
  const nonBlank = records.filter((record) => !isBlank(record.cells));
  const headerRecord = nonBlank[0];
  if (headerRecord === undefined) {
    throw new UserError(`${source} is empty: expected a header line naming the columns, then data lines.`);
  }
  const header = headerRecord.cells.map((name) => name.trim());
  const headerLine = lineAt(body, headerRecord.start);
  const seen = new Map<string, number>();
  for (let column = 0; column < header.length; column++) {
    const name = header[column]!;
    if (name === "") {
      throw new UserError(
        `${source}: line ${headerLine}, column ${column + 1}: the header has an empty column name.`,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new UserError(
        `${source}: line ${headerLine}, column ${column + 1}: the column name ${quoted(name)} is used twice (also column ${earlier + 1}).`,
      );
    }
    seen.set(name, column);
  }
  const dataRecords = nonBlank.slice(1);
  if (dataRecords.length === 0) {
    throw new UserError(`${source}: there are no data lines after the header (line ${headerLine}).`);
  }
  const lines = new Int32Array(dataRecords.length);
  const rows: string[][] = [];
  // One pass over the text for all line numbers, rather than one scan per row.
  let line = 1;
  let scanned = 0;
  for (let k = 0; k < dataRecords.length; k++) {
    const record = dataRecords[k]!;
    for (; scanned < record.start; scanned++) if (body.charCodeAt(scanned) === 10) line++;
    lines[k] = line;
    if (record.cells.length !== header.length) {
      throw new UserError(
        `${source}: line ${line}: the row has ${record.cells.length} field${record.cells.length === 1 ? "" : "s"}, but the header (line ${headerLine}) has ${header.length} columns.`,
      );
    }
    rows.push(record.cells);
  }
  return { source, header, rows, lines };
}
