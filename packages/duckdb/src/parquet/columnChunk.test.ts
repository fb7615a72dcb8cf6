import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryDirectory } from "../../test/files.js";
import {
  CompressionCodec,
  columnChunkRefusal,
  columnChunkStart,
  decodeColumnChunk,
  decodeScratchBytes,
  Encoding,
  PageType,
  type ParquetColumnChunk,
  type ParquetFooter,
  ParquetFormatError,
  PhysicalType,
  readParquetFooter,
} from "./index.js";
import { PageHeader } from "./pageHeader.js";
import { snappyDecompress } from "./snappy.js";

// Every type and encoding the decoder reads, over 300 000 rows: several row groups, multi-page chunks.
const ROWS = 300_000;
const NUMBERS = `SELECT
  range::DOUBLE / 7 AS d_high,
  (range % 5)::DOUBLE / 4 AS d_low,
  (range::DOUBLE / 3)::FLOAT AS f,
  ((range % 7)::FLOAT / 3)::FLOAT AS f_low,
  (range * 7919 % 1000003 - 500000)::INTEGER AS i,
  (range % 11 - 5)::INTEGER AS i_low,
  (range * 104729)::BIGINT * 1000003 - 4611686018427387904 AS b,
  CASE range % 3 WHEN 0 THEN 9007199254740993 WHEN 1 THEN -9223372036854775808 ELSE 9223372036854775807 END::BIGINT AS b_special,
  range % 3 = 0 AS bo,
  (range % 100 - 50)::TINYINT AS tiny,
  (range % 30000)::SMALLINT AS small,
  (4294967295 - range)::UINTEGER AS uint,
  (18446744073709551615 - range * 4099)::UBIGINT AS ubig,
  CASE range % 9
    WHEN 0 THEN '-0'::DOUBLE WHEN 1 THEN '5e-324'::DOUBLE WHEN 2 THEN '1e308'::DOUBLE
    WHEN 3 THEN '-1e308'::DOUBLE WHEN 4 THEN '2.2250738585072014e-308'::DOUBLE WHEN 5 THEN 'nan'::DOUBLE
    WHEN 6 THEN 'inf'::DOUBLE WHEN 7 THEN '-inf'::DOUBLE ELSE range::DOUBLE / 3 END AS special,
  CASE WHEN range % 10 = 0 THEN NULL ELSE range::DOUBLE END AS nullable_without_nulls_in_first_group,
  CASE WHEN range < 0 THEN NULL ELSE range::DOUBLE * 1.5 END AS nullable_no_nulls
FROM range(0, ${ROWS})`;
// The column with NULLs from the second row group on is named in NULL_COLUMN: its first group has none.
const NUMBER_COLUMNS = [
  "d_high",
  "d_low",
  "f",
  "f_low",
  "i",
  "i_low",
  "b",
  "b_special",
  "bo",
  "tiny",
  "small",
  "uint",
  "ubig",
  "special",
  "nullable_no_nulls",
];

const directory = temporaryDirectory();
const fileOf = (name: string): string => join(directory.path, `${name}.parquet`);
const FORMATS = [
  { name: "v1-snappy", options: "COMPRESSION snappy, PARQUET_VERSION v1" },
  { name: "v1-uncompressed", options: "COMPRESSION uncompressed, PARQUET_VERSION v1" },
  { name: "v2-snappy", options: "COMPRESSION snappy, PARQUET_VERSION v2" },
  { name: "v2-uncompressed", options: "COMPRESSION uncompressed, PARQUET_VERSION v2" },
];

let instance: DuckDBInstance;
async function query(sql: string): Promise<unknown[][]> {
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getColumns();
  } finally {
    connection.closeSync();
  }
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  try {
    for (const { name, options } of FORMATS) {
      await connection.run(
        `COPY (${NUMBERS}) TO '${fileOf(name)}' (FORMAT parquet, ${options}, ROW_GROUP_SIZE 100000)`,
      );
    }
    // One row group of all 300 000 rows: chunks of several pages.
    await connection.run(
      `COPY (${NUMBERS}) TO '${fileOf("one-group")}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000000)`,
    );
    await connection.run(
      `COPY (SELECT CASE WHEN range % 1000 = 999 THEN NULL ELSE range::DOUBLE END AS x, range::DOUBLE AS full
         FROM range(0, 5000)) TO '${fileOf("nulls")}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
    );
    await connection.run(
      `COPY (SELECT range::DOUBLE AS x FROM range(0, 5000)) TO '${fileOf("zstd")}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    await connection.run(
      `COPY (SELECT range::DOUBLE AS x, (range / 100)::DECIMAL(10, 2) AS price, range::VARCHAR AS label,
           {'a': range::DOUBLE, 'b': range::INTEGER} AS pair, [range::DOUBLE, 1.0] AS items,
           TIMESTAMP '2020-01-01' + INTERVAL (range) SECOND AS stamp, DATE '2020-01-01' + range::INTEGER AS day,
           range::HUGEINT AS huge
         FROM range(0, 1000)) TO '${fileOf("refused")}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
  }
}, 120_000);
afterAll(() => {
  instance?.closeSync();
  directory.remove();
});

/** A file opened for reading through readAt, as a worker reads it. */
function openParquet(path: string): {
  footer: ParquetFooter;
  chunkBytes(chunk: ParquetColumnChunk): Uint8Array;
  close(): void;
} {
  const descriptor = openSync(path, "r");
  const readAt = (position: number, length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    const read = readSync(descriptor, bytes, 0, length, position);
    if (read !== length) throw new Error(`read ${read} of ${length} bytes at ${position}`);
    return bytes;
  };
  const footer = readParquetFooter(readAt, fstatSync(descriptor).size);
  return {
    footer,
    chunkBytes: (chunk) => readAt(columnChunkStart(chunk), chunk.totalCompressedSize),
    close: () => closeSync(descriptor),
  };
}

/** The chunk's pages, as the test's own walk over their headers sees them (types and encodings). */
function pagesOf(bytes: Uint8Array): { type: number; encoding: number }[] {
  const header = new PageHeader();
  const pages: { type: number; encoding: number }[] = [];
  for (let position = 0; position < bytes.length; ) {
    header.read(bytes, position, "test");
    pages.push({ type: header.type, encoding: header.encoding });
    position = header.dataStart + header.compressedPageSize;
  }
  return pages;
}

/** Decodes every chunk of `column` into one array of the file's rows, in order. */
function decodeColumn(
  path: string,
  column: string,
): { values: Float64Array; pages: { type: number; encoding: number }[] } {
  const file = openParquet(path);
  try {
    const { footer } = file;
    const leafIndex = footer.leaves.findIndex((leaf) => leaf.name === column);
    const leaf = footer.leaves[leafIndex]!;
    const scratch = new Uint8Array(
      Math.max(...footer.rowGroups.map((group) => decodeScratchBytes(group.columns[leafIndex]!))),
    );
    const values = new Float64Array(footer.numRows);
    const pages: { type: number; encoding: number }[] = [];
    let row = 0;
    for (const group of footer.rowGroups) {
      const chunk = group.columns[leafIndex]!;
      expect(columnChunkRefusal(leaf, chunk)).toBeUndefined();
      const bytes = file.chunkBytes(chunk);
      pages.push(...pagesOf(bytes));
      decodeColumnChunk(
        bytes,
        leaf,
        chunk,
        group.numRows,
        values.subarray(row, row + group.numRows),
        scratch,
      );
      row += group.numRows;
    }
    expect(row).toBe(footer.numRows);
    return { values, pages };
  } finally {
    file.close();
  }
}

/** DuckDB's own `column::DOUBLE`, in file order. */
async function duckdbColumn(path: string, column: string): Promise<Float64Array> {
  const [values] = await query(
    `SELECT "${column}"::DOUBLE FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`,
  );
  return Float64Array.from(values as number[]);
}

/** Bit for bit: the first index where the two differ (NaN payloads aside), or -1. */
function firstDifference(actual: Float64Array, expected: Float64Array): number {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

describe("the footer, against DuckDB's parquet_metadata and parquet_schema", () => {
  it("row groups, column chunks and leaves are what DuckDB reads", async () => {
    for (const format of [...FORMATS.map((f) => f.name), "refused"]) {
      const path = fileOf(format);
      const file = openParquet(path);
      file.close();
      const { footer } = file;
      const [
        rowGroupIds,
        columnIds,
        numValues,
        compressions,
        encodings,
        dataOffsets,
        dictionaryOffsets,
        sizes,
        rawSizes,
      ] = await query(
        `SELECT row_group_id, column_id, num_values, compression, encodings, data_page_offset,
                  dictionary_page_offset, total_compressed_size, total_uncompressed_size
           FROM parquet_metadata('${path}') ORDER BY row_group_id, column_id`,
      );
      const actual = footer.rowGroups.flatMap((group, g) =>
        group.columns.map((chunk, c) => [
          g,
          c,
          chunk.numValues,
          Object.keys(CompressionCodec).find(
            (k) => CompressionCodec[k as keyof typeof CompressionCodec] === chunk.codec,
          ),
          chunk.encodings
            .map((e) => Object.keys(Encoding).find((k) => Encoding[k as keyof typeof Encoding] === e))
            .join(", "),
          chunk.dataPageOffset,
          chunk.dictionaryPageOffset ?? null,
          chunk.totalCompressedSize,
          chunk.totalUncompressedSize,
        ]),
      );
      const expected = rowGroupIds!.map((_, r) =>
        [
          rowGroupIds,
          columnIds,
          numValues,
          compressions,
          encodings,
          dataOffsets,
          dictionaryOffsets,
          sizes,
          rawSizes,
        ].map((values) => {
          const value = values![r];
          return typeof value === "bigint" ? Number(value) : value;
        }),
      );
      expect(actual).toEqual(expected);
      const [rowCount] = await query(`SELECT count(*) FROM read_parquet('${path}')`);
      expect(footer.numRows).toBe(Number(rowCount![0]));
      expect(footer.rowGroups.reduce((sum, group) => sum + group.numRows, 0)).toBe(footer.numRows);
    }
  });

  it("leaves: dotted paths, levels, physical and logical types", () => {
    const file = openParquet(fileOf("refused"));
    file.close();
    expect(
      file.footer.leaves.map((leaf) => [
        leaf.name,
        leaf.maxDefinitionLevel,
        leaf.maxRepetitionLevel,
        leaf.physicalType,
        leaf.logicalType,
      ]),
    ).toEqual([
      ["x", 1, 0, PhysicalType.DOUBLE, undefined],
      ["price", 1, 0, PhysicalType.INT64, "DECIMAL"],
      ["label", 1, 0, PhysicalType.BYTE_ARRAY, "STRING"],
      ["pair.a", 2, 0, PhysicalType.DOUBLE, undefined],
      ["pair.b", 2, 0, PhysicalType.INT32, "INTEGER"],
      ["items.list.element", 3, 1, PhysicalType.DOUBLE, undefined],
      ["stamp", 1, 0, PhysicalType.INT64, "TIMESTAMP"],
      ["day", 1, 0, PhysicalType.INT32, "DATE"],
      ["huge", 1, 0, PhysicalType.DOUBLE, undefined],
    ]);
    const unsigned = openParquet(fileOf("v1-snappy"));
    unsigned.close();
    const signedness = Object.fromEntries(
      unsigned.footer.leaves.map((leaf) => [leaf.name, leaf.integerSigned]),
    );
    expect(signedness).toMatchObject({ i: true, tiny: true, uint: false, ubig: false });
  });

  it("not a Parquet file: a ParquetFormatError that says so", () => {
    const bytes = new TextEncoder().encode("PAR1 this is not a footer at all PAR1");
    const readAt = (position: number, length: number) => bytes.slice(position, position + length);
    expect(() => readParquetFooter(readAt, bytes.length)).toThrow(ParquetFormatError);
    expect(() => readParquetFooter(readAt, bytes.length)).toThrow(
      /the Parquet footer's length \d+ does not fit in the file's 37 bytes/,
    );
    const csv = new TextEncoder().encode("x,y\n1,2\n3,4\n");
    expect(() => readParquetFooter((p, l) => csv.slice(p, p + l), csv.length)).toThrow(
      `not a Parquet file: its first 4 bytes are not "PAR1".`,
    );
  });
});

describe("every chunk decoded equals DuckDB's column::DOUBLE, bit for bit", () => {
  for (const { name } of [...FORMATS, { name: "one-group" }]) {
    it(`${name}: every column of every row group`, async () => {
      const path = fileOf(name);
      const encodingsSeen = new Set<string>();
      for (const column of NUMBER_COLUMNS) {
        const { values, pages } = decodeColumn(path, column);
        const expected = await duckdbColumn(path, column);
        const difference = firstDifference(values, expected);
        expect(
          difference === -1
            ? "same"
            : `${column}[${difference}]: ${values[difference]} ≠ ${expected[difference]}`,
        ).toBe("same");
        for (const page of pages) encodingsSeen.add(`${page.type}:${page.encoding}`);
      }
      // The file exercised what it was written for: dictionary pages, and the version's encodings. DuckDB
      // writes V1 page headers for both versions (V2 pages: see "pages assembled" below).
      expect(encodingsSeen).toContain(`${PageType.DICTIONARY_PAGE}:${Encoding.PLAIN}`);
      const v2 = name.startsWith("v2");
      const expectedEncodings = v2
        ? [Encoding.RLE_DICTIONARY, Encoding.BYTE_STREAM_SPLIT, Encoding.DELTA_BINARY_PACKED, Encoding.PLAIN]
        : [Encoding.PLAIN_DICTIONARY, Encoding.PLAIN];
      for (const encoding of expectedEncodings)
        expect(encodingsSeen).toContain(`${PageType.DATA_PAGE}:${encoding}`);
    }, 120_000);
  }
});

describe("SNAPPY pages of doubles decompressed in place", () => {
  it("land bit for bit where they belong and leave the bytes around them as they were", async () => {
    const path = fileOf("one-group");
    const file = openParquet(path);
    try {
      const { footer } = file;
      const margin = 4096;
      for (const column of ["d_high", "d_low", "special", "nullable_no_nulls"]) {
        const leafIndex = footer.leaves.findIndex((leaf) => leaf.name === column);
        const leaf = footer.leaves[leafIndex]!;
        const group = footer.rowGroups[0]!;
        const chunk = group.columns[leafIndex]!;
        // The output in the middle of a larger buffer, as in a worker's memory: a sentinel all around.
        const buffer = new ArrayBuffer(2 * margin + 8 * group.numRows);
        new Uint8Array(buffer).fill(0xa5);
        const out = new Float64Array(buffer, margin, group.numRows);
        decodeColumnChunk(
          file.chunkBytes(chunk),
          leaf,
          chunk,
          group.numRows,
          out,
          new Uint8Array(decodeScratchBytes(chunk)),
        );
        const expected = await duckdbColumn(path, column);
        expect(firstDifference(out, expected.subarray(0, group.numRows))).toBe(-1);
        const bytes = new Uint8Array(buffer);
        expect(bytes.subarray(0, margin).every((byte) => byte === 0xa5)).toBe(true);
        expect(bytes.subarray(margin + 8 * group.numRows).every((byte) => byte === 0xa5)).toBe(true);
      }
    } finally {
      file.close();
    }
  });
});

describe("NULLs and refusals", () => {
  it("a NULL throws, naming the column and its row within the chunk", () => {
    const file = openParquet(fileOf("nulls"));
    try {
      const { footer } = file;
      const leaf = footer.leaves[0]!;
      const chunk = footer.rowGroups[0]!.columns[0]!;
      const rows = footer.rowGroups[0]!.numRows;
      const scratch = new Uint8Array(decodeScratchBytes(chunk));
      const decode = () =>
        decodeColumnChunk(file.chunkBytes(chunk), leaf, chunk, rows, new Float64Array(rows), scratch);
      expect(decode).toThrow(ParquetFormatError);
      expect(decode).toThrow(
        /^column "x", page 0 at chunk byte 0: row 999 of the chunk is NULL \(definition level 0 below 1\)\.$/,
      );
      // The same chunk's first 999 rows hold no NULL: decoded.
      const first = new Float64Array(999);
      decodeColumnChunk(file.chunkBytes(chunk), leaf, chunk, 999, first, scratch);
      expect(first).toEqual(Float64Array.from({ length: 999 }, (_, i) => i));
      // The column beside it, declared nullable with no NULL, decodes.
      const fullChunk = footer.rowGroups[1]!.columns[1]!;
      const full = new Float64Array(footer.rowGroups[1]!.numRows);
      decodeColumnChunk(file.chunkBytes(fullChunk), footer.leaves[1]!, fullChunk, full.length, full, scratch);
      expect(full[0]).toBe(footer.rowGroups[0]!.numRows);
    } finally {
      file.close();
    }
  });

  it("types, nesting and codecs it does not read are refused, naming the column", () => {
    const file = openParquet(fileOf("refused"));
    file.close();
    const { footer } = file;
    const refusals = footer.leaves.map((leaf, c) =>
      columnChunkRefusal(leaf, footer.rowGroups[0]!.columns[c]!),
    );
    expect(refusals).toEqual([
      undefined,
      `column "price" has logical type DECIMAL: only plain numbers and integers are read.`,
      `column "label" has physical type BYTE_ARRAY: only BOOLEAN, INT32, INT64, FLOAT and DOUBLE are read.`,
      `column "pair.a" is nested in a struct: only flat columns are read.`,
      `column "pair.b" is nested in a struct: only flat columns are read.`,
      `column "items.list.element" is repeated (a list or a map): only flat columns are read.`,
      `column "stamp" has logical type TIMESTAMP: only plain numbers and integers are read.`,
      `column "day" has logical type DATE: only plain numbers and integers are read.`,
      undefined,
    ]);
    // Encodings: by the chunk's list, for the leaf's type.
    const x = footer.leaves[0]!;
    const xChunk = footer.rowGroups[0]!.columns[0]!;
    expect(
      columnChunkRefusal(x, { ...xChunk, encodings: [Encoding.PLAIN, Encoding.DELTA_BINARY_PACKED] }),
    ).toBe(
      `column "x" has DELTA_BINARY_PACKED-encoded pages: only PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED, BYTE_STREAM_SPLIT are read for DOUBLE.`,
    );
    expect(
      columnChunkRefusal(x, { ...xChunk, encodings: [Encoding.BIT_PACKED, Encoding.RLE, Encoding.PLAIN] }),
    ).toBeUndefined();
    const zstd = openParquet(fileOf("zstd"));
    zstd.close();
    const chunk = zstd.footer.rowGroups[0]!.columns[0]!;
    const message = `column "x" is compressed with ZSTD: only UNCOMPRESSED and SNAPPY are read.`;
    expect(columnChunkRefusal(zstd.footer.leaves[0]!, chunk)).toBe(message);
    expect(() =>
      decodeColumnChunk(
        new Uint8Array(0),
        zstd.footer.leaves[0]!,
        chunk,
        10,
        new Float64Array(10),
        new Uint8Array(0),
      ),
    ).toThrow(message);
  });
});

// DuckDB writes one page per chunk (below 100 MB) and V1 page headers even for PARQUET_VERSION v2. Chunks of
// several pages, with encodings changing mid-chunk and V2 pages, are assembled here from DuckDB's own pages
// (V2 headers written by the test's Thrift writer around DuckDB's levels and values).

/** The Thrift compact protocol, written: only what page headers need. */
class CompactWriter {
  readonly bytes: number[] = [];
  private readonly lastIds: number[] = [0];
  private varint(value: number): void {
    for (; value >= 0x80; value = Math.floor(value / 128)) this.bytes.push((value & 0x7f) | 0x80);
    this.bytes.push(value);
  }
  private field(id: number, type: number): void {
    const delta = id - this.lastIds[this.lastIds.length - 1]!;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.varint(id * 2);
    }
    this.lastIds[this.lastIds.length - 1] = id;
  }
  i32(id: number, value: number): this {
    this.field(id, 5);
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
    return this;
  }
  bool(id: number, value: boolean): this {
    this.field(id, value ? 1 : 2);
    return this;
  }
  struct(id: number, write: (writer: this) => void): this {
    this.field(id, 12);
    this.lastIds.push(0);
    write(this);
    this.bytes.push(0);
    this.lastIds.pop();
    return this;
  }
  end(): Uint8Array {
    this.bytes.push(0);
    return Uint8Array.from(this.bytes);
  }
}

/** Snappy of nothing but literals: valid, if not small. */
function literalSnappy(data: Uint8Array): Uint8Array {
  const bytes: number[] = [];
  for (let n = data.length; ; n = Math.floor(n / 128)) {
    if (n < 0x80) {
      bytes.push(n);
      break;
    }
    bytes.push((n & 0x7f) | 0x80);
  }
  for (let start = 0; start < data.length; start += 65536) {
    const piece = data.subarray(start, Math.min(start + 65536, data.length));
    bytes.push(61 << 2, (piece.length - 1) & 0xff, (piece.length - 1) >> 8, ...piece);
  }
  return Uint8Array.from(bytes);
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
};

interface RawPage {
  readonly bytes: Uint8Array; // header and data, as written
  readonly type: number;
  readonly encoding: number;
  readonly numValues: number;
  readonly uncompressedPageSize: number;
  readonly data: Uint8Array; // the data after the header, as written (compressed if the chunk is)
}

/** A chunk's pages, each with its header's bytes, as DuckDB wrote them. */
function rawPages(path: string, column: string, rowGroup: number): RawPage[] {
  const file = openParquet(path);
  try {
    const index = file.footer.leaves.findIndex((leaf) => leaf.name === column);
    const bytes = file.chunkBytes(file.footer.rowGroups[rowGroup]!.columns[index]!);
    const header = new PageHeader();
    const pages: RawPage[] = [];
    for (let position = 0; position < bytes.length; ) {
      header.read(bytes, position, "test");
      const end = header.dataStart + header.compressedPageSize;
      pages.push({
        bytes: bytes.slice(position, end),
        type: header.type,
        encoding: header.encoding,
        numValues: header.numValues,
        uncompressedPageSize: header.uncompressedPageSize,
        data: bytes.slice(header.dataStart, end),
      });
      position = end;
    }
    return pages;
  } finally {
    file.close();
  }
}

/** A V1 data page of a nullable column made a V2 page: its levels apart and uncompressed, its values compressed or not. */
function asV2Page(page: RawPage, snappy: boolean, compressValues: boolean, numNulls = 0): Uint8Array {
  let payload = page.data;
  if (snappy) {
    payload = new Uint8Array(page.uncompressedPageSize);
    snappyDecompress(page.data, 0, page.data.length, payload, "test");
  }
  const levelsLength = payload[0]! | (payload[1]! << 8) | (payload[2]! << 16) | (payload[3]! << 24);
  const levels = payload.subarray(4, 4 + levelsLength);
  const values = payload.subarray(4 + levelsLength);
  const storedValues = compressValues ? literalSnappy(values) : values;
  const header = new CompactWriter()
    .i32(1, PageType.DATA_PAGE_V2)
    .i32(2, levels.length + values.length)
    .i32(3, levels.length + storedValues.length)
    .struct(8, (v2) =>
      v2
        .i32(1, page.numValues)
        .i32(2, numNulls)
        .i32(3, page.numValues)
        .i32(4, page.encoding)
        .i32(5, levels.length)
        .i32(6, 0)
        .bool(7, compressValues),
    )
    .end();
  return concat(header, levels, storedValues);
}

describe("pages assembled from DuckDB's pages: several per chunk, encodings changing, V2 headers", () => {
  const assembledChunk = (codec: number, pages: Uint8Array[], numValues: number): ParquetColumnChunk => {
    const bytes = pages.reduce((sum, page) => sum + page.length, 0);
    return {
      physicalType: PhysicalType.DOUBLE,
      codec,
      encodings: [Encoding.PLAIN, Encoding.PLAIN_DICTIONARY, Encoding.BYTE_STREAM_SPLIT, Encoding.RLE],
      numValues,
      totalCompressedSize: bytes,
      // An upper bound of any page's size, as a writer's total is.
      totalUncompressedSize: 4 * bytes + 1_000_000,
      dataPageOffset: 4,
      dictionaryPageOffset: undefined,
    };
  };

  for (const snappy of [false, true]) {
    it(`${snappy ? "SNAPPY" : "UNCOMPRESSED"}: a dictionary, then PLAIN V1, BYTE_STREAM_SPLIT, V2 pages with values compressed and not`, async () => {
      const v1 = fileOf(snappy ? "v1-snappy" : "v1-uncompressed");
      const v2 = fileOf(snappy ? "v2-snappy" : "v2-uncompressed");
      const dictionary = rawPages(v1, "d_low", 0);
      expect(dictionary.map((page) => page.type)).toEqual([PageType.DICTIONARY_PAGE, PageType.DATA_PAGE]);
      const [plain] = rawPages(v1, "d_high", 1);
      // DuckDB chooses each chunk's encoding: the first DOUBLE column whose chunk it split.
      const splitColumn = ["special", "nullable_no_nulls", "d_high"].find(
        (column) => rawPages(v2, column, 1)[0]!.encoding === Encoding.BYTE_STREAM_SPLIT,
      )!;
      const [split] = rawPages(v2, splitColumn, 1);
      const [last] = rawPages(v1, "d_high", 2);
      const [first] = rawPages(v1, "d_high", 0);
      const pages = [
        dictionary[0]!.bytes,
        dictionary[1]!.bytes,
        plain!.bytes,
        split!.bytes,
        asV2Page(last!, snappy, snappy),
        asV2Page(first!, snappy, false),
      ];
      const [lowValues, highValues, specialValues] = await Promise.all([
        duckdbColumn(v1, "d_low"),
        duckdbColumn(v1, "d_high"),
        duckdbColumn(v2, splitColumn),
      ]);
      const groups = openParquet(v1);
      groups.close();
      const starts = [0, 1, 2, 3].map((g) =>
        groups.footer.rowGroups.slice(0, g).reduce((sum, group) => sum + group.numRows, 0),
      );
      const slice = (values: Float64Array, g: number) => values.subarray(starts[g]!, starts[g + 1]!);
      const expected = concat(
        ...[
          slice(lowValues, 0),
          slice(highValues, 1),
          slice(specialValues, 1),
          slice(highValues, 2),
          slice(highValues, 0),
        ].map((values) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
      );
      const rows = expected.length / 8;
      const chunk = assembledChunk(
        snappy ? CompressionCodec.SNAPPY : CompressionCodec.UNCOMPRESSED,
        pages,
        rows,
      );
      const leaf = groups.footer.leaves.find((l) => l.name === "d_high")!;
      const out = new Float64Array(rows);
      decodeColumnChunk(concat(...pages), leaf, chunk, rows, out, new Uint8Array(decodeScratchBytes(chunk)));
      expect(Buffer.from(out.buffer).equals(Buffer.from(expected))).toBe(true);
    });
  }

  it("a REQUIRED column (no definition levels; DuckDB writes none): V1 and V2 pages of DuckDB's values", async () => {
    const path = fileOf("v1-uncompressed");
    const pages = [0, 1].map((g) => rawPages(path, "d_high", g)[0]!);
    const required = pages.map((page, k) => {
      const levelsLength =
        page.data[0]! | (page.data[1]! << 8) | (page.data[2]! << 16) | (page.data[3]! << 24);
      const values = page.data.subarray(4 + levelsLength);
      const header = new CompactWriter()
        .i32(1, k === 0 ? PageType.DATA_PAGE : PageType.DATA_PAGE_V2)
        .i32(2, values.length)
        .i32(3, values.length);
      if (k === 0)
        header.struct(5, (v1) =>
          v1.i32(1, page.numValues).i32(2, Encoding.PLAIN).i32(3, Encoding.RLE).i32(4, Encoding.RLE),
        );
      else {
        header.struct(8, (v2) =>
          v2
            .i32(1, page.numValues)
            .i32(2, 0)
            .i32(3, page.numValues)
            .i32(4, Encoding.PLAIN)
            .i32(5, 0)
            .i32(6, 0)
            .bool(7, false),
        );
      }
      return concat(header.end(), values);
    });
    const file = openParquet(path);
    file.close();
    const leaf = { ...file.footer.leaves.find((l) => l.name === "d_high")!, maxDefinitionLevel: 0 };
    const rows = pages[0]!.numValues + pages[1]!.numValues;
    const chunk = assembledChunk(CompressionCodec.UNCOMPRESSED, required, rows);
    const out = new Float64Array(rows);
    decodeColumnChunk(concat(...required), leaf, chunk, rows, out, new Uint8Array(decodeScratchBytes(chunk)));
    const expected = (await duckdbColumn(path, "d_high")).subarray(0, rows);
    expect(firstDifference(out, expected)).toBe(-1);
  });

  it("a NULL in a V2 page throws, naming its row", () => {
    const [page] = rawPages(fileOf("nulls"), "x", 0);
    const bytes = asV2Page(page!, true, false, 2);
    const file = openParquet(fileOf("nulls"));
    file.close();
    const chunk = { ...assembledChunk(CompressionCodec.SNAPPY, [bytes], page!.numValues) };
    const decode = () =>
      decodeColumnChunk(
        bytes,
        file.footer.leaves[0]!,
        chunk,
        page!.numValues,
        new Float64Array(page!.numValues),
        new Uint8Array(decodeScratchBytes(chunk)),
      );
    expect(decode).toThrow(
      /^column "x", page 0 at chunk byte 0: row 999 of the chunk is NULL \(definition level 0 below 1\)\.$/,
    );
  });

  it("RLE booleans in a V2 page (bit-packed and RLE runs)", () => {
    const file = openParquet(fileOf("v1-uncompressed"));
    file.close();
    const leaf = file.footer.leaves.find((l) => l.name === "bo")!;
    // 40 values: 16 bit-packed (2 groups), then an RLE run of 24 trues.
    const values = [1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, ...Array(24).fill(1)];
    const hybrid = [(2 << 1) | 1, 0b01011001, 0b10011100, 24 << 1, 1];
    const data = Uint8Array.from([hybrid.length, 0, 0, 0, ...hybrid]);
    const levels = Uint8Array.from([40 << 1, 1]); // an RLE run of 40 ones: no NULL
    const header = new CompactWriter()
      .i32(1, PageType.DATA_PAGE_V2)
      .i32(2, levels.length + data.length)
      .i32(3, levels.length + data.length)
      .struct(8, (v2) =>
        v2
          .i32(1, 40)
          .i32(2, 0)
          .i32(3, 40)
          .i32(4, Encoding.RLE)
          .i32(5, levels.length)
          .i32(6, 0)
          .bool(7, false),
      )
      .end();
    const bytes = concat(header, levels, data);
    const chunk = {
      ...assembledChunk(CompressionCodec.UNCOMPRESSED, [bytes], 40),
      physicalType: PhysicalType.BOOLEAN,
      encodings: [Encoding.RLE],
    };
    const out = new Float64Array(40);
    decodeColumnChunk(bytes, leaf, chunk, 40, out, new Uint8Array(decodeScratchBytes(chunk)));
    expect([...out]).toEqual(values);
  });
});
