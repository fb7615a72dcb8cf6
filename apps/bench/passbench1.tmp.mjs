// Ad-hoc: one value-and-gradient pass over rows × cols Parquet: direct, SQL, and in-memory kernels.
import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbObjective } from "@descent/duckdb";
import { logisticObjective } from "@descent/core";
import { createDenseMatrix, kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { syntheticLinearSql, fillSyntheticLinearProblem, syntheticFeatureNames } from "@descent/datasets";
const [rows, cols, compression, sides] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4] ?? "snappy", (process.argv[5] ?? "direct,memory").split(",")];
const file = `/tmp/pq/x${rows}x${cols}-${compression}.parquet`;
if (!existsSync(file)) {
  const i = await DuckDBInstance.create(":memory:"); const c = await i.connect();
  await c.run(`COPY (${syntheticLinearSql(rows, cols)}) TO '${file}' (FORMAT parquet, COMPRESSION ${compression})`);
  c.closeSync(); i.closeSync();
}
const theta = Float64Array.from({ length: cols + 1 }, (_, j) => 0.01 * Math.sin(j + 1));
const grad = new Float64Array(cols + 1);
function time(objective, label, repeats = 5) {
  objective.valueAndGradient(theta, grad);
  const t = []; const cpu = [];
  let f;
  for (let k = 0; k < repeats; k++) { const c0 = process.cpuUsage(); const s = performance.now(); f = objective.valueAndGradient(theta, grad); t.push(performance.now() - s); const c1 = process.cpuUsage(c0); cpu.push((c1.user + c1.system) / 1000); }
  t.sort((a, b) => a - b); cpu.sort((a, b) => a - b);
  console.log(`${label}: ${t[2].toFixed(1)} ms [${t[0].toFixed(1)}–${t[4].toFixed(1)}], cpu ${cpu[2].toFixed(0)} ms, f=${f}`);
  return t[2];
}
const results = {};
for (const side of sides) {
  if (side === "memory") {
    const pool = createThreadPool({ threads: 2 });
    const X = createDenseMatrix(rows, cols, { threads: pool });
    const y = new Float64Array(rows);
    fillSyntheticLinearProblem(X.data, y, rows, cols);
    const o = logisticObjective({ X, y, l2: 1 / rows, backend: kernels({ threads: pool }) });
    results.memory = time(o, "memory kernels");
    pool.close();
  } else {
    const o = await duckdbObjective({ relation: { file }, label: "y", features: syntheticFeatureNames(cols), l2: 1 / rows, passes: side === "direct" ? "direct" : "sql", config: { threads: "1" } });
    results[side] = time(o, `${side} (${o.passEngine}, threads ${o.directThreads})`, side === "sql" ? 3 : 5);
    o.close();
  }
}
if (results.memory) for (const s of Object.keys(results)) console.log(`${s}/memory = ${(results[s] / results.memory).toFixed(2)}`);
