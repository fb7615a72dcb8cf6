import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isDescentError, type Label } from "@descent/core";
import { formatConfusionReport } from "../classificationReport.js";
import { dataFileFormat } from "../engine.js";
import { readSavedModel } from "../modelFile.js";
import { coefficientsByClass } from "../modelShape.js";
import type { PredictCommandOptions } from "../predictCommand.js";
import { quoted } from "../shownText.js";
import { UserError } from "../userError.js";
import { resolveUserPath } from "../userFiles.js";
import { checkFeatureValues, describeDataFile, featureColumns, openSession } from "./dataFile.js";
import {
  type BinaryModel,
  modelParameters,
  predictionCopyStatement,
  scoreStatement,
  scoresOf,
} from "./modelSql.js";
import {
  accuracyOf,
  type ClassScores,
  type MultinomialModel,
  multinomialModelParameters,
  multinomialPredictionCopyStatement,
  multinomialScoreStatement,
  multinomialScoresOf,
} from "./multinomialModelSql.js";

/** The predictions' format, from --out's extension. */
function outputFormat(path: string): "csv" | "parquet" {
  const format = /\.(csv|parquet)$/i.exec(path)?.[1]?.toLowerCase();
  if (format !== "csv" && format !== "parquet") {
    throw new UserError(
      `--out ${path}: DuckDB writes the predictions as .csv or .parquet; name the file so.`,
    );
  }
  return format;
}

/**
 * `predict --engine duckdb`: one COPY statement computes each row's probabilities from the model's
 * standardization and coefficients (bound as DOUBLE parameters) and writes them to --out, in the file's row
 * order; the rows never enter this process. The file is written beside its target and renamed over it, so
 * a failure leaves what was there. With the model's label column in the file, one more aggregate scores the
 * predictions against it (on stderr).
 */
export async function predictOnDuckDB(
  modelPath: string,
  dataPath: string,
  options: PredictCommandOptions,
): Promise<void> {
  const output = options.output;
  if (output === undefined) {
    throw new UserError(
      "--engine duckdb writes the predictions to a file: add --out predictions.csv (or predictions.parquet).",
    );
  }
  if (options.typed?.has("missing") === true && options.missing !== "error") {
    throw new UserError(
      `--engine duckdb does not take --missing ${options.missing}: a NULL feature cell is refused (remove or fill those rows first).`,
    );
  }
  const format = outputFormat(output);
  dataFileFormat(dataPath, "--data");
  const loaded = await readSavedModel(modelPath);
  const classes = loaded.model.classes as readonly Label[];
  const byClass = coefficientsByClass(loaded.model, loaded.featureNames.length);
  const standardization = {
    featureNames: loaded.featureNames,
    mean: loaded.standardization.mean,
    scale: loaded.standardization.scale,
  };
  // Two classes: the binary model's one logit; more: W and b, and a softmax over K logits.
  const binary: BinaryModel | null =
    classes.length === 2
      ? {
          ...standardization,
          coef: byClass[0]!.coef,
          intercept: byClass[0]!.intercept,
          classes: [classes[0]!, classes[1]!],
        }
      : null;
  const multinomial: MultinomialModel = {
    ...standardization,
    coef: loaded.model.coef,
    intercept: loaded.model.intercept,
    classes,
  };
  const parameters = binary === null ? multinomialModelParameters(multinomial) : modelParameters(binary);

  const session = await openSession(options);
  try {
    const file = await describeDataFile(session, dataPath, "--data");
    featureColumns(file, loaded.labelColumn, { names: loaded.featureNames, by: "the model" });
    await checkFeatureValues(session, file, loaded.featureNames);

    const target = resolveUserPath(output);
    if (!existsSync(dirname(target))) {
      throw new UserError(
        `Cannot write the predictions to ${output}: the directory ${dirname(target)} does not exist.`,
      );
    }
    const temporary = join(
      dirname(target),
      `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    const written = new Float64Array(1);
    try {
      const copy =
        binary === null
          ? multinomialPredictionCopyStatement(multinomial, file.from, temporary, format)
          : predictionCopyStatement(binary, file.from, temporary, format);
      await session.aggregate(session.prepareSync(copy), parameters, written);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      if (!isDescentError(error) && (error as NodeJS.ErrnoException).code === undefined) throw error;
      throw new UserError(`Cannot write the predictions to ${output}: ${(error as Error).message}`);
    }
    process.stderr.write(`Wrote ${written[0]} predictions to ${output}.\n`);

    if (!file.columns.has(loaded.labelColumn)) return;
    const statement =
      binary === null
        ? multinomialScoreStatement(multinomial, loaded.labelColumn, file.from)
        : scoreStatement(binary, loaded.labelColumn, file.from);
    const sums = new Float64Array(statement.outputs);
    await session.aggregate(session.prepareSync(statement), parameters, sums);
    const scores: ClassScores = binary === null ? multinomialScoresOf(sums, classes.length) : scoresOf(sums);
    if (scores.labelled === 0) return;
    const right = Math.round(accuracyOf(scores) * scores.labelled);
    process.stderr.write(
      `Accuracy against the ${quoted(loaded.labelColumn)} column: ${accuracyOf(scores).toFixed(3)} (${right} of ${scores.labelled} rows).\n\n` +
        `${formatConfusionReport(classes, scores.counts)}\n`,
    );
  } finally {
    session.close();
  }
}
