import { Command, InvalidArgumentError, Option } from "commander";
import { optimizerChoices, type Setting } from "../shared/optimizers.js";
import { missingPolicies } from "./csvData.js";
import { embeddedDatasetNames } from "./embeddedDatasets.js";
import { engineNames } from "./engine.js";
import { type PredictCommandOptions, runPredict } from "./predictCommand.js";
import { DEFAULTS, runTrain } from "./trainCommand.js";

function numberArgument(check: (value: number) => boolean, expected: string) {
  return (text: string): number => {
    const value = text.trim() === "" ? Number.NaN : Number(text);
    if (!Number.isFinite(value) || !check(value)) throw new InvalidArgumentError(`Expected ${expected}.`);
    return value;
  };
}

const nonNegative = numberArgument((x) => x >= 0, "a number ≥ 0");
const count = numberArgument((x) => Number.isInteger(x) && x >= 0, "an integer ≥ 0");
const positiveCount = numberArgument((x) => Number.isInteger(x) && x >= 1, "an integer ≥ 1");
const integer = numberArgument(Number.isInteger, "an integer");
const fraction = numberArgument((x) => x >= 0 && x < 1, "a fraction in [0, 1)");
const anyNumber = numberArgument(() => true, "a number");

/** DuckDB's size syntax: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB, or a percentage of RAM). */
function memorySize(text: string): string {
  const size = text.trim();
  if (!/^\d+(\.\d+)?\s*(B|[KMGT]i?B|%)$/i.test(size)) {
    throw new InvalidArgumentError('Expected a size such as "512MB", "4GB" or "2GiB".');
  }
  return size;
}

/** --engine and DuckDB's settings, shared by train and predict. */
function engineOptions(): Option[] {
  return [
    new Option(
      "--engine <name>",
      'where the data is read: "memory" loads it into this process; "duckdb" streams the file through DuckDB, never loading it (CSV or Parquet larger than memory)',
    )
      .choices(engineNames)
      .default("memory"),
    new Option(
      "--memory-limit <size>",
      "with --engine duckdb: DuckDB's memory_limit, e.g. 512MB (default: DuckDB's, 80 % of RAM)",
    ).argParser(memorySize),
    new Option("--threads <n>", "with --engine duckdb: DuckDB's threads (default: every core)").argParser(
      positiveCount,
    ),
  ];
}

/** The options the user typed (not defaults), for refusals that only apply to what was asked for. */
function typedOptions(command: Command): ReadonlySet<string> {
  return new Set(
    command.options
      .map((option) => option.attributeName())
      .filter((key) => command.getOptionValueSource(key) === "cli"),
  );
}

function columnList(text: string): string[] {
  const names = text.split(",").map((name) => name.trim());
  if (names.some((name) => name === ""))
    throw new InvalidArgumentError("Expected column names separated by commas.");
  return names;
}

/** One flag per optimizer setting; a flag that several optimizers share (learning rate) appears once. */
function optimizerSettingOptions(): Option[] {
  const flags = new Map<string, { setting: Setting; takers: string[] }>();
  for (const choice of optimizerChoices) {
    for (const setting of choice.settings) {
      const taker = setting.kind === "number" ? `${choice.name} ${setting.defaultValue}` : choice.name;
      const entry = flags.get(setting.flag);
      if (entry === undefined) flags.set(setting.flag, { setting, takers: [taker] });
      else entry.takers.push(taker);
    }
  }
  return [...flags.values()].map(({ setting, takers }) => settingOption(setting, takers));
}

/** A setting's flag; `takers` are the optimizers that take it (with their defaults, for numbers). */
function settingOption(setting: Setting, takers: readonly string[]): Option {
  switch (setting.kind) {
    case "number":
      return new Option(
        `--${setting.flag} <number>`,
        `${setting.label} (default: ${takers.join(", ")})`,
      ).argParser(anyNumber);
    case "boolean":
      return new Option(`--${setting.flag}`, `${setting.label} (${takers.join(", ")})`);
    case "choice":
      return new Option(
        `--${setting.flag} <${setting.key}>`,
        `${setting.label} (${takers.join(", ")}, default ${setting.defaultValue})`,
      ).choices(setting.choices);
  }
}

function missingOption(): Option {
  return new Option(
    "--missing <policy>",
    'a missing cell (empty, NA, NaN, null, ?): "error" refuses the file, "drop" skips its row, "mean" fills in the column\'s mean over the training rows',
  )
    .choices(missingPolicies)
    .default(DEFAULTS.missing);
}

/** The train command's options and action (also the program's default command). */
function trainCommand(): Command {
  const train = new Command("train")
    .description(
      "fit logistic regression with one optimizer or all of them; report held-out scores, coefficients and per-class precision/recall; optionally save the model",
    )
    .addOption(
      new Option("--dataset <name>", "the embedded data set to train on when there is no --csv")
        .choices(embeddedDatasetNames)
        .default("breast-cancer"),
    )
    .option("--csv <file>", "train on this CSV file (header line first) instead of an embedded data set")
    .option(
      "--data <file>",
      "train on this file instead of an embedded data set: a CSV file, or with --engine duckdb a CSV or Parquet file",
    )
    .option("--label <column>", "the CSV column that holds each row's class; needed with --csv")
    .option(
      "--features <columns>",
      "comma-separated feature columns (default: every column but the label)",
      columnList,
    )
    .addOption(
      new Option("-o, --optimizer <name>", "which optimizer to train with")
        .choices(["all", ...optimizerChoices.map((choice) => choice.name)])
        .default("all"),
    );
  for (const option of optimizerSettingOptions()) train.addOption(option);
  train
    .option(
      "--l2 <lambda>",
      "λ2, the L2 strength (default: 1/m, scikit-learn's C = 1; 0 when --l1 is given alone)",
      nonNegative,
    )
    .option(
      "--l1 <lambda>",
      "λ1, the L1 strength: a sparse model (newton, lbfgs, sgd, momentum, adam)",
      nonNegative,
    )
    .option(
      "--path",
      "fit the regularization path (20 strengths, strongest first, warm-started) and print it, then the fit at --l1",
    )
    .option(
      "--l1-ratio <r>",
      "with --path: λ1 = r·s and λ2 = (1 − r)·s at each strength s (default 1)",
      fraction,
    )
    .option("--max-iter <n>", "the most optimizer steps", count, DEFAULTS.maxIter)
    .option("--tol <number>", "stop when the gradient's ∞-norm is at most this", nonNegative, DEFAULTS.tol)
    .option(
      "--batch-size <n>",
      "rows per minibatch (default: the full batch; not for newton, lbfgs)",
      positiveCount,
    )
    .option("--seed <n>", "seeds the train/test split and minibatch shuffling", integer, DEFAULTS.seed)
    .option(
      "--test-fraction <f>",
      "the share of each class's rows held out to score the fit (0: no test split; the saved model is refitted on all rows either way)",
      fraction,
      DEFAULTS.testFraction,
    )
    .addOption(missingOption())
    .option("--top <k>", "how many coefficients to show, largest first (0: none)", count, DEFAULTS.top)
    .option(
      "--save <model.json>",
      "after scoring on the held-out rows, refit on all rows and write that model (with its standardization) as JSON; needs one --optimizer",
    )
    .option(
      "--no-refit",
      "with --save: save the model fitted on the training rows instead of refitting on all rows",
    )
    .option(
      "--no-progress",
      "no progress bars (they are off anyway when stdout is not a terminal, or CI is set)",
    )
    .action(async (options, command: Command) => {
      await runTrain({ ...options, typed: typedOptions(command) });
    });
  for (const option of engineOptions()) train.addOption(option);
  return train;
}

function predictCommand(): Command {
  const predict = new Command("predict")
    .description(
      "predict the class of each row of a CSV (or, with --engine duckdb, Parquet) file with a model saved by train --save",
    )
    .argument("[model]", "the model JSON written by --save (or --model)")
    .argument(
      "[csv]",
      "rows to predict: a CSV file with the model's feature columns, a label column optional (or --data)",
    )
    .option("--model <file>", "the model JSON written by --save")
    .option("--data <file>", "the rows to predict (CSV; with --engine duckdb also Parquet)")
    .option("--output <file>", "write the predictions CSV here instead of to stdout")
    .option("--out <file>", "the same as --output; with --engine duckdb a .csv or .parquet file")
    .addOption(missingOption());
  for (const option of engineOptions()) predict.addOption(option);
  return predict.action(
    async (model: string | undefined, csv: string | undefined, options: PredictCommandOptions, command) => {
      await runPredict(model, csv, { ...options, typed: typedOptions(command as Command) });
    },
  );
}

/** The command line: `train` (the default command, so that `descent` alone is the tour) and `predict`. */
export function buildProgram(): Command {
  const program = new Command("descent")
    .description(
      "Logistic regression with descent's optimizer plugins.\n\n" +
        "With no arguments it trains on the embedded Breast Cancer Wisconsin data set (standardized, with a " +
        "seeded 25 % test split) once with every optimizer, and prints what each reached. `train --csv` does " +
        "the same on your data; `train --save` writes the fitted model, and `predict` applies it to new rows.",
    )
    .addCommand(trainCommand(), { isDefault: true })
    .addCommand(predictCommand());
  program.addHelpText(
    "after",
    [
      "",
      "Examples:",
      "  descent                                          every optimizer on the embedded breast-cancer data",
      "  descent train --csv data.csv --label class       every optimizer on your data",
      "  descent train --csv data.csv --label class -o newton --save model.json",
      "  descent predict model.json new.csv --output predictions.csv",
      "  descent --engine duckdb --data big.parquet --label y -o newton --save model.json",
      "  descent predict --engine duckdb --model model.json --data new.parquet --out predictions.parquet",
      "  descent train --help                             every training option",
      "",
      "In this repository: pnpm descent <command> [options] (pnpm demo is the tour).",
    ].join("\n"),
  );
  return program;
}
