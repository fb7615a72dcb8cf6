import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDuckDB, syntheticSql, temporaryDirectory } from "../../test/files.js";
import { plainDoublePages, readParquetFooter } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());
const fileOf = (name: string) => join(directory.path, `${name}.parquet`);

beforeAll(async () => {
  const rows = `SELECT x0, x1, (x2 > 0)::DOUBLE AS few, CASE WHEN x1 > 0.9 THEN NULL ELSE x1 END AS holes FROM (${syntheticSql(10_000, 3)})`;
  await runDuckDB(
    `COPY (${rows}) TO '${fileOf("plain")}' (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 4096)`,
    `COPY (${rows}) TO '${fileOf("snappy")}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 4096)`,
  );
});

function pagesOf(name: string, column: string) {
  const file = openSync(fileOf(name), "r");
  const readAt = (position: number, length: number) => {
    const bytes = new Uint8Array(length);
    expect(readSync(file, bytes, 0, length, position)).toBe(length);
    return bytes;
  };
  const footer = readParquetFooter(readAt, fstatSync(file).size);
  const leaf = footer.leaves.findIndex((candidate) => candidate.name === column);
  return {
    groups: footer.rowGroups.map((group) =>
      plainDoublePages(readAt, footer.leaves[leaf]!, group.columns[leaf]!, group.numRows),
    ),
    rows: footer.rowGroups.map((group) => group.numRows),
    readAt,
    close: () => closeSync(file),
  };
}

describe("plainDoublePages", () => {
  it("places every row of an UNCOMPRESSED PLAIN double column where DuckDB reads it, bit for bit", async () => {
    const { groups, rows, readAt, close } = pagesOf("plain", "x0");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT x0 FROM read_parquet('${fileOf("plain")}', file_row_number = true) ORDER BY file_row_number`,
      );
      const expected = Float64Array.from(reader.getColumns()[0] as number[]);
      let row = 0;
      groups.forEach((pages, group) => {
        expect(pages).toBeDefined();
        for (const page of pages!) {
          const bytes = readAt(page.offset, 8 * page.rows);
          const values = new Float64Array(bytes.buffer, bytes.byteOffset, page.rows);
          expect(
            Buffer.from(values.buffer).equals(
              Buffer.from(expected.slice(row + page.firstRow, row + page.firstRow + page.rows).buffer),
            ),
          ).toBe(true);
        }
        row += rows[group]!;
      });
      expect(row).toBe(10_000);
    } finally {
      connection.closeSync();
      instance.closeSync();
      close();
    }
  });

  it.each([
    ["a SNAPPY chunk", "snappy", "x0"],
    ["a dictionary-encoded chunk", "plain", "few"],
    ["a chunk with NULLs", "plain", "holes"],
  ])("is undefined for %s, which must be decoded", (_what, name, column) => {
    const { groups, close } = pagesOf(name, column);
    close();
    expect(groups.some((pages) => pages === undefined)).toBe(true);
  });
});
