import { LogisticRegression } from "@descent/core";
import { loadBreastCancer, loadIris } from "@descent/datasets";
import { kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { fromDataset, prepareData } from "./labelledData.js";
import { findOptimizerChoice, settingValues } from "./optimizers.js";
import { SteppedRun } from "./steppedRun.js";

const prepared = prepareData(fromDataset(loadBreastCancer()), 0.25, 0);

describe("SteppedRun", () => {
  for (const [name, batchSize] of [
    ["sgd", undefined],
    ["momentum", 32],
    ["adam", undefined],
    ["newton", undefined],
  ] as const) {
    it(`${name}${batchSize ? ` on minibatches of ${batchSize}` : ""}: steps in chunks reach bit-for-bit the θ of one fit`, () => {
      const choice = findOptimizerChoice(name)!;
      const settings = { l2: undefined, maxIter: 300, tol: 1e-4, batchSize, seed: 7 };
      const stepped = new SteppedRun(choice.create(settingValues(choice)), prepared.train, settings);
      // Uneven chunks, so that chunk ends fall inside epochs and between them.
      for (let chunk = 1; !stepped.done; chunk = (chunk % 7) + 1) stepped.advance(chunk);

      const fitted = new LogisticRegression({
        optimizer: choice.create(settingValues(choice)),
        // The backend SteppedRun uses: bit for bit holds per backend.
        backend: kernels(),
        maxIter: settings.maxIter,
        tol: settings.tol,
        seed: settings.seed,
        ...(batchSize === undefined ? {} : { batchSize }),
      }).fit(prepared.train.X, prepared.train.y);
      const result = fitted.result!;
      expect(stepped.result.iterations).toBe(result.iterations);
      expect(stepped.result.reason).toBe(result.reason);
      expect(Array.from(stepped.result.theta)).toEqual(Array.from(result.theta));
      const model = stepped.model();
      expect(Array.from(model.coef)).toEqual(Array.from(fitted.coef));
      expect(Array.from(model.intercept)).toEqual(Array.from(fitted.intercept));
      expect(model.score(prepared.test.X, prepared.test.y)).toBe(
        fitted.score(prepared.test.X, prepared.test.y),
      );
    });
  }

  for (const name of ["newton", "lbfgs", "sgd"] as const) {
    it(`${name} with an L1 penalty (λ1 = 0.02, λ2 = 0 as fit's default): bit for bit the θ of one fit, with exact zeros`, () => {
      const choice = findOptimizerChoice(name)!;
      const settings = { l2: undefined, l1: 0.02, maxIter: 300, tol: 1e-6, batchSize: undefined, seed: 0 };
      const stepped = new SteppedRun(choice.create(settingValues(choice)), prepared.train, settings);
      for (let chunk = 1; !stepped.done; chunk = (chunk % 5) + 1) stepped.advance(chunk);
      const fitted = new LogisticRegression({
        optimizer: choice.create(settingValues(choice)),
        backend: kernels(),
        l1: settings.l1,
        maxIter: settings.maxIter,
        tol: settings.tol,
        seed: settings.seed,
      }).fit(prepared.train.X, prepared.train.y);
      expect(stepped.l2).toBe(0);
      expect(stepped.result.iterations).toBe(fitted.result!.iterations);
      expect(Array.from(stepped.result.theta)).toEqual(Array.from(fitted.result!.theta));
      const coef = Array.from(stepped.model().coef);
      expect(coef).toEqual(Array.from(fitted.coef));
      expect(stepped.model().toJSON().l1).toBe(0.02);
      // λ1 = 0.02 on the 30 standardized features drops most of them: their weights are 0.0, not 1e-17.
      const zeros = coef.filter((weight) => weight === 0).length;
      expect(zeros).toBeGreaterThan(15);
      expect(coef.filter((weight) => weight !== 0 && Math.abs(weight) < 1e-6)).toEqual([]);
    });
  }

  it("iris's three classes (the multinomial loss, on the same backend as fit): newton's chunked steps reach bit-for-bit the θ of one fit", () => {
    const iris = prepareData(fromDataset(loadIris()), 0.25, 0);
    const choice = findOptimizerChoice("newton")!;
    const settings = { l2: undefined, l1: undefined, maxIter: 50, tol: 1e-6, batchSize: undefined, seed: 0 };
    const stepped = new SteppedRun(choice.create(settingValues(choice)), iris.train, settings);
    for (let chunk = 1; !stepped.done; chunk = (chunk % 3) + 1) stepped.advance(chunk);
    const fitted = new LogisticRegression({
      optimizer: choice.create(settingValues(choice)),
      backend: kernels(),
      maxIter: settings.maxIter,
      tol: settings.tol,
      seed: settings.seed,
    }).fit(iris.train.X, iris.train.y);
    expect(stepped.result.iterations).toBe(fitted.result!.iterations);
    expect(Array.from(stepped.result.theta)).toEqual(Array.from(fitted.result!.theta));
  });

  it("records the loss at θ = 0 (log 2) first, then after every step on the full batch", () => {
    const choice = findOptimizerChoice("sgd")!;
    const run = new SteppedRun(choice.create(settingValues(choice)), prepared.train, {
      l2: undefined,
      maxIter: 10,
      tol: 0,
      batchSize: undefined,
      seed: 0,
    });
    run.advance(4);
    run.advance(100);
    expect(run.done).toBe(true);
    expect(run.result.reason).toBe("max-iterations");
    expect(run.losses.map((point) => point.iteration)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // At θ = 0 every term is log 2; their mean over 427 rows rounds in the last few bits.
    expect(run.losses[0]!.loss).toBeCloseTo(Math.log(2), 13);
    // η = 0.5 < 2/L (see optimizers.ts): gradient descent decreases the loss at every step.
    for (let k = 1; k < run.losses.length; k++)
      expect(run.losses[k]!.loss).toBeLessThan(run.losses[k - 1]!.loss);
  });
});
