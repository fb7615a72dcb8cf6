import {
  gradientTransformationOptimizer,
  LogisticRegression,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";
import { createDenseMatrix, kernels } from "@descent/kernels";
import { startThreadPool } from "@descent/kernels/threads";

// Rejects (UNSUPPORTED_RUNTIME) unless the page is served with the headers
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
const pool = await startThreadPool(); // navigator.hardwareConcurrency threads, the page's own included
console.log(`threads: ${pool.threads}`);

// 20000 × 64 entries, over the 2^20 from which a pass is split across the threads. The loader writes X
// into memory laid out for the pool, so it is never copied.
const rows = 20000;
const columns = 64;
const X = createDenseMatrix(rows, columns, { threads: pool });
const y: number[] = [];
for (let i = 0; i < rows; i++) {
  for (let j = 0; j < columns; j++) X.data[i * columns + j] = Math.sin(i * (j + 1));
  y.push(X.data[i * columns]! + X.data[i * columns + 1]! + Math.cos(i * 0.7) > 0 ? 1 : 0);
}

const gradientDescent = gradientTransformationOptimizer("gd", scaleByLearningRate(toSchedule(4)), {});
try {
  const backend = kernels({ threads: pool });
  const model = new LogisticRegression({ optimizer: gradientDescent, l2: 0.01, backend }).fit(X, y);
  console.log(model.result?.message);
} finally {
  pool.close(); // stops the workers
}
