import { LogisticRegression, stepDecay } from "@descent/core";
import { loadBreastCancer, standardized } from "@descent/datasets";
import { sgd } from "@descent/sgd";

const data = standardized(loadBreastCancer());
const X = { data: data.data, shape: data.shape };

// Full-batch gradient descent with a fixed step.
const fullBatch = new LogisticRegression({
  optimizer: sgd({ learningRate: 2 }),
  l2: 1e-3,
  tol: 1e-6,
  maxIter: 20_000,
});
fullBatch.fit(X, data.labels);
console.log(fullBatch.result?.message);

// Stochastic gradient descent on minibatches of 32, halving the step every 3000 steps.
const stochastic = new LogisticRegression({
  optimizer: sgd({ learningRate: stepDecay({ initial: 1, factor: 0.5, every: 3000 }) }),
  l2: 1e-3,
  batchSize: 32,
  maxIter: 15_000,
  seed: 42,
});
stochastic.fit(X, data.labels);
console.log(stochastic.score(X, data.labels), stochastic.result?.epochs);
