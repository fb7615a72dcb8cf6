import { LogisticRegression } from "@descent/core";
import { __camelName__ } from "@descent/__name__";

const X = [
  [0.2, 1.1],
  [1.4, -0.3],
  [-0.8, 0.9],
  [1.9, 0.4],
  [-1.2, -0.1],
  [0.9, -1.0],
];
const y = ["no", "yes", "no", "yes", "no", "yes"];
const model = new LogisticRegression({ optimizer: __camelName__() }).fit(X, y);
console.log(model.predict([[1.5, 0.2]]), model.score(X, y));
