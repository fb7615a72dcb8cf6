// Measures the DuckDB objective against core's in-memory one (issue 16's targets): one value-and-gradient
// pass over rows × columns doubles in Parquet, and the peak RSS of a fit whose X is several times larger.
// Usage: node scripts/bench.mjs pass [rows] [columns]                   (default 10000000 50)
//        node scripts/bench.mjs fit [rows] [columns] [optimizer] [memory_limit]   (default 25000000 10 newton 512MB)
// "pass" times one value-and-gradient pass through DuckDB and in memory over the same doubles (and one
// Hessian pass through DuckDB with BENCH_HESSIAN=1); "fit" fits
// under DuckDB's memory_limit and reports the process's peak RSS against the size of X. Each measurement
// runs in its own process; the generated file is deleted at the end.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const [what = "pass", ...rest] = process.argv.slice(2);
const defaults = what === "fit" ? ["25000000", "10", "newton", "512MB"] : ["10000000", "50"];
const [rows, columns, optimizer, memoryLimit] = defaults.map((value, k) => rest[k] ?? value);
const directory = mkdtempSync(join(tmpdir(), "descent-duckdb-bench-"));
// The bundle sits inside the package, so that it resolves @duckdb/node-api (kept external: a native module).
const cache = new URL("../node_modules/.cache/", import.meta.url).pathname;
mkdirSync(cache, { recursive: true });
const bundle = join(cache, "descent-duckdb-bench.mjs");
const file = join(directory, `x${rows}x${columns}.parquet`);
await build({
  entryPoints: [new URL("./bench.ts", import.meta.url).pathname],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["@descent/source"],
  external: ["@duckdb/node-api"],
  outfile: bundle,
  logLevel: "error",
});
const run = (...args) =>
  process.stdout.write(
    execFileSync(process.execPath, [bundle, ...args], {
      encoding: "utf8",
      cwd: new URL("..", import.meta.url).pathname,
    }),
  );
try {
  run("generate", file, rows, columns);
  console.log(
    `X is ${((Number(rows) * Number(columns) * 8) / 2 ** 20).toFixed(0)} MiB of doubles; the file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
  );
  if (what === "fit") {
    run("duckdb-fit", file, rows, columns, optimizer, memoryLimit);
  } else {
    run("duckdb-pass", file, rows, columns);
    run("memory-pass", rows, columns);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
