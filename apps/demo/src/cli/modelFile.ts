import { type Label, LogisticRegression, type LogisticRegressionJSON } from "@descent/core";
import type { Standardization } from "../shared/standardization.js";
import { coefficientsByClass } from "./modelShape.js";
import { quoted } from "./shownText.js";
import { UserError } from "./userError.js";
import { readUserFile, writeUserFile } from "./userFiles.js";

const FORMAT = "descent-demo.model";

/** What `--save` writes: the fitted model plus what a new CSV needs to be read and scaled the same way. */
export interface SavedModel {
  readonly format: typeof FORMAT;
  readonly version: 1;
  /** The label column it was trained on (read again by `predict` to report accuracy, when present). */
  readonly labelColumn: string;
  /** The feature columns, in the order of the coefficients. */
  readonly featureNames: readonly string[];
  /**
   * Fitted on the rows the model was fitted on; `predict` applies it to new rows before the model sees
   * them (and fills a missing cell with `mean`, under --missing mean).
   */
  readonly standardization: { readonly mean: readonly number[]; readonly scale: readonly number[] };
  /** `LogisticRegression.toJSON()`, for `LogisticRegression.fromJSON`. */
  readonly model: LogisticRegressionJSON;
  /** How it was trained, for people reading the file. */
  readonly training: Readonly<Record<string, string | number | boolean | null>>;
}

/** A saved model, read back and checked. */
export interface LoadedModel {
  readonly model: LogisticRegression<Label>;
  readonly labelColumn: string;
  readonly featureNames: readonly string[];
  readonly standardization: Standardization;
}

/** `model` is a fitted estimator, or the JSON of one (a fit over a file in DuckDB has no estimator). */
export function savedModel(
  model: LogisticRegression<Label> | LogisticRegressionJSON,
  labelColumn: string,
  featureNames: readonly string[],
  standardization: Standardization,
  training: SavedModel["training"],
): SavedModel {
  return {
    format: FORMAT,
    version: 1,
    labelColumn,
    featureNames,
    standardization: { mean: Array.from(standardization.mean), scale: Array.from(standardization.scale) },
    model: model instanceof LogisticRegression ? model.toJSON() : model,
    training,
  };
}

/**
 * Writes a model for `predict`, after reading it back as `predict` will: a model that `predict` would
 * refuse (a non-finite standardization, say) is never written, so it cannot replace a good file.
 */
export async function writeSavedModel(path: string, saved: SavedModel): Promise<void> {
  const text = `${JSON.stringify(saved, null, 2)}\n`;
  try {
    parseSavedModel(text, path);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`Not saved to ${path}: the model would not read back: ${error.message}`);
  }
  await writeUserFile(path, text, "model");
}

function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((x) => typeof x === "number" && Number.isFinite(x))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Reads the text of a file that `--save` wrote, refusing anything else with a UserError that says what
 * is wrong: whatever it returns predicts finite probabilities for finite standardized rows.
 */
export function parseSavedModel(text: string, source: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const refuse = (detail: string) =>
    new UserError(`${source} is not a model saved by this demo (--save): ${detail}.`);
  if (!isRecord(json)) throw refuse("expected an object");
  if (json.format !== FORMAT) {
    const format = typeof json.format === "string" ? quoted(json.format) : typeof json.format;
    throw refuse(`"format" is ${format}, expected "${FORMAT}"`);
  }
  if (json.version !== 1) {
    const version = typeof json.version === "number" ? json.version : typeof json.version;
    throw refuse(`version ${version} is not supported`);
  }
  const { featureNames, labelColumn, standardization } = json;
  if (
    !Array.isArray(featureNames) ||
    featureNames.length === 0 ||
    !featureNames.every((name) => typeof name === "string" && name.trim() !== "") ||
    new Set(featureNames).size !== featureNames.length
  ) {
    throw refuse('"featureNames" must be a non-empty array of distinct column names');
  }
  if (typeof labelColumn !== "string") throw refuse('"labelColumn" must be a column name');
  const columns = featureNames.length;
  if (
    !isRecord(standardization) ||
    !isFiniteNumberArray(standardization.mean, columns) ||
    !isFiniteNumberArray(standardization.scale, columns) ||
    !standardization.scale.every((scale) => scale > 0)
  ) {
    throw refuse(
      `"standardization" must hold ${columns} finite means and ${columns} positive, finite scales`,
    );
  }
  let model: LogisticRegression<Label>;
  try {
    model = LogisticRegression.fromJSON(json.model);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  try {
    coefficientsByClass(model, columns);
  } catch {
    throw refuse(`its coefficients do not match its ${columns} feature names`);
  }
  return {
    model,
    labelColumn,
    featureNames: featureNames as string[],
    standardization: {
      mean: Float64Array.from(standardization.mean),
      scale: Float64Array.from(standardization.scale),
    },
  };
}

/** Reads a file that `--save` wrote (see parseSavedModel). */
export async function readSavedModel(source: string): Promise<LoadedModel> {
  return parseSavedModel(await readUserFile(source, "model"), source);
}
