import { LogisticRegression } from "@descent/core";
import { loadBreastCancer } from "@descent/datasets";
import { kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { fromDataset, prepareData, selectColumns } from "../shared/labelledData.js";
import { findOptimizerChoice, settingValues } from "../shared/optimizers.js";
import type { LossPoint } from "../shared/steppedRun.js";
import { gridCorners } from "./boundaryView.js";
import type { RunSnapshot, StartFit } from "./fitProtocol.js";
import { type FitSession, handleFitMessage } from "./fitSession.js";

// What the page sends for breast cancer seen through two features (the page's default pair).
const all = fromDataset(loadBreastCancer());
const plane = selectColumns(all, [
  all.featureNames.indexOf("worst radius"),
  all.featureNames.indexOf("worst concave points"),
]);
const prepared = prepareData(plane, 0.25, 0);
const grid = gridCorners({ xMin: -3, xMax: 3, yMin: -3, yMax: 3 });
const settings = { l2: undefined, maxIter: 500, tol: 1e-4, batchSize: undefined, seed: 0 };

function start(optimizer: string, overrides = {}): StartFit {
  const choice = findOptimizerChoice(optimizer)!;
  return {
    type: "start",
    optimizer,
    optimizerSettings: settingValues(choice, overrides),
    settings,
    train: prepared.train,
    test: prepared.test,
    grid,
  };
}

describe("FitSession (the fit worker's side)", () => {
  it("answers a start with iteration 0, then advances in chunks to where one fit ends", () => {
    const begun = handleFitMessage(null, start("adam"));
    expect(begun.reply.type).toBe("snapshot");
    let session = begun.session as FitSession;
    const snapshots: RunSnapshot[] = [(begun.reply as { snapshot: RunSnapshot }).snapshot];
    expect(snapshots[0]!.iterations).toBe(0);
    expect(snapshots[0]!.newLosses).toEqual([{ iteration: 0, loss: snapshots[0]!.loss }]);
    expect(snapshots[0]!.loss).toBeCloseTo(Math.log(2), 12);
    while (!snapshots.at(-1)!.done) {
      const handled = handleFitMessage(session, { type: "advance", steps: 25 });
      session = handled.session!;
      snapshots.push((handled.reply as { snapshot: RunSnapshot }).snapshot);
    }
    const last = snapshots.at(-1)!;

    // The same run in one call: the page shows exactly what `fit` would have reached.
    const choice = findOptimizerChoice("adam")!;
    const fitted = new LogisticRegression({
      optimizer: choice.create(settingValues(choice)),
      // SteppedRun's backend: bit for bit holds per backend.
      backend: kernels(),
      maxIter: settings.maxIter,
      tol: settings.tol,
      seed: settings.seed,
    }).fit(prepared.train.X, prepared.train.y);
    expect(last.iterations).toBe(fitted.result!.iterations);
    expect(last.loss).toBe(fitted.result!.loss);
    expect(last.converged).toBe(fitted.result!.converged);
    expect(last.trainAccuracy).toBe(fitted.score(prepared.train.X, prepared.train.y));
    expect(last.testAccuracy).toBe(fitted.score(prepared.test.X, prepared.test.y));
    expect(last.classes).toEqual(["benign", "malignant"]);
    const probabilities = fitted.predictProba(grid);
    for (let corner = 0; corner < grid.shape[0]; corner++) {
      expect(last.gridProbabilities[2 * corner]).toBe(probabilities[corner]![0]);
      expect(last.gridProbabilities[2 * corner + 1]).toBe(probabilities[corner]![1]);
    }

    // Every whole-data loss is sent once, in order: iteration 0, then one per step.
    const losses: LossPoint[] = snapshots.flatMap((snapshot) => [...snapshot.newLosses]);
    expect(losses.map((point) => point.iteration)).toEqual(
      Array.from({ length: last.iterations + 1 }, (_, k) => k),
    );
    expect(losses.at(-1)!.loss).toBe(last.loss);
  });

  it("with λ1: the snapshot's weights are fit's, and it counts the ones that are exactly 0", () => {
    // All 30 features, where λ1 = 0.02 drops most of them; the picture's grid is the test rows.
    const full = prepareData(all, 0.25, 0);
    const l1Settings = { ...settings, l1: 0.02, tol: 1e-8 };
    const choice = findOptimizerChoice("lbfgs")!;
    let { session, reply } = handleFitMessage(null, {
      ...start("lbfgs"),
      settings: l1Settings,
      train: full.train,
      test: full.test,
      grid: full.test.X,
    });
    while (reply.type === "snapshot" && !reply.snapshot.done) {
      ({ session, reply } = handleFitMessage(session, { type: "advance", steps: 10 }));
    }
    expect(reply.type).toBe("snapshot");
    const last = (reply as { snapshot: RunSnapshot }).snapshot;
    const fitted = new LogisticRegression({
      optimizer: choice.create(settingValues(choice)),
      backend: kernels(),
      l1: 0.02,
      maxIter: l1Settings.maxIter,
      tol: l1Settings.tol,
    }).fit(full.train.X, full.train.y);
    expect(Array.from(last.coefficients)).toEqual(Array.from(fitted.coef));
    const zeros = Array.from(last.coefficients).filter((weight) => weight === 0).length;
    expect(last.zeroCoefficients).toBe(zeros);
    expect(zeros).toBeGreaterThan(15);
  });

  it("sends an optimizer's refusal back as a message instead of throwing in the worker", () => {
    const { session, reply } = handleFitMessage(null, start("momentum", { momentum: 1.5 }));
    expect(session).toBeNull();
    expect(reply).toEqual({
      type: "error",
      message: expect.stringContaining("momentum must be a finite number in [0, 1), got 1.5."),
    });
  });

  it("sends core's refusal of one-class data back as a message", () => {
    const oneClass = { ...prepared.train, y: prepared.train.y.map(() => "benign") };
    const { reply } = handleFitMessage(null, { ...start("newton"), train: oneClass });
    expect(reply.type).toBe("error");
    expect((reply as { message: string }).message).toContain("single class");
  });
});
