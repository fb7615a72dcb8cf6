import {
  gradientTransformationOptimizer,
  LogisticRegression,
  logisticObjective,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";
import { createDenseMatrix, kernels } from "@descent/kernels";

// Any optimizer plugin goes here, e.g. lbfgs() from @descent/lbfgs; this is plain gradient descent from core.
const gradientDescent = gradientTransformationOptimizer("gd", scaleByLearningRate(toSchedule(4)), {});

// A loader writes X straight into kernel memory, so a large data set is held once, not twice.
const rows = 2000;
const columns = 8;
const X = createDenseMatrix(rows, columns);
const y: number[] = [];
for (let i = 0; i < rows; i++) {
  for (let j = 0; j < columns; j++) X.data[i * columns + j] = Math.sin(i * (j + 1) * 0.37);
  y.push(X.data[i * columns]! - X.data[i * columns + 1]! > 0 ? 1 : 0);
}

const model = new LogisticRegression({ optimizer: gradientDescent, backend: kernels() }).fit(X, y);
console.log(model.result?.converged, model.score(X, y) > 0.95);

// The same objective on core's TypeScript reference and on the kernels: equal to rounding.
const theta = new Float64Array(columns + 1).fill(0.1);
const reference = logisticObjective({ X, y, l2: 0.01 });
const fast = logisticObjective({ X, y, l2: 0.01, backend: kernels({ threads: 1 }) });
console.log(fast.backend, Math.abs(fast.value(theta) - reference.value(theta)) < 1e-12);
