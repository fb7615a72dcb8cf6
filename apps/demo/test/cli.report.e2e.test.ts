import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneErrorLine, runCli, workDirectoryForTests, writeText } from "./cliRunner.js";

const workDirectory = workDirectoryForTests("descent-demo-cli-report-");
const cli = (...args: string[]) => runCli(workDirectory, args);
const write = (name: string, text: string) => writeText(workDirectory, name, text);

/** The rows of the text table that follows the line starting with `heading` (cells two spaces apart). */
function tableAfter(text: string, heading: string): string[][] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start, `no table headed "${heading}" in:\n${text}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (line.trim() === "") break;
    rows.push(line.trim().split(/\s{2,}/));
  }
  return rows;
}

describe("the report of a fit", () => {
  it("lists the --top largest coefficients of the model it fitted, largest first, then the intercept", () => {
    const run = cli("train", "-o", "newton", "--top", "4", "--test-fraction", "0", "--save", "top.json");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Coefficients, the 4 largest of 30 in magnitude");
    const table = tableAfter(run.stdout, "feature ");
    const json = JSON.parse(readFileSync(join(workDirectory, "top.json"), "utf8"));
    const names: string[] = json.featureNames;
    // One row of coefficients for two classes (scikit-learn's coef_ of shape (1, n)).
    const coef: number[] = json.model.coef[0];
    const expected = names
      .map((name, k) => [name, coef[k]!] as const)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, 4)
      .map(([name, value]) => [name, value.toFixed(4)]);
    expect(table).toEqual([...expected, ["(intercept)", json.model.intercept[0].toFixed(4)]]);
  });

  it("gives per-class precision, recall and F1 on the held-out rows that agree with its confusion matrix", () => {
    const run = cli("train", "-o", "lbfgs");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("On the 142 held-out test rows:");
    const scores = tableAfter(run.stdout, "class ");
    const matrix = tableAfter(run.stdout, "true \\ predicted");
    expect(scores.map((row) => row[0])).toEqual(["benign", "malignant"]);
    expect(matrix.map((row) => row[0])).toEqual(["benign", "malignant"]);
    const counts = matrix.map((row) => row.slice(1).map(Number));
    // The held-out split keeps each class's share: round(0.25 · 357) = 89 and round(0.25 · 212) = 53.
    expect(counts.map((row) => row[0]! + row[1]!)).toEqual([89, 53]);
    for (let k = 0; k < 2; k++) {
      const truePositives = counts[k]![k]!;
      const predicted = counts[0]![k]! + counts[1]![k]!;
      const support = counts[k]![0]! + counts[k]![1]!;
      expect(scores[k]).toEqual([
        scores[k]![0],
        (truePositives / predicted).toFixed(3),
        (truePositives / support).toFixed(3),
        ((2 * truePositives) / (predicted + support)).toFixed(3),
        String(support),
      ]);
    }
    const testAccuracy = Number(tableAfter(run.stdout, "optimizer ")[0]![6]);
    expect(((counts[0]![0]! + counts[1]![1]!) / 142).toFixed(3)).toBe(testAccuracy.toFixed(3));
  });

  it("summarizes numeric classes and classes with commas so that they read unambiguously", () => {
    write("numeric.csv", "a,y\n1,0\n2,0\n3,0\n4,1\n5,1\n");
    const numeric = cli(
      "train",
      "--csv",
      "numeric.csv",
      "--label",
      "y",
      "-o",
      "newton",
      "--test-fraction",
      "0",
    );
    expect(numeric.stdout).toContain('label "y": 0 (3 rows), 1 (2 rows).');
    write("commas.csv", 'a,y\n1,"stage 2, late"\n2,"stage 2, late"\n3,early\n4,early\n5,early\n');
    const commas = cli(
      "train",
      "--csv",
      "commas.csv",
      "--label",
      "y",
      "-o",
      "newton",
      "--test-fraction",
      "0",
    );
    expect(commas.status, commas.stderr).toBe(0);
    expect(commas.stdout).toContain('label "y": early (3 rows), "stage 2, late" (2 rows).');
    expect(tableAfter(commas.stdout, "true \\ predicted")[1]![0]).toBe('"stage 2, late"');
  });
});

describe("--missing", () => {
  // Row 4 (line 5) misses a feature; the label tells the classes apart by a.
  const text = "a,b,y\n1,10,x\n2,20,x\n3,,x\n7,30,z\n8,40,z\n9,50,z\n";

  it("error (the default) refuses the file, naming the cell and the choices", () => {
    write("missing.csv", text);
    expectOneErrorLine(
      cli("train", "--csv", "missing.csv", "--label", "y"),
      'missing.csv: line 4, column "b" (column 2): the value is empty (--missing drop skips such rows, --missing mean fills in the column\'s mean).',
    );
  });

  it("error also refuses the spellings of NA that pandas reads as missing", () => {
    write("na.csv", text.replace("3,,x", "3,NA,x"));
    expectOneErrorLine(
      cli("train", "--csv", "na.csv", "--label", "y"),
      /line 4, column "b" \(column 2\): the value "NA" marks a missing value/,
    );
  });

  it("drop trains on the other rows and says how many it dropped", () => {
    write("drop.csv", text);
    const run = cli(
      "train",
      "--csv",
      "drop.csv",
      "--label",
      "y",
      "-o",
      "newton",
      "--test-fraction",
      "0",
      "--missing",
      "drop",
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Data: drop.csv, 5 rows × 2 features");
    expect(run.stdout).toContain("Missing: 1 row with a missing cell dropped (--missing drop).");
  });

  it("mean fills the cell with the training rows' mean, and predict fills it the same way", () => {
    write("mean.csv", text);
    const run = cli(
      "train",
      "--csv",
      "mean.csv",
      "--label",
      "y",
      "-o",
      "newton",
      "--test-fraction",
      "0",
      "--missing",
      "mean",
      "--save",
      "mean.json",
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "Missing: 1 missing cell filled with the training rows' column mean (--missing mean).",
    );
    const json = JSON.parse(readFileSync(join(workDirectory, "mean.json"), "utf8"));
    expect(json.standardization.mean[1]).toBe((10 + 20 + 30 + 40 + 50) / 5); // over the 5 values present
    // Predicting the row with its cell missing is predicting it with the mean written in.
    const missing = cli("predict", "mean.json", "mean.csv", "--missing", "mean");
    const filled = cli("predict", "mean.json", write("filled.csv", text.replace("3,,x", "3,30,x")));
    expect(missing.status, missing.stderr).toBe(0);
    expect(missing.stdout).toBe(filled.stdout);
    expectOneErrorLine(
      cli("predict", "mean.json", "mean.csv"),
      /^error: mean\.csv: line 4, column "b" \(column 2\): the value is empty/,
    );
  });

  it("drop in predict leaves the row out of the predictions and says so", () => {
    const run = cli("predict", "mean.json", "mean.csv", "--missing", "drop");
    expect(run.status, run.stderr).toBe(0);
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(",")[0]),
    ).toEqual(["line", "2", "3", "5", "6", "7"]);
    expect(run.stderr).toContain("Skipped 1 row with a missing cell (--missing drop).");
  });
});

describe("values shown in errors", () => {
  const huge = "9".repeat(10_000_000);

  it("cut a 10 MB bad cell to 40 characters", () => {
    write("huge-cell.csv", `a,y\n1,x\n${huge}x,z\n`);
    const run = cli("train", "--csv", "huge-cell.csv", "--label", "y");
    expectOneErrorLine(
      run,
      `huge-cell.csv: line 3, column "a" (column 1): the value is "${"9".repeat(40)}"…, not a finite number.`,
    );
  });

  it("cut a 10 MB label and column name alike", () => {
    write("huge-label.csv", `a,y\n1,${huge}\n2,${huge}\n`);
    expectOneErrorLine(
      cli("train", "--csv", "huge-label.csv", "--label", "y"),
      /^error: huge-label\.csv: column "y" \(column 2\): every row has the class "9{40}"…;/,
    );
    write("huge-header.csv", `${huge},y\n1,x\n`);
    const run = cli("train", "--csv", "huge-header.csv", "--label", "nope");
    expectOneErrorLine(
      run,
      `huge-header.csv: line 1: there is no label column named "nope"; the columns are "${"9".repeat(40)}"…, "y".`,
    );
  });
});

describe("more than two classes", () => {
  it("fits iris's three species (the multinomial loss), reports each class, saves, and predicts with the saved model", () => {
    const run = cli("train", "--dataset", "iris", "-o", "newton", "--save", "iris.json");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("mean multinomial (softmax) loss over 3 classes");
    const perClass = tableAfter(run.stdout, "class ");
    expect(perClass.map((row) => row[0])).toEqual(["setosa", "versicolor", "virginica"]);
    const confusion = tableAfter(run.stdout, "true \\ predicted");
    expect(confusion.length).toBe(3);
    // Every held-out row is counted once: 13 of each species.
    for (const row of confusion) expect(row.slice(1).reduce((sum, cell) => sum + Number(cell), 0)).toBe(13);
    const json = JSON.parse(readFileSync(join(workDirectory, "iris.json"), "utf8"));
    expect(json.model.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(json.model.coef.length).toBe(3);
    write(
      "flowers.csv",
      "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.0,2.9,4.5,1.5,versicolor\n7.7,3.0,6.1,2.3,virginica\n",
    );
    const predicted = cli("predict", "iris.json", "flowers.csv", "--output", "flowers-predicted.csv");
    expect(predicted.status, predicted.stderr).toBe(0);
    const lines = readFileSync(join(workDirectory, "flowers-predicted.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,prediction,probability_setosa,probability_versicolor,probability_virginica");
    expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(["setosa", "versicolor", "virginica"]);
  });
});

describe("L1: a sparse model, and the regularization path", () => {
  it("--l1 fits a sparse model: most coefficients exactly 0 in the saved file, the objective stated", () => {
    const run = cli("train", "-o", "newton", "--l1", "0.02", "--test-fraction", "0", "--save", "sparse.json");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("+ λ1‖w‖₁ + (λ2/2)‖w‖², λ1 = 0.02, λ2 = 0");
    const json = JSON.parse(readFileSync(join(workDirectory, "sparse.json"), "utf8"));
    const coef: number[] = json.model.coef[0];
    const zeros = coef.filter((w) => w === 0).length;
    expect(zeros).toBeGreaterThan(coef.length / 2);
    expect(json.model.l1).toBe(0.02);
  });

  it("--path prints 20 strengths, strongest first, with non-zero counts that grow as the penalty falls", () => {
    const run = cli("train", "-o", "newton", "--path", "--top", "0");
    expect(run.status, run.stderr).toBe(0);
    const path = tableAfter(run.stdout, " strength");
    expect(path.length).toBe(20);
    const nonZero = path.map((row) => Number(row[3]!.split(" ")[0]));
    expect(nonZero[0]).toBe(0);
    for (let k = 1; k < nonZero.length; k++) expect(nonZero[k]!).toBeGreaterThanOrEqual(nonZero[k - 1]! - 1);
    expect(nonZero[nonZero.length - 1]!).toBeGreaterThan(15);
  });
});
