import {
  type AnyOptimizer,
  isDescentError,
  type Label,
  LogisticRegression,
  type LogisticRegressionJSON,
  type MinimizeResult,
  minimizeAsync,
} from "@descent/core";
import {
  DEFAULT_SHUFFLE_BUFFER_ROWS,
  type DuckDBLogisticObjective,
  type DuckDBMultinomialObjective,
  duckdbMultinomialObjective,
  duckdbObjective,
} from "@descent/duckdb";
import { formatConfusionReport } from "../classificationReport.js";
import { formatCoefficientTable } from "../coefficientTable.js";
import { duckdbConfig } from "../engine.js";
import { savedModel, writeSavedModel } from "../modelFile.js";
import { coefficientsByClass } from "../modelShape.js";
import { progressDisplay, progressWanted } from "../progressBars.js";
import { formatResultsTable, type ResultRow } from "../resultsTable.js";
import { labelText, quoted } from "../shownText.js";
import {
  chosenOptimizers,
  classCountSummary,
  DEFAULTS,
  penalizedLoss,
  type TrainOptions,
  trainingFile,
} from "../trainCommand.js";
import { UserError } from "../userError.js";
import {
  checkColumn,
  type DataFile,
  describeDataFile,
  featureColumns,
  labelClasses,
  memoryHint,
  openSession,
} from "./dataFile.js";
import { type BinaryModel, modelParameters, scoreStatement, scoresOf } from "./modelSql.js";
import {
  accuracyOf,
  type ClassScores,
  multinomialModelParameters,
  multinomialScoreStatement,
  multinomialScoresOf,
} from "./multinomialModelSql.js";

/** The binary objective for two classes, the multinomial (softmax) one for more, as the in-memory fit. */
type FileObjective = DuckDBLogisticObjective | DuckDBMultinomialObjective;

/** One optimizer's fit over the file. */
interface FileRun extends ResultRow {
  /** The fitted model as saved; null when the fit diverged (no finite coefficients). */
  readonly model: LogisticRegressionJSON | null;
  readonly scores: ClassScores | null;
}

/** How minibatches are drawn from the file: streamed epochs, shuffled within bounded blocks. */
function streamedBatches(batchSize: number | undefined): string {
  if (batchSize === undefined) return "";
  return `; minibatches of ${batchSize}, one streamed read of the file per epoch, shuffled within blocks of ${DEFAULT_SHUFFLE_BUFFER_ROWS} rows`;
}

/**
 * How the passes run: read straight from a Parquet file by the kernels' threads where @descent/duckdb can
 * (its `passes: "auto"`), else one SQL statement each; either way the file is never loaded whole.
 */
function engineLine(objective: FileObjective, settings: readonly string[], path: string): string {
  const engine = `Engine: DuckDB${settings.length === 0 ? "" : ` (${settings.join(", ")})`}`;
  if ("passEngine" in objective && objective.passEngine === "parquet") {
    return `${engine} checks the file; each full pass reads its column chunks directly on ${objective.directThreads} thread${objective.directThreads === 1 ? "" : "s"} (WebAssembly kernels), a row group at a time; the file is never loaded into this process.`;
  }
  // A Parquet file that could not be read directly says why (a CSV file never is).
  const refusal = "directRefusal" in objective ? objective.directRefusal : undefined;
  const why = /\.parquet$/i.test(path) && refusal !== undefined ? ` (Not read directly: ${refusal}.)` : "";
  return `${engine}: each pass over the file is one SQL statement; the file is never loaded into this process.${why}`;
}

/** Refuses what the DuckDB engine does not do (yet), naming the flag and what to do instead. */
function refuseUnsupported(options: TrainOptions): void {
  const typed = options.typed ?? new Set<string>();
  const refusals: [boolean, string][] = [
    [
      options.path === true,
      "--path: the regularization path is fitted in memory only (train with --l1 <λ1> on DuckDB instead)",
    ],
    [
      typed.has("testFraction") && options.testFraction > 0,
      "--test-fraction: it fits on every row of the file (no held-out split: split the file yourself and score the other part with predict)",
    ],
    [
      typed.has("missing") && options.missing !== "error",
      `--missing ${options.missing}: a NULL feature cell is refused (remove or fill those rows first)`,
    ],
    [typed.has("dataset"), "--dataset: it trains on a file; give --data <file.csv|file.parquet>"],
  ];
  for (const [refused, why] of refusals) {
    if (refused) throw new UserError(`--engine duckdb does not take ${why}.`);
  }
}

/**
 * The DuckDB objective over the file, its faults turned into messages about the file: DuckDB's own checks
 * (a NULL or non-finite feature, a NULL label) name the column and the count.
 */
async function openObjective(
  options: TrainOptions,
  file: DataFile,
  label: string,
  features: readonly string[],
  l2: number,
  classCount: number,
): Promise<FileObjective> {
  try {
    const objectiveOptions = {
      relation: { file: file.absolutePath },
      label,
      features,
      standardize: true,
      l2,
      ...(options.l1 === undefined ? {} : { l1: options.l1 }),
      config: duckdbConfig(options),
    };
    return await (classCount > 2
      ? duckdbMultinomialObjective(objectiveOptions)
      : duckdbObjective(objectiveOptions));
  } catch (error) {
    if (!isDescentError(error)) throw error;
    // The package names the file by its absolute path; the user knows it as they typed it.
    throw new UserError(
      `${file.flag} ${file.path}: ${error.message.replaceAll(JSON.stringify(file.absolutePath), JSON.stringify(file.path))} [${error.code}]${memoryHint(error.message)}`,
    );
  }
}

/**
 * The model JSON for θ = [w, b] (or [W, b] for K classes), as LogisticRegression.toJSON writes it: K
 * intercepts centered to sum to 0, as the estimator reports them; null unless θ is finite.
 */
function modelJSON(
  objective: FileObjective,
  result: MinimizeResult,
  optimizer: Pick<AnyOptimizer, "name" | "hyperparameters">,
): LogisticRegressionJSON | null {
  if (!result.theta.every(Number.isFinite)) return null;
  const n = objective.features;
  const rows = objective.classes.length === 2 ? 1 : objective.classes.length;
  const intercept = Array.from(result.theta.subarray(rows * n, rows * n + rows));
  if (rows > 1) {
    const mean = intercept.reduce((sum, b) => sum + b, 0) / rows;
    for (let k = 0; k < rows; k++) intercept[k] = intercept[k]! - mean;
  }
  return {
    format: "descent.LogisticRegression",
    version: 2,
    classes: [...objective.classes],
    coef: Array.from({ length: rows }, (_, k) => Array.from(result.theta.subarray(k * n, (k + 1) * n))),
    intercept,
    fitIntercept: true,
    l2: objective.l2,
    ...(objective.l1 > 0 ? { l1: objective.l1 } : {}),
    optimizer: { name: optimizer.name, hyperparameters: { ...optimizer.hyperparameters } },
  };
}

/**
 * Accuracy, the confusion matrix and the log loss of the saved model over the file: one aggregate in
 * DuckDB (the binary model's statement for two classes, the softmax one for more).
 */
async function scoreOnFile(
  objective: FileObjective,
  file: DataFile,
  label: string,
  json: LogisticRegressionJSON,
): Promise<ClassScores> {
  const { session } = objective;
  const standardization = {
    featureNames: objective.featureNames,
    mean: objective.means!,
    scale: objective.scales!,
  };
  if (json.classes.length === 2) {
    const model: BinaryModel = {
      ...standardization,
      coef: json.coef[0]!,
      intercept: json.intercept[0]!,
      classes: [json.classes[0]!, json.classes[1]!],
    };
    const statement = scoreStatement(model, label, file.from);
    const sums = new Float64Array(statement.outputs);
    await session.aggregate(session.prepareSync(statement), modelParameters(model), sums);
    return scoresOf(sums);
  }
  const model = {
    ...standardization,
    coef: json.coef.flat(),
    intercept: json.intercept,
    classes: json.classes,
  };
  const statement = multinomialScoreStatement(model, label, file.from);
  const sums = new Float64Array(statement.outputs);
  await session.aggregate(session.prepareSync(statement), multinomialModelParameters(model), sums);
  return multinomialScoresOf(sums, json.classes.length);
}

/**
 * `train --engine duckdb`: every pass over the data (the fit's, the scores') is one SQL statement that DuckDB
 * runs over the file, which is never loaded into this process. The features are standardized with their
 * means and standard deviations over all rows, computed by DuckDB, and stored in the model file as the
 * in-memory fit stores its own, so a model trained either way predicts the same.
 */
export async function trainOnDuckDB(options: TrainOptions): Promise<void> {
  refuseUnsupported(options);
  const given = trainingFile(options);
  if (given === undefined) {
    throw new UserError(
      "--engine duckdb trains on a file: give --data <file.csv|file.parquet> and --label <column>.",
    );
  }
  if (options.label === undefined) {
    throw new UserError(
      `${given.flag} needs --label <column>: the name of the column that holds each row's class.`,
    );
  }
  const label = options.label;
  const optimizers = chosenOptimizers(options);
  if (optimizers.length > 1) {
    process.stderr.write(
      "note: --optimizer all fits with each optimizer in turn, each pass a read of the file; on a large file choose one (newton or lbfgs take the fewest passes).\n",
    );
  }

  // A first look at the file, in a session of its own: its columns, and the label's classes and counts
  // (which give m for λ = 1/m before the objective is built).
  const session = await openSession(options);
  let file: DataFile;
  let features: string[];
  let classes: Awaited<ReturnType<typeof labelClasses>>;
  try {
    file = await describeDataFile(session, given.path, given.flag);
    checkColumn(file, label, "the label, --label");
    features = featureColumns(
      file,
      label,
      options.features === undefined ? undefined : { names: options.features, by: "--features" },
    );
    classes = await labelClasses(session, file, label, 1000);
  } finally {
    session.close();
  }
  if (classes.classes === 1) {
    const [only] = classes.counts.keys();
    throw new UserError(
      `${file.flag} ${file.path}: label column ${quoted(label)} has a single class (${labelText(only!)}); two are needed to fit a classifier.`,
    );
  }
  const rows = [...classes.counts.values()].reduce((sum, count) => sum + count, 0);
  // As the in-memory fit: λ2 = 1/m by default, 0 when only --l1 is given.
  const l2 = options.l2 ?? (options.l1 === undefined ? 1 / rows : 0);

  if (options.batchSize !== undefined && classes.classes > 2) {
    throw new UserError(
      `--engine duckdb does not take --batch-size with ${classes.classes} classes: the multinomial DuckDB objective runs full batch only (remove --batch-size, or train in memory).`,
    );
  }
  const objective = await openObjective(options, file, label, features, l2, classes.classes);
  const loss =
    classes.classes > 2
      ? `mean multinomial (softmax) loss over ${classes.classes} classes`
      : "mean logistic loss";
  try {
    const out = process.stdout;
    const settings = [
      options.memoryLimit === undefined ? "" : `memory_limit ${options.memoryLimit}`,
      options.threads === undefined ? "" : `${options.threads} thread${options.threads === 1 ? "" : "s"}`,
    ].filter((setting) => setting !== "");
    out.write(
      `Data: ${file.path}, ${objective.examples} rows × ${features.length} features; label ${quoted(label)}: ${classCountSummary(classes.counts)}.\n` +
        `${engineLine(objective, settings, file.path)}\n` +
        `Split: none: all ${objective.examples} rows are fitted and scored (--engine duckdb holds none out); features standardized with their mean and standard deviation, computed by DuckDB.\n` +
        `Objective: ${penalizedLoss(loss, options, objective.examples, l2)}; stop at ‖∇f‖∞ ≤ ${options.tol} or ${options.maxIter} iterations${streamedBatches(options.batchSize)}.\n\n`,
    );

    const progress = progressDisplay(progressWanted(options.progress));
    const runs: FileRun[] = [];
    for (const { choice, values } of optimizers) {
      const optimizer = choice.create(values);
      const onProgress = progress.start(optimizer.name, options.maxIter, objective.examples);
      let result: MinimizeResult;
      const started = performance.now();
      try {
        // Between steps the event loop turns: the progress bar redraws while DuckDB reads the file.
        result = await minimizeAsync(objective, optimizer, {
          maxIter: options.maxIter,
          tol: options.tol,
          seed: options.seed,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          ...(onProgress === undefined ? {} : { onProgress }),
        });
      } catch (error) {
        // A pass that ran out of DuckDB's memory (a Hessian needs more than a gradient) says what to change.
        if (isDescentError(error) && memoryHint(error.message) !== "") {
          throw new UserError(
            `${optimizer.name} on ${file.path}: ${error.message}${memoryHint(error.message)}`,
          );
        }
        throw error;
      } finally {
        progress.finish();
      }
      const milliseconds = performance.now() - started;
      const model = modelJSON(objective, result, optimizer);
      const scores = model === null ? null : await scoreOnFile(objective, file, label, model);
      runs.push({
        name: optimizer.name,
        result,
        milliseconds,
        model,
        scores,
        trainAccuracy: scores === null ? null : accuracyOf(scores),
        testAccuracy: null,
      });
    }
    out.write(`${formatResultsTable(runs, options.tol)}\n\n`);

    const finite = runs.filter((run) => run.model !== null && Number.isFinite(run.result.loss));
    if (finite.length > 0) {
      const best = finite.reduce((a, b) => (b.result.loss < a.result.loss ? b : a));
      const which =
        runs.length === 1 ? `the ${best.name} fit` : `the ${best.name} fit (the lowest final loss)`;
      out.write(
        `Details of ${which}:\n\n${formatDetails(best, features, options.top, objective.examples)}\n`,
      );
    }

    if (options.save === undefined) return;
    const run = runs[0]!;
    if (run.model === null) {
      throw new UserError(`Not saved: ${run.result.message} Try a smaller --learning-rate.`);
    }
    await writeSavedModel(
      options.save,
      savedModel(
        run.model,
        label,
        features,
        { mean: objective.means!, scale: objective.scales! },
        {
          data: file.path,
          engine: "duckdb",
          fittedOn: "all rows",
          rows: objective.examples,
          heldOutRows: 0,
          heldOutAccuracy: null,
          seed: options.seed,
          missing: DEFAULTS.missing,
          iterations: run.result.iterations,
          converged: run.result.converged,
          stopReason: run.result.reason,
          trainAccuracy: run.trainAccuracy,
          trainLogLoss: run.scores?.logLoss ?? null,
        },
      ),
    );
    out.write(
      `\nSaved the ${run.name} model to ${options.save}, fitted on all ${objective.examples} rows of ${file.path} (${run.result.iterations} iterations, ${run.result.converged ? "converged" : "not converged"}).\n`,
    );
    if (!run.result.converged) {
      process.stderr.write(`warning: ${run.result.message} Raise --max-iter to let it converge.\n`);
    }
  } finally {
    objective.close();
  }
}

/** The largest coefficients, then the scores over the file (per-class precision and recall, confusion matrix). */
function formatDetails(run: FileRun, features: readonly string[], top: number, rows: number): string {
  const model = LogisticRegression.fromJSON<Label>(run.model);
  const parts: string[] = [];
  if (top > 0) {
    const byClass = coefficientsByClass(model, features.length);
    const shown = Math.min(top, features.length);
    const heading =
      byClass.length === 1 ? `the log-odds of ${labelText(byClass[0]!.label)}` : "each class's logit";
    parts.push(
      `Coefficients, the ${shown === features.length ? `${features.length}` : `${shown} largest of ${features.length}`} in magnitude (the change in ${heading} per standard deviation of the feature):\n` +
        formatCoefficientTable(features, byClass, shown),
    );
  }
  const scores = run.scores!;
  parts.push(
    `On the ${rows} rows of the file (no test split; one SQL pass): mean log loss ${scores.logLoss.toPrecision(6)} (without the penalty).\n` +
      formatConfusionReport(model.classes, scores.counts),
  );
  return parts.join("\n\n");
}
