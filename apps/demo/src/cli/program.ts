import { Command, InvalidArgumentError, Option } from "commander";
import { optimizerChoices, type Setting } from "../shared/optimizers.js";
import { missingPolicies } from "./csvData.js";
import { embeddedDatasetNames } from "./embeddedDatasets.js";
import { runPredict } from "./predictCommand.js";
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
    .action(async (options) => {
      await runTrain(options);
    });
  return train;
}

function predictCommand(): Command {
  return new Command("predict")
    .description("predict the class of each row of a CSV file with a model saved by train --save")
    .argument("<model>", "the model JSON written by --save")
    .argument(
      "<csv>",
      "rows to predict: a CSV file with the model's feature columns (a label column is optional)",
    )
    .option("--output <file>", "write the predictions CSV here instead of to stdout")
    .addOption(missingOption())
    .action(
      async (
        model: string,
        csv: string,
        options: { output?: string; missing: (typeof missingPolicies)[number] },
      ) => {
        await runPredict(model, csv, options);
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
      "  descent train --help                             every training option",
      "",
      "In this repository: pnpm descent <command> [options] (pnpm demo is the tour).",
    ].join("\n"),
  );
  return program;
}
