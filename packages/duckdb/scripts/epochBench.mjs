// Streamed minibatch epochs through DuckDB against the same epochs in memory (issue 16's minibatch item).
// Usage: node scripts/epochBench.mjs [rows] [columns] [shuffleBufferRows]   (default 1000000 10 65536)
// Generates the synthetic problem of bench.ts as Parquet (bench.ts's generate mode), then runs each side in
// its own process; the file is deleted at the end.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const [rows = "1000000", columns = "10", bufferRows = "65536"] = process.argv.slice(2);
const directory = mkdtempSync(join(tmpdir(), "descent-duckdb-epochs-"));
const cache = new URL("../node_modules/.cache/", import.meta.url).pathname;
mkdirSync(cache, { recursive: true });
const bundles = {};
for (const name of ["bench", "epochBench"]) {
  bundles[name] = join(cache, `descent-duckdb-${name}.mjs`);
  await build({
    entryPoints: [new URL(`./${name}.ts`, import.meta.url).pathname],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@descent/source"],
    external: ["@duckdb/node-api"],
    outfile: bundles[name],
    logLevel: "error",
  });
}
const run = (bundle, ...args) =>
  process.stdout.write(
    execFileSync(process.execPath, [bundle, ...args], {
      encoding: "utf8",
      cwd: new URL("..", import.meta.url).pathname,
    }),
  );
const file = join(directory, `x${rows}x${columns}.parquet`);
try {
  run(bundles.bench, "generate", file, rows, columns);
  run(bundles.epochBench, "duckdb-epochs", file, columns, bufferRows);
  run(bundles.epochBench, "memory-epochs", file, columns);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
