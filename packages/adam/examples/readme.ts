import { adam } from "@descent/adam";
import { LogisticRegression } from "@descent/core";

const X = [
  [-1.5, 0.9],
  [-1.1, -0.6],
  [-0.6, 0.4],
  [-0.2, -1.3],
  [0.3, 1.2],
  [0.7, -0.4],
  [1.2, 0.5],
  [1.6, -1.0],
];
const y = ["fail", "fail", "fail", "fail", "pass", "pass", "pass", "pass"];
const model = new LogisticRegression({ optimizer: adam({ learningRate: 0.05 }) }).fit(X, y);
console.log(model.result?.message);
console.log(
  model.predict([
    [-1, 0],
    [1, 0],
  ]),
  model.score(X, y),
);
