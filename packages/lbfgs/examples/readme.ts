import { LogisticRegression } from "@descent/core";
import { loadBreastCancer, standardized } from "@descent/datasets";
import { lbfgs } from "@descent/lbfgs";

const data = standardized(loadBreastCancer());
const X = { data: data.data, shape: data.shape };

const model = new LogisticRegression({ optimizer: lbfgs(), l2: 1e-3, tol: 1e-8 });
model.fit(X, data.labels);
console.log(model.result?.message);
console.log(model.score(X, data.labels), model.result?.evaluations.gradient);
