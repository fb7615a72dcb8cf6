declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: unknown[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
