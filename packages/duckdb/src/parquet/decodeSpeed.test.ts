import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDuckDB, temporaryDirectory } from "../../test/files.js";
import { columnChunkStart, decodeColumnChunk, decodeScratchBytes, readParquetFooter } from "./index.js";

// A measurement, not a test: run only when PARQUET_MEASURE names a configuration, one per process, e.g.
//   PARQUET_MEASURE=uncompressed pnpm exec vitest run src/parquet/decodeSpeed.test.ts
//   PARQUET_MEASURE=snappy …
// It decodes 122 880-row chunks (DuckDB's default row group): DOUBLE columns of random doubles (snappy finds
// nothing to copy: literals), of range / 7 (snappy halves it: copies), of 5 values (a dictionary), and
// random FLOAT, INTEGER, BIGINT and BOOLEAN columns; it reports GB/s of doubles out (8 bytes a value)
// against a plain copy of the same bytes.
const configuration = process.env.PARQUET_MEASURE;
const ROWS = 122_880;

describe.runIf(configuration !== undefined)(`decoding speed (${configuration})`, () => {
  it("decodes 122 880-row chunks", async () => {
    const directory = temporaryDirectory();
    const path = join(directory.path, "doubles.parquet");
    try {
      await runDuckDB(
        `SELECT setseed(0.5)`,
        `COPY (SELECT random() AS noise, range::DOUBLE / 7 AS ramp, (range % 5)::DOUBLE / 4 AS steps,
                (random() * 1e6)::FLOAT AS float, (random() * 2e9 - 1e9)::INTEGER AS integer,
                (random() * 9e18)::BIGINT AS bigint, random() < 0.5 AS boolean FROM range(0, ${ROWS}))
         TO '${path}' (FORMAT parquet, COMPRESSION ${configuration}, ROW_GROUP_SIZE ${ROWS})`,
      );
      const descriptor = openSync(path, "r");
      const readAt = (position: number, length: number) => {
        const bytes = new Uint8Array(length);
        readSync(descriptor, bytes, 0, length, position);
        return bytes;
      };
      const footer = readParquetFooter(readAt, fstatSync(descriptor).size);
      expect(footer.rowGroups.length).toBe(1);
      const lines: string[] = [];
      const out = new Float64Array(ROWS);
      const timeOf = (decode: () => void): { median: number; min: number; max: number } => {
        for (let k = 0; k < 50; k++) decode(); // warm-up: optimized code
        const rates: number[] = [];
        for (let repeat = 0; repeat < 9; repeat++) {
          const started = performance.now();
          for (let k = 0; k < 100; k++) decode();
          const seconds = (performance.now() - started) / 1000 / 100;
          rates.push((ROWS * 8) / seconds / 1e9);
        }
        rates.sort((a, b) => a - b);
        return { median: rates[4]!, min: rates[0]!, max: rates[8]! };
      };
      const show = ({ median, min, max }: { median: number; min: number; max: number }) =>
        `${median.toFixed(2)} GB/s (min ${min.toFixed(2)}, max ${max.toFixed(2)})`;
      for (const [column, leaf] of footer.leaves.entries()) {
        const chunk = footer.rowGroups[0]!.columns[column]!;
        const bytes = readAt(columnChunkStart(chunk), chunk.totalCompressedSize);
        const scratch = new Uint8Array(decodeScratchBytes(chunk));
        const rate = timeOf(() => decodeColumnChunk(bytes, leaf, chunk, ROWS, out, scratch));
        lines.push(
          `${configuration} ${leaf.name}: chunk ${chunk.totalCompressedSize} bytes, encodings ${chunk.encodings}: ${show(rate)}`,
        );
      }
      const source = new Float64Array(ROWS).fill(1.5);
      lines.push(
        `plain copy of ${ROWS * 8} bytes (Float64Array.set): ${show(timeOf(() => out.set(source)))}`,
      );
      closeSync(descriptor);
      console.log(lines.join("\n"));
    } finally {
      directory.remove();
    }
  }, 120_000);
});
