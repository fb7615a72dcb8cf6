import { type Label, LogisticRegression, type MinimizeResult, type Progress } from "@descent/core";
import { kernels } from "@descent/kernels";
import type { PreparedData } from "../shared/labelledData.js";
import type { OptimizerChoice, SettingValues } from "../shared/optimizers.js";
import { locateInCsv } from "./userError.js";

/** What every optimizer of a run shares. */
export interface TrainingSettings {
  /** λ; undefined for LogisticRegression's default 1/m (scikit-learn's C = 1). */
  readonly l2: number | undefined;
  /** λ1; undefined without an L1 penalty. */
  readonly l1: number | undefined;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize: number | undefined;
  readonly seed: number;
}

/** One optimizer's fit and how it went. */
export interface TrainingRun {
  readonly choice: OptimizerChoice;
  readonly model: LogisticRegression<Label>;
  readonly result: MinimizeResult;
  /** Wall-clock time of `fit`, progress reporting included. */
  readonly milliseconds: number;
  readonly trainAccuracy: number;
  /** Null when there is no test split. */
  readonly testAccuracy: number | null;
}

/**
 * Fits a LogisticRegression with one optimizer on the prepared training rows and scores it on both
 * splits. A DescentError that points at a row is turned into one that points at the CSV line.
 */
export interface TrainingJob {
  readonly choice: OptimizerChoice;
  readonly values: SettingValues;
  readonly prepared: PreparedData;
  readonly settings: TrainingSettings;
  /** The data's name and feature names, to point errors at a CSV line and column. */
  readonly source: string;
  readonly featureNames: readonly string[];
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

export function trainOptimizer(job: TrainingJob): TrainingRun {
  const { choice, values, prepared, settings, source, featureNames, onProgress } = job;
  const { train, test } = prepared;
  try {
    const model = new LogisticRegression<Label>({
      optimizer: choice.create(values),
      backend: kernels(),
      maxIter: settings.maxIter,
      tol: settings.tol,
      seed: settings.seed,
      ...(settings.l2 === undefined ? {} : { l2: settings.l2 }),
      ...(settings.l1 === undefined ? {} : { l1: settings.l1 }),
      ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
    });
    const started = performance.now();
    model.fit(train.X, train.y, onProgress === undefined ? {} : { onProgress });
    const milliseconds = performance.now() - started;
    return {
      choice,
      model,
      result: model.result!,
      milliseconds,
      trainAccuracy: model.score(train.X, train.y),
      testAccuracy: test.y.length === 0 ? null : model.score(test.X, test.y),
    };
  } catch (error) {
    throw train.lines === null ? error : locateInCsv(error, { source, lines: train.lines, featureNames });
  }
}
