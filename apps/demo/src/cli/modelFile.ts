import { type Label, LogisticRegression, type LogisticRegressionJSON } from "@descent/core";
import type { Standardization } from "@descent/datasets";
import { writeFileAtomically } from "./atomicWrite.js";
import { UserError } from "./userError.js";
import { readUserFile } from "./userFiles.js";

const FORMAT = "descent-demo.model";

/** What `--save` writes: the fitted model plus what a new CSV needs to be read and scaled the same way. */
export interface SavedModel {
  readonly format: typeof FORMAT;
  readonly version: 1;
  /** The label column it was trained on (read again by `predict` to report accuracy, when present). */
  readonly labelColumn: string;
  /** The feature columns, in the order of the coefficients. */
  readonly featureNames: readonly string[];
  /** Fitted on the training rows; `predict` applies it to new rows before the model sees them. */
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

export function savedModel(
  model: LogisticRegression<Label>,
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
    model: model.toJSON(),
    training,
  };
}

export async function writeSavedModel(path: string, saved: SavedModel): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(saved, null, 2)}\n`);
}

function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((x) => typeof x === "number" && Number.isFinite(x))
  );
}

/** Reads a file that `--save` wrote, refusing anything else with a message that says what is wrong. */
export async function readSavedModel(source: string): Promise<LoadedModel> {
  const text = await readUserFile(source, "model");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const refuse = (detail: string) =>
    new UserError(`${source} is not a model saved by this demo (--save): ${detail}.`);
  if (json === null || typeof json !== "object") throw refuse("expected an object");
  const saved = json as Partial<SavedModel>;
  if (saved.format !== FORMAT)
    throw refuse(`"format" is ${JSON.stringify(saved.format)}, expected "${FORMAT}"`);
  if (saved.version !== 1) throw refuse(`version ${JSON.stringify(saved.version)} is not supported`);
  const { featureNames, labelColumn, standardization } = saved;
  if (
    !Array.isArray(featureNames) ||
    featureNames.length === 0 ||
    !featureNames.every((n) => typeof n === "string")
  ) {
    throw refuse('"featureNames" must be a non-empty array of column names');
  }
  if (typeof labelColumn !== "string") throw refuse('"labelColumn" must be a column name');
  const columns = featureNames.length;
  if (
    standardization === undefined ||
    !isFiniteNumberArray(standardization.mean, columns) ||
    !isFiniteNumberArray(standardization.scale, columns) ||
    !standardization.scale.every((s) => s > 0)
  ) {
    throw refuse(`"standardization" must hold ${columns} means and ${columns} positive scales`);
  }
  let model: LogisticRegression<Label>;
  try {
    model = LogisticRegression.fromJSON(saved.model);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  if (model.coef.length !== columns) {
    throw refuse(`the model has ${model.coef.length} coefficients but ${columns} feature names`);
  }
  return {
    model,
    labelColumn,
    featureNames,
    standardization: {
      mean: Float64Array.from(standardization.mean),
      scale: Float64Array.from(standardization.scale),
    },
  };
}
