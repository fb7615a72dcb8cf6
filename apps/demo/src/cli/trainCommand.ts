import { loadBreastCancer } from "@descent/datasets";
import { fromDataset, type LabelledData, prepareData, selectColumns } from "../shared/labelledData.js";
import {
  type OptimizerChoice,
  optimizerChoices,
  type SettingValue,
  type SettingValues,
  settingValues,
} from "../shared/optimizers.js";
import { labelledDataFromCsv } from "./csvData.js";
import { parseCsvTable } from "./csvTable.js";
import { savedModel, writeSavedModel } from "./modelFile.js";
import { progressDisplay, progressWanted } from "./progressBars.js";
import { formatResultsTable } from "./resultsTable.js";
import { type TrainingRun, type TrainingSettings, trainOptimizer } from "./trainOptimizer.js";
import { UserError } from "./userError.js";
import { readUserFile, resolveUserPath } from "./userFiles.js";

export const DEFAULTS = {
  /** Enough for the first-order methods to reach ‖∇f‖∞ ≤ 1e-4 on the standardized embedded data. */
  maxIter: 2000,
  /** scikit-learn's LogisticRegression default. */
  tol: 1e-4,
  seed: 0,
  testFraction: 0.25,
} as const;

/** The options commander parsed for the train action (setting flags arrive under their keys). */
export interface TrainOptions {
  readonly csv?: string;
  readonly label?: string;
  readonly features?: readonly string[];
  readonly optimizer: string;
  readonly l2?: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize?: number;
  readonly seed: number;
  readonly testFraction: number;
  readonly save?: string;
  readonly progress: boolean;
  readonly [setting: string]: unknown;
}

interface LoadedData {
  readonly data: LabelledData;
  readonly source: string;
  readonly labelColumn: string;
  /** Printed above the table: what the data is and where it comes from. */
  readonly description: string;
}

async function loadData(options: TrainOptions): Promise<LoadedData> {
  if (options.csv === undefined) {
    if (options.label !== undefined) {
      throw new UserError(
        "--label names a column of your --csv file; the embedded data set's label is its diagnosis.",
      );
    }
    const dataset = loadBreastCancer();
    let data = fromDataset(dataset);
    if (options.features !== undefined) {
      const columns = options.features.map((name) => {
        const index = data.featureNames.indexOf(name);
        if (index < 0) {
          throw new UserError(
            `The embedded data set has no feature "${name}"; its features are ${data.featureNames.map((n) => `"${n}"`).join(", ")}.`,
          );
        }
        return index;
      });
      data = selectColumns(data, columns);
    }
    const [rows] = dataset.shape;
    const counts = dataset.classNames.map(
      (name) => `${dataset.labels.filter((l) => l === name).length} ${name}`,
    );
    return {
      data,
      source: dataset.name,
      labelColumn: "diagnosis",
      description: `Data: ${dataset.name}, ${rows} rows × ${data.shape[1]} features (${counts.join(", ")}).\nSource: ${dataset.citation}`,
    };
  }
  if (options.label === undefined) {
    throw new UserError("--csv needs --label <column>: the name of the column that holds each row's class.");
  }
  const text = await readUserFile(options.csv, "CSV file");
  const table = parseCsvTable(text, options.csv);
  const data = labelledDataFromCsv(table, {
    labelColumn: options.label,
    ...(options.features === undefined ? {} : { featureColumns: options.features }),
  });
  const classes = [...new Set(data.labels)].map(
    (label) => `${data.labels.filter((l) => l === label).length} ${label}`,
  );
  return {
    data,
    source: options.csv,
    labelColumn: options.label,
    description: `Data: ${options.csv}, ${data.shape[0]} rows × ${data.shape[1]} features, label "${options.label}" (${classes.join(", ")}).`,
  };
}

/** The optimizers to run and their settings: defaults, overridden by the flags given. */
function chosenOptimizers(options: TrainOptions): { choice: OptimizerChoice; values: SettingValues }[] {
  const chosen =
    options.optimizer === "all"
      ? optimizerChoices
      : optimizerChoices.filter((choice) => choice.name === options.optimizer);
  const given: Record<string, SettingValue> = {};
  for (const choice of optimizerChoices) {
    for (const setting of choice.settings) {
      const value = options[setting.key];
      if (value !== undefined) given[setting.key] = value as SettingValue;
    }
  }
  for (const key of Object.keys(given)) {
    if (!chosen.some((choice) => choice.settings.some((setting) => setting.key === key))) {
      const flag = optimizerChoices.flatMap((c) => c.settings).find((s) => s.key === key)!.flag;
      const takers = optimizerChoices.filter((c) => c.settings.some((s) => s.key === key)).map((c) => c.name);
      throw new UserError(`--${flag} is a setting of ${takers.join(" and ")}; add --optimizer ${takers[0]}.`);
    }
  }
  if (options.batchSize !== undefined) {
    const fullBatch = chosen.filter((choice) => choice.fullBatchOnly);
    if (fullBatch.length === chosen.length) {
      throw new UserError(
        `${fullBatch.map((c) => c.name).join(", ")} runs on the full batch only; remove --batch-size.`,
      );
    }
    if (fullBatch.length > 0) {
      process.stderr.write(
        `note: skipping ${fullBatch.map((c) => c.name).join(", ")}: it runs on the full batch only (its line search needs the true objective).\n`,
      );
    }
  }
  const runs = chosen
    .filter((choice) => options.batchSize === undefined || !choice.fullBatchOnly)
    .map((choice) => ({ choice, values: settingValues(choice, given) }));
  // The factories check their settings: build each once now, so a bad value is refused before any work.
  for (const { choice, values } of runs) choice.create(values);
  return runs;
}

/** The train action: load, split and standardize, fit with each optimizer, print the table, maybe save. */
export async function runTrain(options: TrainOptions): Promise<void> {
  if (options.save !== undefined && options.optimizer === "all") {
    throw new UserError(
      `--save writes one model: choose its optimizer with --optimizer (${optimizerChoices.map((c) => c.name).join(", ")}).`,
    );
  }
  const optimizers = chosenOptimizers(options);
  const loaded = await loadData(options);
  const prepared = prepareData(loaded.data, options.testFraction, options.seed);
  const settings: TrainingSettings = {
    l2: options.l2,
    maxIter: options.maxIter,
    tol: options.tol,
    batchSize: options.batchSize,
    seed: options.seed,
  };
  const out = process.stdout;
  out.write(`${loaded.description}\n`);
  const trainRows = prepared.train.y.length;
  const lambda = options.l2 ?? 1 / trainRows;
  out.write(
    `Split: ${trainRows} training rows, ${prepared.test.y.length} test rows (seed ${options.seed}); features standardized with the training rows' mean and standard deviation.\n` +
      `Objective: mean logistic loss + (λ/2)‖w‖², λ = ${options.l2 === undefined ? `1/${trainRows} = ${lambda.toPrecision(4)}` : lambda}; ` +
      `stop at ‖∇f‖∞ ≤ ${options.tol} or ${options.maxIter} iterations${options.batchSize === undefined ? "" : `; minibatches of ${options.batchSize}`}.\n\n`,
  );

  const progress = progressDisplay(progressWanted(options.progress));
  const runs: TrainingRun[] = [];
  for (const { choice, values } of optimizers) {
    const onProgress = progress.start(choice.name, options.maxIter);
    try {
      runs.push(
        trainOptimizer({
          choice,
          values,
          prepared,
          settings,
          source: loaded.source,
          featureNames: loaded.data.featureNames,
          onProgress,
        }),
      );
    } finally {
      progress.finish();
    }
  }
  out.write(`${formatResultsTable(runs, options.tol)}\n`);

  if (options.save !== undefined) {
    const run = runs[0]!;
    if (run.result.reason === "diverged") {
      throw new UserError(`Not saved: ${run.result.message} Try a smaller --learning-rate.`);
    }
    const path = resolveUserPath(options.save);
    await writeSavedModel(
      path,
      savedModel(run.model, loaded.labelColumn, loaded.data.featureNames, prepared.standardization, {
        data: loaded.source,
        trainingRows: trainRows,
        testRows: prepared.test.y.length,
        seed: options.seed,
        iterations: run.result.iterations,
        converged: run.result.converged,
        stopReason: run.result.reason,
        trainAccuracy: run.trainAccuracy,
        testAccuracy: run.testAccuracy,
      }),
    );
    out.write(`\nSaved the ${run.model.optimizer?.name} model to ${options.save}.\n`);
    if (!run.result.converged) {
      process.stderr.write(`warning: ${run.result.message} Raise --max-iter to let it converge.\n`);
    }
  }
}
