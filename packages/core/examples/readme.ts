import {
  DescentError,
  gradientTransformationOptimizer,
  LogisticRegression,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";

// Any optimizer plugin goes here, e.g. newton() from @descent/newton. Core itself ships none; this is plain
// gradient descent built from core's own transforms.
const gradientDescent = gradientTransformationOptimizer("gd", scaleByLearningRate(toSchedule(2)), {});

const X = [
  [0.5, 1.2],
  [1.5, 0.3],
  [-0.8, -1.1],
  [-1.2, 0.4],
  [2.0, 1.0],
  [-0.3, -2.0],
];
const y = ["spam", "spam", "ham", "ham", "spam", "ham"];

const model = new LogisticRegression({ optimizer: gradientDescent, l2: 0.01, tol: 1e-6 }).fit(X, y);
console.log(model.classes, model.predict([[1, 1]]), model.predictProba([[1, 1]]));
console.log(model.result?.message);

const restored = LogisticRegression.fromJSON(JSON.stringify(model));
console.log(restored.score(X, y));

try {
  model.fit(
    [
      [1, 2],
      [3, Number.NaN],
    ],
    ["a", "b"],
  );
} catch (error) {
  if (error instanceof DescentError) console.log(error.code, error.row, error.column); // NON_FINITE_VALUE 1 1
}
