import { breastCancerProblems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { logisticObjective } from "./logisticObjective.js";
import { LogisticRegression } from "./logisticRegression.js";
import { minimize } from "./minimize.js";
import { minimizeAsync } from "./minimizeAsync.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate } from "./transforms.js";

const gradientDescent = (learningRate: number) =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(learningRate)), {});
const problem = breastCancerProblems()[0]!;
const labels = Array.from(problem.y);

describe("minimizeAsync and fitAsync", () => {
  it("take exactly minimize's steps: the same θ, loss and counts, bit for bit, full batch and minibatches", async () => {
    const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
    for (const batchSize of [undefined, 64]) {
      const options = { maxIter: 300, tol: 0, ...(batchSize === undefined ? {} : { batchSize }) };
      const sync = minimize(objective, gradientDescent(1), options);
      // yieldEvery 0: a turn of the event loop between every two steps.
      const async = await minimizeAsync(objective, gradientDescent(1), { ...options, yieldEvery: 0 });
      expect(Array.from(async.theta)).toEqual(Array.from(sync.theta));
      expect([async.loss, async.iterations, async.reason]).toEqual([sync.loss, sync.iterations, sync.reason]);
      expect(async.evaluations).toEqual(sync.evaluations);
    }
  });

  it("fitAsync gives fit's model", async () => {
    const options = { optimizer: gradientDescent(2), maxIter: 200, tol: 0 };
    const sync = new LogisticRegression(options).fit(problem.X, labels);
    const async = await new LogisticRegression(options).fitAsync(problem.X, labels, { yieldEvery: 0 });
    expect(async.toJSON()).toEqual(sync.toJSON());
  });

  it("lets timers run during a fit, so that AbortSignal.timeout stops it", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    try {
      const model = await new LogisticRegression({
        optimizer: gradientDescent(0.01),
        maxIter: 100_000_000,
        tol: 0,
      }).fitAsync(problem.X, labels, { signal: AbortSignal.timeout(100) });
      expect(model.result?.reason).toBe("aborted");
      expect(model.result!.iterations).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
    // The signal fired at 100 ms; the fit stopped at the next step, well before a second had passed.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ticks).toBeGreaterThan(3);
  });

  it("refuses a yieldEvery that is not a number of milliseconds ≥ 0, and unknown fit options", async () => {
    const objective = logisticObjective({ X: problem.X, y: problem.y });
    for (const yieldEvery of [-1, Number.NaN, "16"]) {
      await expect(
        minimizeAsync(objective, gradientDescent(1), { yieldEvery: yieldEvery as number }),
      ).rejects.toMatchObject({ code: "INVALID_OPTION" });
    }
    const error = caught(() =>
      new LogisticRegression({ optimizer: gradientDescent(1) }).fit(problem.X, labels, {
        sampleweight: [1],
      } as never),
    );
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toContain('did you mean "sampleWeight"?');
  });
});
