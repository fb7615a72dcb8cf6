import type { Label } from "@descent/core";
import Papa from "papaparse";
import { applyStandardization, firstNonFinite } from "../shared/standardization.js";
import { formatClassificationReport } from "./classificationReport.js";
import { featuresFromCsv, isMissingCell, type MissingPolicy } from "./csvData.js";
import { type CsvTable, parseCsvTable } from "./csvTable.js";
import { checkEngineFlags, type EngineOptions, refuseDuckDBOnlyFormat } from "./engine.js";
import { type LoadedModel, readSavedModel } from "./modelFile.js";
import { classProbabilities } from "./modelShape.js";
import { quoted } from "./shownText.js";
import { UserError } from "./userError.js";
import { readUserFile, writeUserFile } from "./userFiles.js";

export interface PredictOptions {
  readonly output?: string;
  readonly missing: MissingPolicy;
}

/** What commander parsed for predict: the files may come as arguments or as flags. */
export interface PredictCommandOptions extends EngineOptions {
  readonly model?: string;
  readonly data?: string;
  readonly output?: string;
  readonly out?: string;
  readonly missing: MissingPolicy;
  /** The options the user typed, as opposed to defaults. */
  readonly typed?: ReadonlySet<string>;
}

/** One of an argument and its flag (`predict model.json` or `--model model.json`), refusing both or neither. */
function oneOf(
  argument: string | undefined,
  flag: string,
  flagValue: string | undefined,
  what: string,
): string {
  if (argument !== undefined && flagValue !== undefined) {
    throw new UserError(`The ${what} is given twice (as an argument and as ${flag}): give it once.`);
  }
  const value = argument ?? flagValue;
  if (value === undefined) {
    throw new UserError(
      `predict needs the ${what}: descent predict model.json rows.csv, or ${flag} <file> (see descent predict --help).`,
    );
  }
  return value;
}

/**
 * The predict action: the model and the rows (arguments or --model and --data), then in memory
 * (`predictInMemory`) or, with --engine duckdb, through DuckDB without loading the rows.
 */
export async function runPredict(
  modelArgument: string | undefined,
  dataArgument: string | undefined,
  options: PredictCommandOptions,
): Promise<void> {
  checkEngineFlags(options);
  const modelPath = oneOf(modelArgument, "--model", options.model, "model file");
  const dataPath = oneOf(dataArgument, "--data", options.data, "file of rows to predict");
  if (options.output !== undefined && options.out !== undefined) {
    throw new UserError("--output and --out name the same thing: give one of them.");
  }
  const output = options.output ?? options.out;
  if (options.engine === "duckdb") {
    // Loaded only here: the in-memory command line never loads DuckDB.
    const { predictOnDuckDB } = await import("./duckdb/predictOnDuckDB.js");
    await predictOnDuckDB(modelPath, dataPath, { ...options, output });
    return;
  }
  refuseDuckDBOnlyFormat(dataPath, dataArgument === undefined ? "--data" : "predict", "predict");
  await predictInMemory(modelPath, dataPath, {
    missing: options.missing,
    ...(output === undefined ? {} : { output }),
  });
}

/**
 * The rows standardized as the training rows were. A value so far from the training rows that its
 * standardized value overflows is refused, naming its line, column and value as the file has them.
 */
function standardizedRows(
  table: CsvTable,
  loaded: LoadedModel,
  features: ReturnType<typeof featuresFromCsv>,
): Float64Array {
  const standardized = applyStandardization(features.data, features.shape, loaded.standardization);
  const bad = firstNonFinite(standardized);
  if (bad >= 0) {
    const columns = features.shape[1];
    const row = features.rows[Math.floor(bad / columns)]!;
    const feature = loaded.featureNames[bad % columns]!;
    const cell = table.rows[row]![table.header.indexOf(feature)]!.trim();
    const { mean, scale } = loaded.standardization;
    throw new UserError(
      `${table.source}: line ${table.lines[row]}, column ${quoted(feature)}: the value ${quoted(cell)} is too far from the training rows (mean ${mean[bad % columns]}, standard deviation ${scale[bad % columns]}) to standardize: it would be ${standardized[bad]! > 0 ? "" : "−"}∞ standard deviations away.`,
    );
  }
  return standardized;
}

/**
 * The predict action: reads a model saved with --save and a CSV of new rows, standardizes them as the
 * training rows were, and writes one line per row: its CSV line, the predicted class and the probability
 * of each class. With the label column present, it also reports the accuracy, per-class precision and
 * recall, and the confusion matrix (on stderr, so that stdout stays a CSV).
 */
export async function predictInMemory(
  modelPath: string,
  csvPath: string,
  options: PredictOptions,
): Promise<void> {
  const loaded = await readSavedModel(modelPath);
  const text = await readUserFile(csvPath, "CSV file");
  const table = parseCsvTable(text, csvPath);
  const features = featuresFromCsv(table, loaded.featureNames, options.missing);
  const X = { data: standardizedRows(table, loaded, features), shape: features.shape };
  const { model } = loaded;
  const classes = model.classes as readonly Label[];
  const predictions = model.predict(X);
  const probabilities = classProbabilities(model, X);
  const unsure = probabilities.findIndex((row) => row.some((p) => !(p >= 0 && p <= 1)));
  if (unsure >= 0) {
    // Finite inputs whose products with the coefficients overflow to +∞ and −∞ in one logit.
    throw new UserError(
      `${table.source}: line ${table.lines[features.rows[unsure]!]}: the model's logit overflows for this row (its coefficients times these values exceed the largest double), so it has no probability.`,
    );
  }
  const csv = Papa.unparse(
    {
      fields: ["line", "prediction", ...classes.map((label) => `probability_${String(label)}`)],
      data: predictions.map((label, k) => [table.lines[features.rows[k]!], label, ...probabilities[k]!]),
    },
    { newline: "\n" },
  );
  if (options.output === undefined) {
    process.stdout.write(`${csv}\n`);
  } else {
    await writeUserFile(options.output, `${csv}\n`, "predictions");
    process.stderr.write(`Wrote ${predictions.length} predictions to ${options.output}.\n`);
  }
  const dropped = table.rows.length - features.rows.length;
  if (dropped > 0) {
    process.stderr.write(
      `Skipped ${dropped} row${dropped === 1 ? "" : "s"} with a missing cell (--missing drop).\n`,
    );
  }

  const labelIndex = table.header.indexOf(loaded.labelColumn);
  if (labelIndex < 0) return;
  // Labels were numbers in training when every label was a number; read them the same way here.
  const numeric = typeof classes[0] === "number";
  const actual: Label[] = [];
  const predicted: Label[] = [];
  for (let k = 0; k < features.rows.length; k++) {
    const cell = table.rows[features.rows[k]!]![labelIndex]!.trim();
    if (isMissingCell(cell)) continue;
    actual.push(numeric ? Number(cell) : cell);
    predicted.push(predictions[k]!);
  }
  if (actual.length === 0) return;
  const right = actual.filter((label, k) => label === predicted[k]).length;
  process.stderr.write(
    `Accuracy against the ${quoted(loaded.labelColumn)} column: ${(right / actual.length).toFixed(3)} (${right} of ${actual.length} rows).\n\n` +
      `${formatClassificationReport(classes, actual, predicted)}\n`,
  );
}
