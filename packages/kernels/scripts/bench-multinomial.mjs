// Times one multinomial valueAndGradient (or value, or Hessian-vector product) on a synthetic m × n problem
// with K classes, in this process only, and prints one JSON line: the median, min and max over the runs, in
// milliseconds. Uses the built packages (run `pnpm build` first); run each configuration in its own process.
//
//   node scripts/bench-multinomial.mjs --backend kernels --rows 100000 --columns 100 --classes 10
//                                      [--threads 2] [--precision float32] [--runs 11] [--warmup 3]
//                                      [--kernel valueAndGradient|value|hessianVectorProduct]
//                                      [--write /tmp/problem]   (X as float64, y as int32, for scikit-learn)
//
// --backend typescript runs core's reference instead of kernels(). The problem: Gaussian features from a
// fixed generator (Box–Muller over a linear congruential one), labels drawn from softmax(W x) for a random
// Gaussian W, λ = 1/m: every run of every configuration sees the same problem.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { multinomialObjective } from "@descent/core";
import { kernels } from "../dist/index.js";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "kernels" },
    rows: { type: "string", default: "100000" },
    columns: { type: "string", default: "100" },
    classes: { type: "string", default: "10" },
    precision: { type: "string", default: "float64" },
    runs: { type: "string", default: "11" },
    warmup: { type: "string", default: "3" },
    kernel: { type: "string", default: "valueAndGradient" },
    threads: { type: "string", default: "1" },
    write: { type: "string" },
  },
});
const rows = Number(values.rows);
const columns = Number(values.columns);
const classes = Number(values.classes);
const runs = Number(values.runs);
const threads = Number(values.threads);
const pool =
  threads > 1 ? (await import("../dist/threads/index.js")).createThreadPool({ threads }) : undefined;

export function syntheticMultinomial(m, n, K) {
  let state = 12345;
  const uniform = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const data = new Float64Array(m * n);
  for (let k = 0; k < data.length; k++) data[k] = gaussian();
  // W with entries of size 1/√n, so that the logits are of order 1 and no class is certain.
  const W = Float64Array.from({ length: K * n }, () => gaussian() / Math.sqrt(n));
  const y = new Int32Array(m);
  const logits = new Float64Array(K);
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = 0;
      for (let j = 0; j < n; j++) z += W[k * n + j] * data[i * n + j];
      logits[k] = z;
      max = Math.max(max, z);
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp(logits[k] - max);
    let u = uniform() * total;
    let label = K - 1;
    for (let k = 0; k < K; k++) {
      u -= Math.exp(logits[k] - max);
      if (u <= 0) {
        label = k;
        break;
      }
    }
    y[i] = label;
  }
  return { X: { data, shape: [m, n] }, y };
}

const { X, y } = syntheticMultinomial(rows, columns, classes);
if (values.write !== undefined) {
  writeFileSync(`${values.write}.X.f64`, X.data);
  writeFileSync(`${values.write}.y.i32`, y);
}
const backend =
  values.backend === "typescript"
    ? undefined
    : kernels({
        threads: pool ?? 1,
        precision: values.precision,
        ...(pool === undefined ? {} : { threadedMinimumEntries: 0 }),
      });
const objective = multinomialObjective({
  X,
  y,
  classes,
  l2: 1 / rows,
  ...(backend === undefined ? {} : { backend }),
});
const theta = Float64Array.from({ length: objective.dim }, (_, j) => 0.01 * Math.sin(j));
const out = new Float64Array(objective.dim);
const v = Float64Array.from({ length: objective.dim }, (_, j) => Math.cos(j));
const pass = {
  valueAndGradient: () => objective.valueAndGradient(theta, out),
  value: () => objective.value(theta),
  hessianVectorProduct: () => objective.hessianVectorProduct(theta, v, out),
}[values.kernel];
for (let k = 0; k < Number(values.warmup); k++) pass();
const times = [];
for (let k = 0; k < runs; k++) {
  const start = performance.now();
  pass();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    backend: objective.backend,
    threads: objective.threads ?? 1,
    precision: values.precision,
    kernel: values.kernel,
    rows,
    columns,
    classes,
    medianMs: Number(times[Math.floor(times.length / 2)].toFixed(2)),
    minMs: Number(times[0].toFixed(2)),
    maxMs: Number(times.at(-1).toFixed(2)),
  }),
);
objective.release?.();
