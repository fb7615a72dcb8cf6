import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LogisticRegression } from "@descent/core";
import { loadBreastCancer } from "@descent/datasets";
import { beforeAll, describe, expect, it } from "vitest";
import { applyStandardization } from "../src/shared/standardization.js";
import {
  breastCancerCsv,
  type CliRun,
  expectOneErrorLine,
  runCli,
  workDirectoryForTests,
  writeText,
} from "./cliRunner.js";

const workDirectory = workDirectoryForTests("descent-demo-cli-");
const cli = (...args: string[]): CliRun => runCli(workDirectory, args);
const writeCsv = (name: string, text: string): string => writeText(workDirectory, name, text);

interface TableRow {
  readonly optimizer: string;
  readonly iterations: number;
  readonly passes: number;
  readonly finalLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly converged: boolean;
  readonly stoppedBecause: string;
}

/** Reads the results table back from the printed text (columns are separated by two or more spaces). */
function parseTable(stdout: string): TableRow[] {
  const lines = stdout.split("\n");
  const heading = lines.findIndex((line) => line.startsWith("optimizer"));
  expect(heading).toBeGreaterThanOrEqual(0);
  const rows: TableRow[] = [];
  for (const line of lines.slice(heading + 2)) {
    if (line.trim() === "") break;
    const cells = line.trim().split(/\s{2,}/);
    rows.push({
      optimizer: cells[0]!,
      iterations: Number(cells[1]),
      passes: Number(cells[2]),
      finalLoss: Number(cells[4]),
      trainAccuracy: Number(cells[5]),
      testAccuracy: Number(cells[6]),
      converged: cells[7] === "yes",
      stoppedBecause: cells[8]!,
    });
  }
  return rows;
}

describe("the default demo", () => {
  let run: CliRun;
  beforeAll(() => {
    run = cli();
  });

  it("exits 0 and names the data and its source", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Breast Cancer Wisconsin (Diagnostic)");
    expect(run.stdout).toContain("CC BY 4.0");
    expect(run.stdout).toContain("427 training rows, 142 test rows");
  });

  it("prints one row per optimizer package, each converged and above 0.9 test accuracy", () => {
    const rows = parseTable(run.stdout);
    expect(rows.map((row) => row.optimizer)).toEqual(["sgd", "momentum", "adam", "newton", "lbfgs"]);
    for (const row of rows) {
      expect(row.converged, `${row.optimizer}: ${row.stoppedBecause}`).toBe(true);
      expect(row.stoppedBecause).toBe("‖∇f‖∞ ≤ 0.0001");
      expect(row.testAccuracy).toBeGreaterThan(0.9);
      expect(row.trainAccuracy).toBeGreaterThan(0.9);
    }
    // Every run stopped near the one optimum f*. f is λ-strongly convex, so f − f* ≤ ‖∇f‖₂² / (2λ)
    // ≤ d · tol² / (2λ), with d = 31 parameters, tol = 1e-4 and λ = 1/427: the losses agree within that.
    const losses = rows.map((row) => row.finalLoss);
    const gapBound = (31 * 1e-4 ** 2) / (2 / 427);
    expect(Math.max(...losses) - Math.min(...losses)).toBeLessThan(gapBound);
    // Newton's quadratic convergence: a handful of steps where gradient descent takes hundreds.
    expect(rows.find((row) => row.optimizer === "newton")!.iterations).toBeLessThan(20);
    // Every iteration reads the data at least once.
    for (const row of rows) expect(row.passes).toBeGreaterThanOrEqual(row.iterations);
  });

  it("is repeatable: the same seed prints the same table (but for the times)", () => {
    const again = cli();
    expect(parseTable(again.stdout)).toEqual(parseTable(run.stdout));
    const preamble = (text: string) => text.slice(0, text.indexOf("optimizer  "));
    expect(preamble(again.stdout)).toBe(preamble(run.stdout));
  });
});

describe("bad input", () => {
  const cases: { name: string; file: string; text: string; args?: string[]; message: RegExp }[] = [
    {
      name: "a missing label column",
      file: "no-label.csv",
      text: "a,b,c\n1,2,x\n3,4,y\n",
      message: /no-label\.csv: line 1: there is no label column named "y"; the columns are "a", "b", "c"/,
    },
    {
      name: "a non-numeric cell",
      file: "non-numeric.csv",
      text: "a,b,y\n1,2,x\n3,4,z\n5,abc,x\n",
      message: /non-numeric\.csv: line 4, column "b" \(column 2\): the value is "abc", not a finite number/,
    },
    {
      name: "an empty cell",
      file: "empty-cell.csv",
      text: "a,b,y\n1,2,x\n3,,z\n",
      message: /empty-cell\.csv: line 3, column "b" \(column 2\): the value is empty/,
    },
    {
      name: "a single class",
      file: "single-class.csv",
      text: "a,b,y\n1,2,x\n3,4,x\n",
      message: /single-class\.csv: column "y" \(column 3\): every row has the class x;/,
    },
    {
      name: "an empty file",
      file: "empty.csv",
      text: "",
      message: /empty\.csv is empty: expected a header line/,
    },
    {
      name: "a header without data",
      file: "header-only.csv",
      text: "a,b,y\n",
      message: /header-only\.csv: there are no data lines after the header \(line 1\)/,
    },
    {
      name: "a ragged row",
      file: "ragged.csv",
      // A blank line and a quoted line break before the fault: lines are counted as an editor shows them.
      text: 'a,b,y\n1,2,x\n\n3,4,"z\nz"\n5,6\n',
      message: /ragged\.csv: line 6: the row has 2 fields, but the header \(line 1\) has 3 columns/,
    },
    {
      name: "an unterminated quote",
      file: "quote.csv",
      text: 'a,b,y\n1,2,x\n3,"4,z\n',
      message: /quote\.csv: line 3: a quoted field is never closed/,
    },
  ];

  for (const bad of cases) {
    it(`refuses ${bad.name} with the line and column, exit 1, and writes no model`, () => {
      const file = writeCsv(bad.file, bad.text);
      const model = `${bad.file}.model.json`;
      const run = cli(
        "--csv",
        file,
        "--label",
        "y",
        "--optimizer",
        "newton",
        "--save",
        model,
        ...(bad.args ?? []),
      );
      expectOneErrorLine(run, new RegExp(`^error: ${bad.message.source}`));
      expect(run.stdout).not.toContain("optimizer  iterations");
      expect(readdirSync(workDirectory).filter((name) => name.includes(model))).toEqual([]);
    });
  }

  it("refuses a file that does not exist", () => {
    const run = cli("--csv", "missing.csv", "--label", "y");
    expectOneErrorLine(run, "Cannot read the CSV file missing.csv: no such file.");
  });

  it("refuses a setting of an optimizer that is not chosen", () => {
    const run = cli("--optimizer", "sgd", "--beta1", "0.8");
    expectOneErrorLine(run, "--beta1 is a setting of adam; add --optimizer adam.");
  });

  it("passes the optimizer's own refusal of a setting through, with its code", () => {
    const run = cli("--optimizer", "momentum", "--momentum", "1.5");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error: momentum must be a finite number in \[0, 1\), got 1\.5\. \[INVALID_OPTION\]/,
    );
    expect(run.stdout).toBe(""); // refused before loading any data
  });

  it("refuses --save without a single optimizer before training", () => {
    const run = cli("--save", "model.json");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: --save writes one model: choose its optimizer with --optimizer/);
  });

  it("rejects a malformed option value with commander's message, on one line, and exit code 1", () => {
    expectOneErrorLine(
      cli("--test-fraction", "1.5"),
      "option '--test-fraction <f>' argument '1.5' is invalid. Expected a fraction in [0, 1).",
    );
  });

  it("rejects an unknown option on one line, with commander's suggestion", () => {
    expectOneErrorLine(
      cli("train", "--tops", "3"),
      /^error: unknown option '--tops' \(Did you mean --top\?\)\n$/,
    );
  });
});

describe("save, then predict", () => {
  it("round-trips: predict gives what the saved model computes, line by line", () => {
    const data = writeCsv("breast-cancer.csv", breastCancerCsv());
    const saved = cli("--csv", data, "--label", "diagnosis", "--optimizer", "newton", "--save", "model.json");
    expect(saved.stderr).toBe("");
    expect(saved.status).toBe(0);
    expect(saved.stdout).toContain("Saved the newton model to model.json, refitted on all 569 rows");

    const predicted = cli("predict", "model.json", data, "--output", "predictions.csv");
    expect(predicted.status).toBe(0);
    const accuracy = Number(/Accuracy against the "diagnosis" column: ([0-9.]+)/.exec(predicted.stderr)?.[1]);
    expect(accuracy).toBeGreaterThan(0.95);

    // Recompute from the saved JSON with the library itself: the CLI must standardize the same way.
    const json = JSON.parse(readFileSync(join(workDirectory, "model.json"), "utf8"));
    const model = LogisticRegression.fromJSON(json.model);
    const dataset = loadBreastCancer();
    const X = {
      data: applyStandardization(dataset.data, dataset.shape, {
        mean: Float64Array.from(json.standardization.mean),
        scale: Float64Array.from(json.standardization.scale),
      }),
      shape: dataset.shape,
    };
    const probabilities = model.predictProba(X);
    const labels = model.predict(X);
    const lines = readFileSync(join(workDirectory, "predictions.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,prediction,probability_benign,probability_malignant");
    expect(lines.length - 1).toBe(dataset.shape[0]);
    for (let row = 0; row < dataset.shape[0]; row++) {
      const [line, label, benign, malignant] = lines[row + 1]!.split(",");
      expect(Number(line)).toBe(row + 2); // The header is line 1.
      expect(label).toBe(labels[row]);
      // JSON and CSV both print numbers with the shortest text that reads back exactly.
      expect(Number(benign)).toBe(probabilities[row]![0]);
      expect(Number(malignant)).toBe(probabilities[row]![1]);
    }
  });

  it("refuses a file that is not a saved model", () => {
    writeCsv("not-a-model.json", '{"format":"something else"}');
    const run = cli("predict", "not-a-model.json", "breast-cancer.csv");
    expectOneErrorLine(run, /^error: not-a-model\.json is not a model saved by this demo/);
  });

  it("leaves an existing model file untouched when training fails", () => {
    writeCsv("keep.json", "previous contents");
    writeCsv("bad.csv", "a,b,y\n1,2,x\n");
    const run = cli("--csv", "bad.csv", "--label", "y", "--optimizer", "sgd", "--save", "keep.json");
    expect(run.status).toBe(1);
    expect(readFileSync(join(workDirectory, "keep.json"), "utf8")).toBe("previous contents");
    expect(readdirSync(workDirectory).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("arguments", () => {
  it("accepts npm's habit of a leading --, as in pnpm demo -- --optimizer newton", () => {
    const run = cli("--", "--optimizer", "newton");
    expect(run.status).toBe(0);
    expect(parseTable(run.stdout).map((row) => row.optimizer)).toEqual(["newton"]);
  });

  it("trains with numeric labels and saves them as numbers", () => {
    writeCsv(
      "numeric.csv",
      "a,b,y\n0.1,1,0\n0.9,2,1\n0.2,1.5,0\n0.8,2.5,1\n0.3,1.1,0\n0.7,2.2,1\n0.25,2.1,0\n0.6,1.2,1\n",
    );
    const saved = cli(
      "--csv",
      "numeric.csv",
      "--label",
      "y",
      "-o",
      "lbfgs",
      "--test-fraction",
      "0",
      "--save",
      "numeric.json",
    );
    expect(saved.status).toBe(0);
    expect(parseTable(saved.stdout)[0]!.testAccuracy).toBeNaN(); // "—": no test rows
    const json = JSON.parse(readFileSync(join(workDirectory, "numeric.json"), "utf8"));
    expect(json.model.classes).toEqual([0, 1]);
    const predicted = cli("predict", "numeric.json", "numeric.csv");
    expect(predicted.status).toBe(0);
    expect(predicted.stdout.split("\n")[0]).toBe("line,prediction,probability_0,probability_1");
    expect(predicted.stderr).toMatch(/Accuracy against the "y" column: [01]\.\d{3} \(\d of 8 rows\)/);
  });
});

describe("--help", () => {
  it("lists the train and predict commands", () => {
    const run = cli("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}train \[options\]/m);
    expect(run.stdout).toMatch(/^ {2}predict \[options\] \[model\] \[csv\]/m);
  });

  it("documents every training option, --test-fraction and the refit on all rows among them", () => {
    const run = cli("train", "--help");
    expect(run.status).toBe(0);
    // commander wraps the help at 80 columns.
    const help = run.stdout.replace(/\s+/g, " ");
    expect(help).toContain("the saved model is refitted on all rows either way");
    expect(help).toContain("--no-refit with --save: save the model fitted on the training rows");
    for (const flag of [
      "--csv",
      "--label",
      "--optimizer",
      "--learning-rate",
      "--l2",
      "--max-iter",
      "--tol",
      "--seed",
      "--test-fraction",
      "--save",
      "--no-refit",
      "--missing",
      "--top",
      "--data",
      "--engine",
      "--memory-limit",
      "--threads",
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });
});
