// Times one logistic valueAndGradient on an m × n problem (dense, or CSR with --nonZerosPerRow), in this
// process only, and prints one JSON
// line: the median, min and max over the runs, in milliseconds. Uses the built package (run `pnpm build`
// first). Run each configuration in its own process (bench-kernels.mjs does): what one configuration does to
// V8 (a detached buffer, a deoptimization) must not slow the next.
//
//   node scripts/bench-gradient.mjs --backend kernels --rows 1000000 --columns 100 [--precision float32]
//                                   [--nonZerosPerRow 20] [--runs 11] [--warmup 3]
//                                   [--kernel value|hessianVectorProduct] [--threads 2]
//
// --backend typescript runs core's reference instead of kernels(). --threads N (N ≥ 2) splits the passes
// across a pool from @descent/kernels/threads, dense or CSR X; CSR X is
// then written in place into createCsrMatrix(…, { threads: pool }), as a loader would. The pool is not
// closed: the process must exit on its own, which checks that the workers do not keep it alive.
import { parseArgs } from "node:util";
import { DenseMatrix, logisticObjective } from "@descent/core";
import { createCsrMatrix, createDenseMatrix, kernels } from "../dist/index.js";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "kernels" },
    rows: { type: "string", default: "1000000" },
    columns: { type: "string", default: "100" },
    precision: { type: "string", default: "float64" },
    runs: { type: "string", default: "11" },
    warmup: { type: "string", default: "3" },
    kernel: { type: "string", default: "valueAndGradient" },
    nonZerosPerRow: { type: "string" },
    threads: { type: "string", default: "1" },
  },
});
const rows = Number(values.rows);
const columns = Number(values.columns);
const runs = Number(values.runs);
const threads = Number(values.threads);
// Made before X, so that CSR X can be laid out in shared memory for it.
const pool =
  threads > 1 ? (await import("../dist/threads/index.js")).createThreadPool({ threads }) : undefined;

// The data: values uniform in [−1, 1) from a fixed linear congruential generator, y from a noisy rule, so
// that every run of every configuration sees the same problem. The kernels' dense matrix is written in place.
let state = 12345;
const uniform = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 31 - 1;
};
let X;
const y = new Float64Array(rows);
if (values.nonZerosPerRow === undefined) {
  X =
    values.backend === "typescript" && values.precision === "float64"
      ? new DenseMatrix(new Float64Array(rows * columns), rows, columns)
      : createDenseMatrix(rows, columns, { precision: values.precision });
  const data = X.data;
  for (let k = 0; k < data.length; k++) data[k] = uniform();
  for (let i = 0; i < rows; i++) y[i] = data[i * columns] + 0.5 * uniform() > 0 ? 1 : 0;
} else {
  const perRow = Number(values.nonZerosPerRow);
  // On the kernels, written in place (shared for the pool when there is one); on the TypeScript path, plain.
  const inPlace =
    values.backend === "typescript"
      ? undefined
      : createCsrMatrix(rows, columns, rows * perRow, pool === undefined ? {} : { threads: pool });
  const indptr = inPlace?.indptr ?? new Int32Array(rows + 1);
  const indices = inPlace?.indices ?? new Int32Array(rows * perRow);
  const nonZeros = inPlace?.values ?? new Float64Array(rows * perRow);
  for (let i = 0; i < rows; i++) {
    indptr[i + 1] = (i + 1) * perRow;
    for (let k = i * perRow; k < (i + 1) * perRow; k++) {
      indices[k] = Math.floor((uniform() + 1) * 0.5 * columns);
      nonZeros[k] = uniform();
    }
    y[i] = nonZeros[i * perRow] + 0.5 * uniform() > 0 ? 1 : 0;
  }
  X = inPlace ?? { indptr, indices, values: nonZeros, shape: [rows, columns] };
}

const objective = logisticObjective({
  X,
  y,
  l2: 1e-4,
  ...(values.backend === "typescript"
    ? {}
    : {
        backend: kernels({
          threads: pool ?? 1,
          ...(values.nonZerosPerRow === undefined ? { precision: values.precision } : {}),
        }),
      }),
});
const theta = new Float64Array(objective.dim);
for (let j = 0; j < objective.dim; j++) theta[j] = 0.01 * ((j % 7) - 3);
const grad = new Float64Array(objective.dim);
const v = theta.map((_, j) => Math.cos(j));

const once = {
  valueAndGradient: () => objective.valueAndGradient(theta, grad),
  value: () => objective.value(theta),
  hessianVectorProduct: () => objective.hessianVectorProduct(theta, v, grad),
}[values.kernel];

for (let r = 0; r < Number(values.warmup); r++) once();
const times = [];
let sink = 0;
for (let r = 0; r < runs; r++) {
  const start = performance.now();
  sink += once() ?? grad[0];
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    kernel: values.kernel,
    backend: objective.backend,
    layout: objective.matrix.kind,
    precision: objective.precision,
    threads: objective.threads,
    rows,
    columns,
    runs,
    medianMs: times[Math.floor(runs / 2)],
    minMs: times[0],
    maxMs: times[runs - 1],
    check: sink,
  }),
);
