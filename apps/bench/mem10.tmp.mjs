import { logisticObjective } from "@descent/core";
import { createDenseMatrix, kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { fillSyntheticLinearProblem } from "@descent/datasets";
const [rows, cols] = [Number(process.argv[2]), Number(process.argv[3])];
const pool = createThreadPool({ threads: 2 });
const X = createDenseMatrix(rows, cols, { threads: pool });
console.log("X kind", X.constructor.name, X.data.buffer.constructor.name, X.data.byteLength);
const y = new Float64Array(rows);
fillSyntheticLinearProblem(X.data, y, rows, cols);
const o = logisticObjective({ X, y, l2: 1 / rows, backend: kernels({ threads: pool }) });
console.log("backend", o.backend, o.threads ?? "");
const theta = new Float64Array(cols + 1).fill(0.01); const g = new Float64Array(cols + 1);
for (let k = 0; k < 3; k++) { const c0 = process.cpuUsage(); const s = performance.now(); o.valueAndGradient(theta, g); const c = process.cpuUsage(c0); console.log((performance.now() - s).toFixed(0), "ms wall", ((c.user + c.system) / 1000).toFixed(0), "ms cpu"); }
pool.close();
