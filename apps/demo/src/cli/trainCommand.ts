import type { Label } from "@descent/core";
import {
  fromDataset,
  type LabelledData,
  type PreparedData,
  prepareData,
  selectColumns,
} from "../shared/labelledData.js";
import {
  type OptimizerChoice,
  optimizerChoices,
  type SettingValue,
  type SettingValues,
  settingValues,
} from "../shared/optimizers.js";
import { firstNonFinite } from "../shared/standardization.js";
import { formatClassificationReport } from "./classificationReport.js";
import { formatCoefficientTable } from "./coefficientTable.js";
import { labelledDataFromCsv, type MissingPolicy } from "./csvData.js";
import { parseCsvTable } from "./csvTable.js";
import { embeddedDataset } from "./embeddedDatasets.js";
import { checkEngineFlags, type EngineOptions, refuseDuckDBOnlyFormat } from "./engine.js";
import { savedModel, writeSavedModel } from "./modelFile.js";
import { coefficientsByClass } from "./modelShape.js";
import { pathReport } from "./pathReport.js";
import { progressDisplay, progressWanted } from "./progressBars.js";
import { formatResultsTable } from "./resultsTable.js";
import { labelText, quoted } from "./shownText.js";
import { type TrainingRun, type TrainingSettings, trainOptimizer } from "./trainOptimizer.js";
import { UserError } from "./userError.js";
import { readUserFile } from "./userFiles.js";

export const DEFAULTS = {
  /** Enough for the first-order methods to reach ‖∇f‖∞ ≤ 1e-4 on the standardized embedded data. */
  maxIter: 2000,
  /** scikit-learn's LogisticRegression default. */
  tol: 1e-4,
  seed: 0,
  testFraction: 0.25,
  /** Coefficients shown: enough to see what drives the model, few enough to read. */
  top: 10,
  missing: "error",
} as const;

/** The options commander parsed for the train action (setting flags arrive under their keys). */
export interface TrainOptions extends EngineOptions {
  /** The embedded data set, when there is no --csv. */
  readonly dataset: string;
  readonly csv?: string;
  /** --data: a file to train on (CSV in memory; CSV or Parquet with --engine duckdb). */
  readonly data?: string;
  readonly label?: string;
  readonly features?: readonly string[];
  readonly optimizer: string;
  readonly l2?: number;
  readonly l1?: number;
  /** Fit the regularization path first (--path), with this l1Ratio (--l1-ratio). */
  readonly path?: boolean;
  readonly l1Ratio?: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize?: number;
  readonly seed: number;
  readonly testFraction: number;
  readonly missing: MissingPolicy;
  readonly top: number;
  readonly save?: string;
  /** False with --no-refit: save the model fitted on the training split. */
  readonly refit: boolean;
  readonly progress: boolean;
  /** The options the user typed, as opposed to defaults (an empty set when unknown). */
  readonly typed?: ReadonlySet<string>;
  readonly [setting: string]: unknown;
}

interface LoadedData {
  readonly data: LabelledData;
  readonly source: string;
  readonly labelColumn: string;
  /** Printed above the table: what the data is and where it comes from. */
  readonly description: string;
}

/** Labels in scikit-learn's order: numbers numerically, strings by code unit, false before true. */
export function sortedClasses(labels: readonly Label[]): Label[] {
  return [...new Set(labels)].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0,
  );
}

/** "benign (357 rows), malignant (212 rows)": reads the same with numeric labels and labels with commas. */
export function classCountSummary(counts: ReadonlyMap<Label, number>): string {
  return sortedClasses([...counts.keys()])
    .map((label) => `${labelText(label)} (${counts.get(label)} row${counts.get(label) === 1 ? "" : "s"})`)
    .join(", ");
}

function classSummary(labels: readonly Label[]): string {
  const counts = new Map<Label, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return classCountSummary(counts);
}

/** The file to train on (--csv or --data, and which flag named it), or undefined for an embedded data set. */
export function trainingFile(options: TrainOptions): { path: string; flag: string } | undefined {
  if (options.csv !== undefined && options.data !== undefined) {
    throw new UserError("--csv and --data both name a file to train on: give one of them.");
  }
  if (options.data !== undefined) return { path: options.data, flag: "--data" };
  if (options.csv !== undefined) return { path: options.csv, flag: "--csv" };
  return undefined;
}

async function loadData(options: TrainOptions): Promise<LoadedData> {
  const file = trainingFile(options);
  if (file === undefined) {
    const { dataset, label } = embeddedDataset(options.dataset);
    if (options.label !== undefined) {
      throw new UserError(
        `--label names a column of your --csv file; the embedded data set's label is its ${label}.`,
      );
    }
    let data = fromDataset(dataset);
    if (options.features !== undefined) {
      const columns = options.features.map((name) => {
        const index = data.featureNames.indexOf(name);
        if (index < 0) {
          throw new UserError(
            `The embedded data set has no feature ${quoted(name)}; its features are ${data.featureNames.map(quoted).join(", ")}.`,
          );
        }
        return index;
      });
      data = selectColumns(data, columns);
    }
    return {
      data,
      source: dataset.name,
      labelColumn: label,
      description: `Data: ${dataset.name}, ${data.shape[0]} rows × ${data.shape[1]} features; label "${label}": ${classSummary(data.labels)}.\nSource: ${dataset.citation}`,
    };
  }
  if (options.label === undefined) {
    throw new UserError(
      `${file.flag} needs --label <column>: the name of the column that holds each row's class.`,
    );
  }
  refuseDuckDBOnlyFormat(file.path, file.flag, "read");
  const text = await readUserFile(file.path, "CSV file");
  const table = parseCsvTable(text, file.path);
  const data = labelledDataFromCsv(table, {
    labelColumn: options.label,
    missing: options.missing,
    ...(options.features === undefined ? {} : { featureColumns: options.features }),
  });
  const notes = [
    data.droppedRows > 0
      ? `${data.droppedRows} row${data.droppedRows === 1 ? "" : "s"} with a missing cell dropped (--missing drop)`
      : "",
    data.filledCells > 0
      ? `${data.filledCells} missing cell${data.filledCells === 1 ? "" : "s"} filled with the training rows' column mean (--missing mean)`
      : "",
  ].filter((note) => note !== "");
  return {
    data,
    source: file.path,
    labelColumn: options.label,
    description:
      `Data: ${file.path}, ${data.shape[0]} rows × ${data.shape[1]} features; label ${quoted(options.label)}: ${classSummary(data.labels)}.` +
      (notes.length === 0 ? "" : `\nMissing: ${notes.join("; ")}.`),
  };
}

/** The optimizers to run and their settings: defaults, overridden by the flags given. */
export function chosenOptimizers(
  options: TrainOptions,
): { choice: OptimizerChoice; values: SettingValues }[] {
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

/**
 * The split and standardization, refusing what would not train or score: a column that --missing mean
 * cannot fill (no value in the training rows to average), and a held-out value so far from the training
 * rows that it standardizes to ±∞ (named by its line and column in the file, not by core's row index).
 */
export function prepareForTraining(
  data: LabelledData,
  source: string,
  testFraction: number,
  seed: number,
): PreparedData {
  const result = prepareData(data, testFraction, seed);
  const columns = data.shape[1];
  const empty = result.standardization.mean.findIndex((mean) => Number.isNaN(mean));
  if (empty >= 0) {
    throw new UserError(
      `${source}: column ${quoted(data.featureNames[empty]!)} has no value in the ${result.train.y.length} training rows, so --missing mean has no mean to fill in; leave the column out with --features.`,
    );
  }
  for (const [part, rows] of [
    [result.train, result.split.train],
    [result.test, result.split.test],
  ] as const) {
    const bad = firstNonFinite(part.X.data);
    if (bad < 0) continue;
    const row = rows[Math.floor(bad / columns)]!;
    const column = bad % columns;
    const where = data.lines === null ? `row ${row + 1}` : `line ${data.lines[row]}`;
    const { mean, scale } = result.standardization;
    throw new UserError(
      `${source}: ${where}, column ${quoted(data.featureNames[column]!)}: the value ${data.data[row * columns + column]} is too far from the training rows (mean ${mean[column]}, standard deviation ${scale[column]}) to standardize; hold out fewer rows (--test-fraction) or leave the column out (--features).`,
    );
  }
  return result;
}

/**
 * What the fitted model does, beyond the table: its largest coefficients and, on the held-out rows (or
 * the training rows, without a split), precision, recall and F1 per class and the confusion matrix.
 */
function formatDetails(
  run: TrainingRun,
  data: PreparedData,
  featureNames: readonly string[],
  top: number,
): string {
  const parts: string[] = [];
  const features = featureNames.length;
  if (top > 0) {
    const byClass = coefficientsByClass(run.model, features);
    const shown = Math.min(top, features);
    const heading =
      byClass.length === 1 ? `the log-odds of ${labelText(byClass[0]!.label)}` : "each class's logit";
    parts.push(
      `Coefficients, the ${shown === features ? `${features}` : `${shown} largest of ${features}`} in magnitude (the change in ${heading} per standard deviation of the feature):\n` +
        formatCoefficientTable(featureNames, byClass, shown),
    );
  }
  const scored = data.test.y.length > 0 ? data.test : data.train;
  const which =
    data.test.y.length > 0
      ? `the ${scored.y.length} held-out test rows`
      : `the ${scored.y.length} training rows (no test split)`;
  parts.push(
    `On ${which}:\n${formatClassificationReport(run.model.classes as readonly Label[], scored.y, run.model.predict(scored.X))}`,
  );
  return parts.join("\n\n");
}

/** The objective in words: the loss, then λ2's term (and λ1's, with --l1) with their values. */
export function penalizedLoss(loss: string, options: TrainOptions, trainRows: number, l2: number): string {
  const l2Value =
    options.l2 === undefined && options.l1 === undefined ? `1/${trainRows} = ${l2.toPrecision(4)}` : `${l2}`;
  if (options.l1 === undefined) return `${loss} + (λ/2)‖w‖², λ = ${l2Value}`;
  return `${loss} + λ1‖w‖₁ + (λ2/2)‖w‖², λ1 = ${options.l1}, λ2 = ${l2Value}`;
}

/**
 * The train action: load, split and standardize, fit with each optimizer, print the table and the chosen
 * fit's details; with --save, refit on all rows (unless --no-refit) and save.
 */
export async function runTrain(options: TrainOptions): Promise<void> {
  checkEngineFlags(options);
  if (options.save !== undefined && options.optimizer === "all") {
    throw new UserError(
      `--save writes one model: choose its optimizer with --optimizer (${optimizerChoices.map((c) => c.name).join(", ")}).`,
    );
  }
  if (options.engine === "duckdb") {
    // Loaded only here: the in-memory command line (and its start-up) never loads DuckDB.
    const { trainOnDuckDB } = await import("./duckdb/trainOnDuckDB.js");
    await trainOnDuckDB(options);
    return;
  }
  const optimizers = chosenOptimizers(options);
  const loaded = await loadData(options);
  const split = prepareForTraining(loaded.data, loaded.source, options.testFraction, options.seed);
  const settings: TrainingSettings = {
    l2: options.l2,
    l1: options.l1,
    maxIter: options.maxIter,
    tol: options.tol,
    batchSize: options.batchSize,
    seed: options.seed,
  };
  const out = process.stdout;
  out.write(`${loaded.description}\n`);
  const trainRows = split.train.y.length;
  const lambda = options.l2 ?? (options.l1 === undefined ? 1 / trainRows : 0);
  const classCount = new Set(split.train.y).size;
  const loss =
    classCount > 2 ? `mean multinomial (softmax) loss over ${classCount} classes` : "mean logistic loss";
  out.write(
    `Split: ${trainRows} training rows, ${split.test.y.length} test rows (seed ${options.seed}); features standardized with the training rows' mean and standard deviation.\n` +
      `Objective: ${penalizedLoss(loss, options, trainRows, lambda)}; ` +
      `stop at ‖∇f‖∞ ≤ ${options.tol} or ${options.maxIter} iterations${options.batchSize === undefined ? "" : `; minibatches of ${options.batchSize}`}.\n\n`,
  );

  if (options.path === true) out.write(`${pathReport(split, options)}\n\n`);
  const progress = progressDisplay(progressWanted(options.progress));
  const fit = (choice: OptimizerChoice, values: SettingValues, data: PreparedData): TrainingRun => {
    const onProgress = progress.start(choice.name, options.maxIter);
    try {
      return trainOptimizer({
        choice,
        values,
        prepared: data,
        settings,
        source: loaded.source,
        featureNames: loaded.data.featureNames,
        onProgress,
      });
    } finally {
      progress.finish();
    }
  };
  const runs = optimizers.map(({ choice, values }) => fit(choice, values, split));
  const tableRows = runs.map((run) => ({ ...run, name: run.model.optimizer?.name ?? run.choice.name }));
  out.write(`${formatResultsTable(tableRows, options.tol)}\n\n`);

  // With every optimizer, the details of the one that got closest to the optimum (they all converge to it).
  const finite = runs.filter((run) => Number.isFinite(run.result.loss));
  if (finite.length > 0) {
    const best = finite.reduce((a, b) => (b.result.loss < a.result.loss ? b : a));
    const name = best.model.optimizer?.name ?? best.choice.name;
    const which = runs.length === 1 ? `the ${name} fit` : `the ${name} fit (the lowest final loss)`;
    out.write(
      `Details of ${which}:\n\n${formatDetails(best, split, loaded.data.featureNames, options.top)}\n`,
    );
  }

  if (options.save === undefined) return;
  const run = runs[0]!;
  if (run.result.reason === "diverged") {
    throw new UserError(`Not saved: ${run.result.message} Try a smaller --learning-rate.`);
  }
  const refit = options.refit && split.test.y.length > 0;
  let saved = run;
  let standardization = split.standardization;
  if (refit) {
    // The held-out scores above estimate how this procedure does on new rows; the model to keep learns
    // from every row (scikit-learn's advice, too: refit the chosen setup on all the data).
    const all = prepareForTraining(loaded.data, loaded.source, 0, options.seed);
    saved = fit(run.choice, optimizers[0]!.values, all);
    standardization = all.standardization;
    if (saved.result.reason === "diverged") {
      throw new UserError(
        `Not saved: refitted on all rows, ${saved.result.message} Try a smaller --learning-rate.`,
      );
    }
  }
  const rows = loaded.data.shape[0];
  await writeSavedModel(
    options.save,
    savedModel(saved.model, loaded.labelColumn, loaded.data.featureNames, standardization, {
      data: loaded.source,
      fittedOn: refit ? "all rows" : "training rows",
      rows: refit ? rows : trainRows,
      heldOutRows: split.test.y.length,
      heldOutAccuracy: run.testAccuracy,
      seed: options.seed,
      missing: options.missing,
      iterations: saved.result.iterations,
      converged: saved.result.converged,
      stopReason: saved.result.reason,
      trainAccuracy: saved.trainAccuracy,
    }),
  );
  const name = saved.model.optimizer?.name ?? saved.choice.name;
  out.write(
    refit
      ? `\nSaved the ${name} model to ${options.save}, refitted on all ${rows} rows (${saved.result.iterations} iterations, ${saved.result.converged ? "converged" : "not converged"}); the test scores above are the held-out estimate of how it does on new rows. --no-refit saves the model fitted on the ${trainRows} training rows instead.\n`
      : `\nSaved the ${name} model to ${options.save}, fitted on the ${trainRows} training rows.\n`,
  );
  if (!saved.result.converged) {
    process.stderr.write(`warning: ${saved.result.message} Raise --max-iter to let it converge.\n`);
  }
}
