// Compares the backends of the logistic objective: one valueAndGradient on dense problems of 1M × 100 and
// 100k × 100, on the TypeScript path and on the WebAssembly kernels (float64 and float32 storage), and on a
// sparse 1M × 1000 problem with 20 non-zeros a row (CSR). Each
// configuration runs in its own process (bench-gradient.mjs), one after the other, so that none disturbs
// another. Prints the median, min and max of each, in ms, and the speed-up over the TypeScript path.
// Uses the built package: `pnpm build && pnpm bench:kernels [--runs 11] [--kernel value]`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "11" },
    kernel: { type: "string", default: "valueAndGradient" },
  },
});
const single = fileURLToPath(new URL("./bench-gradient.mjs", import.meta.url));
const dense = [
  { backend: "typescript", precision: "float64" },
  { backend: "kernels", precision: "float64" },
  { backend: "kernels", precision: "float32" },
];
const sparse = [
  { backend: "typescript", precision: "float64" },
  { backend: "kernels", precision: "float64" },
];
const problems = [
  { rows: 1_000_000, columns: 100, configurations: dense },
  { rows: 100_000, columns: 100, configurations: dense },
  { rows: 1_000_000, columns: 1000, nonZerosPerRow: 20, configurations: sparse },
];

const format = (ms) => ms.toFixed(1).padStart(7);
console.log(`${values.kernel}, ${values.runs} runs each: median (min … max) in ms`);
for (const { rows, columns, nonZerosPerRow, configurations } of problems) {
  let reference;
  for (const { backend, precision } of configurations) {
    const run = spawnSync(
      process.execPath,
      [
        single,
        ...["--backend", backend, "--precision", precision, "--rows", String(rows)],
        ...["--columns", String(columns), "--runs", values.runs, "--kernel", values.kernel],
        ...(nonZerosPerRow === undefined ? [] : ["--nonZerosPerRow", String(nonZerosPerRow)]),
      ],
      { encoding: "utf8" },
    );
    if (run.status !== 0) throw new Error(run.stderr);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
    reference ??= result.medianMs;
    console.log(
      `${`${rows} × ${columns}${nonZerosPerRow === undefined ? "" : ` CSR ${nonZerosPerRow}/row`}`.padEnd(26)} ${`${backend} ${precision}`.padEnd(13)} ${format(result.medianMs)} (${format(result.minMs)} … ${format(result.maxMs)})   ×${(reference / result.medianMs).toFixed(2)} vs typescript`,
    );
  }
}
