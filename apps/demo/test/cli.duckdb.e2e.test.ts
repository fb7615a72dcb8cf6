import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { breastCancerCsv, type CliRun, expectOneErrorLine } from "./cliRunner.js";
import { duckdbWorkspace, expectSameModel, type SavedModelJson } from "./duckdbE2e.js";
import { duckdb } from "./inProcessDuckDB.js";

const { cli, write, pathOf, readJson, csvRows } = duckdbWorkspace("descent-demo-cli-duckdb-");

/**
 * 60 rows, numeric labels 0/1, three features of different scales that overlap between the classes (so
 * the optimum is finite and the standardization matters).
 */
function overlappingClasses(): string {
  const lines = ["size,ratio,count,y"];
  for (let i = 0; i < 60; i++) {
    const y = i % 3 === 0 ? 1 : 0;
    const u = ((i * 37) % 60) / 60;
    lines.push(`${1000 * (u + 0.6 * y)},${(0.01 * ((i * 11) % 7)).toFixed(2)},${(i * 13) % 9},${y}`);
  }
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  write("cancer.csv", breastCancerCsv());
  write("overlap.csv", overlappingClasses());
  // The Parquet files hold the same rows, written by DuckDB (numbers as DOUBLE or BIGINT, as it reads the CSV).
  for (const name of ["cancer", "overlap"]) {
    await duckdb(
      `COPY (SELECT * FROM read_csv('${pathOf(`${name}.csv`)}')) TO '${pathOf(`${name}.parquet`)}' (FORMAT parquet)`,
    );
  }
  // A model of overlap's three features for the refusals below, fitted in memory.
  const run = cli("--csv", "overlap.csv", "--label", "y", "-o", "newton", "--save", "overlap-model.json");
  expect(run.status, run.stderr).toBe(0);
});

const problems = [
  { name: "cancer", label: "diagnosis" },
  { name: "overlap", label: "y" },
] as const;

describe.each(problems)(
  "$name: --engine duckdb against the in-memory fit of the same rows",
  ({ name, label }) => {
    let inMemory: SavedModelJson;
    beforeAll(() => {
      // All rows (--test-fraction 0), so both fit the same data with λ = 1/m; a tight tol, so that both stop
      // at the optimum rather than wherever ‖∇f‖∞ first fell below 1e-4.
      const run = cli(
        "train",
        "--csv",
        `${name}.csv`,
        "--label",
        label,
        "-o",
        "newton",
        "--tol",
        "1e-10",
        "--test-fraction",
        "0",
        "--save",
        `${name}-memory.json`,
      );
      expect(run.status, run.stderr).toBe(0);
      inMemory = readJson(`${name}-memory.json`);
    });

    for (const format of ["csv", "parquet"]) {
      it(`trains on the ${format} file to the in-memory model (1e-8), and predicts what the in-memory model predicts`, async () => {
        const model = `${name}-${format}-duckdb.json`;
        const run = cli(
          "--engine",
          "duckdb",
          "--data",
          `${name}.${format}`,
          "--label",
          label,
          "-o",
          "newton",
          "--tol",
          "1e-10",
          "--threads",
          "2",
          "--memory-limit",
          "256MB",
          "--save",
          model,
        );
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout).toContain("Engine: DuckDB (memory_limit 256MB, 2 threads)");
        expect(run.stdout).toMatch(/^newton +\d+ +\d+ .* yes +‖∇f‖∞ ≤ 1e-10$/m);
        const saved: SavedModelJson = readJson(model);
        expectSameModel(saved, inMemory, 1e-8);
        expect(saved.training.engine).toBe("duckdb");
        // The accuracy that DuckDB counted is the in-memory model's on the same rows.
        expect(saved.training.trainAccuracy).toBe(inMemory.training.trainAccuracy);

        // Predictions: the in-memory predict with the in-memory model, DuckDB's with DuckDB's model.
        const memoryRun = cli(
          "predict",
          `${name}-memory.json`,
          `${name}.csv`,
          "--output",
          `${name}-memory.csv`,
        );
        expect(memoryRun.status, memoryRun.stderr).toBe(0);
        const expected = csvRows(`${name}-memory.csv`);
        for (const out of ["csv", "parquet"]) {
          const predictions = `${name}-${format}-predictions.${out}`;
          const predicted = cli(
            "predict",
            "--engine",
            "duckdb",
            "--model",
            model,
            "--data",
            `${name}.${format}`,
            "--out",
            predictions,
          );
          expect(predicted.status, predicted.stderr).toBe(0);
          expect(predicted.stderr).toContain(`Wrote ${expected.length - 1} predictions to ${predictions}.`);
          // The label column is in the file: the accuracy against it, as the in-memory predict reports it.
          expect(predicted.stderr).toContain(/Accuracy against [^\n]*\n/.exec(memoryRun.stderr)![0]);
          const rows =
            out === "csv"
              ? csvRows(predictions)
              : [
                  ["prediction", ...expected[0]!.slice(2)],
                  ...(await duckdb(`SELECT * FROM read_parquet('${pathOf(predictions)}')`)).map((row) =>
                    row.map(String),
                  ),
                ];
          // Same header (less the in-memory CSV's line column), same order of rows.
          expect(rows[0]).toEqual(expected[0]!.slice(1));
          expect(rows.length).toBe(expected.length);
          for (let i = 1; i < rows.length; i++) {
            expect(rows[i]![0], `row ${i}`).toBe(expected[i]![1]);
            for (let k = 1; k < rows[i]!.length; k++) {
              // Models equal to 1e-8 give probabilities equal to about 1e-8 times the logit's size.
              expect(Math.abs(Number(rows[i]![k]) - Number(expected[i]![k + 1])), `row ${i}`).toBeLessThan(
                1e-7,
              );
            }
          }
        }
      });
    }

    it("predicts with the in-memory model through DuckDB, to the last bits of the in-memory predict", () => {
      const run = cli(
        "predict",
        "--engine",
        "duckdb",
        "--model",
        `${name}-memory.json`,
        "--data",
        `${name}.parquet`,
        "--out",
        `${name}-same-model.csv`,
      );
      expect(run.status, run.stderr).toBe(0);
      const memoryRun = cli(
        "predict",
        `${name}-memory.json`,
        `${name}.csv`,
        "--output",
        `${name}-memory.csv`,
      );
      expect(memoryRun.status, memoryRun.stderr).toBe(0);
      const [expected, actual] = [csvRows(`${name}-memory.csv`), csvRows(`${name}-same-model.csv`)];
      for (let i = 1; i < expected.length; i++) {
        expect(actual[i]![0]).toBe(expected[i]![1]);
        for (let k = 1; k < actual[i]!.length; k++) {
          const [a, b] = [Number(actual[i]![k]), Number(expected[i]![k + 1])];
          // The same arithmetic per row in SQL as in core, but exp may round differently from Math.exp.
          expect(Math.abs(a - b), `row ${i}: ${a} vs ${b}`).toBeLessThanOrEqual(
            4e-16 * Math.max(1e-300, b) + 1e-300,
          );
        }
      }
    });
  },
);

describe("the in-memory engine and --data", () => {
  it("trains on a CSV file named by --data, as with --csv", () => {
    const run = cli("--data", "overlap.csv", "--label", "y", "-o", "lbfgs");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Data: overlap.csv, 60 rows × 3 features");
  });

  it("still reads a CSV file of any other name", () => {
    write("overlap.txt", readFileSync(pathOf("overlap.csv"), "utf8"));
    expect(cli("--csv", "overlap.txt", "--label", "y", "-o", "newton").status).toBe(0);
    expect(cli("predict", "overlap-model.json", "overlap.txt").status).toBe(0);
  });

  it("refuses a Parquet file, saying that --engine duckdb reads it", () => {
    expectOneErrorLine(
      cli("--data", "overlap.parquet", "--label", "y"),
      "--data overlap.parquet: the in-memory engine reads CSV files; add --engine duckdb to read this file through DuckDB (without loading it).",
    );
    expectOneErrorLine(
      cli("predict", "overlap-model.json", "overlap.parquet"),
      /add --engine duckdb to predict this file through DuckDB/,
    );
  });

  it("refuses DuckDB's settings without --engine duckdb", () => {
    expectOneErrorLine(
      cli("--data", "overlap.csv", "--label", "y", "--memory-limit", "1GB"),
      "--memory-limit is a setting of DuckDB: add --engine duckdb.",
    );
  });
});

describe("bad input with --engine duckdb: one error line naming the file, the column and the count", () => {
  const train = (data: string, ...rest: string[]) =>
    cli("--engine", "duckdb", "--data", data, "--label", "y", "-o", "newton", ...rest);

  it("a missing file", () => {
    expectOneErrorLine(
      train("missing.parquet"),
      `Cannot read --data missing.parquet: no such file (looked for ${pathOf("missing.parquet")}).`,
    );
  });

  it("a missing label column, listing the file's columns", () => {
    write("unlabelled.csv", "a,b\n1,2\n3,4\n");
    expectOneErrorLine(
      train("unlabelled.csv"),
      '--data unlabelled.csv has no column "y" (the label, --label); its columns are "a", "b".',
    );
  });

  it("a column that is not numbers, as a default feature and as a named one", () => {
    write("text.csv", "a,name,y\n1,x,0\n2,y,1\n3,z,0\n");
    expectOneErrorLine(
      train("text.csv"),
      '--data text.csv: column "name" holds VARCHAR, not numbers, so it cannot be a feature; name the features to use with --features a,b,c.',
    );
    expectOneErrorLine(
      train("text.csv", "--features", "a,name"),
      '--data text.csv: column "name" holds VARCHAR, not numbers, so it cannot be a feature; leave it out of --features.',
    );
    expect(train("text.csv", "--features", "a").status).toBe(0);
  });

  it("NULL feature cells, naming the column and the count", () => {
    write("holes.csv", "a,b,y\n1,2,0\n2,,1\n3,4,0\n4,,1\n");
    expectOneErrorLine(
      train("holes.csv"),
      '--data holes.csv: features[1], column "b" of the file "holes.csv", has 2 NULLs in 4 rows; features must be finite numbers. [NON_FINITE_VALUE]',
    );
    write("holes-model.csv", "size,ratio,count,y\n1,2,3,0\n1,2,,1\n");
    expectOneErrorLine(
      cli(
        "predict",
        "--engine",
        "duckdb",
        "--model",
        "overlap-model.json",
        "--data",
        "holes-model.csv",
        "--out",
        "x.csv",
      ),
      '--data holes-model.csv: column "count" has 1 NULL (empty) cell in 2 rows; --engine duckdb needs a finite number in every feature cell (remove or fill those rows first).',
    );
  });

  it("a label with one class (three fit the multinomial loss: see cli.duckdb.multinomial.e2e.test.ts)", () => {
    write("one-class.csv", "a,y\n1,0\n2,0\n");
    expectOneErrorLine(
      train("one-class.csv"),
      '--data one-class.csv: label column "y" has a single class (0); two are needed to fit a classifier.',
    );
  });

  it("DuckDB's memory limit, passed through --memory-limit, with what to change when it is too small", () => {
    // DuckDB's CSV reader needs a block of some 30 MiB: a 1 MB limit cannot read the file at all.
    expectOneErrorLine(
      train("overlap.csv", "--memory-limit", "1MB"),
      /^error: Cannot read --data overlap\.csv through DuckDB: .*Out of Memory Error.* \(with the command line: raise --memory-limit, or lower --threads; Parquet needs less than CSV\)\n$/,
    );
    expect(train("overlap.parquet", "--memory-limit", "64MB", "--threads", "1").status).toBe(0);
  });

  it("minibatches (--batch-size) stream the file once an epoch and reach the full-batch optimum's region", () => {
    const finalLoss = (run: CliRun, optimizer: string): number => {
      expect(run.status, run.stderr).toBe(0);
      const row = run.stdout.split("\n").find((line) => line.startsWith(`${optimizer} `));
      expect(row, run.stdout).toBeDefined();
      // optimizer, iterations, data passes, time (number and unit), then the final loss.
      return Number(row!.trim().split(/\s+/)[5]);
    };
    const minibatch = cli(
      ..."--engine duckdb --data overlap.parquet --label y -o sgd --batch-size 10 --seed 3".split(" "),
    );
    expect(minibatch.stdout).toContain("minibatches of 10, one streamed read of the file per epoch");
    const optimum = finalLoss(train("overlap.parquet", "--tol", "1e-10"), "newton");
    const sgdLoss = finalLoss(minibatch, "sgd");
    expect(sgdLoss).toBeGreaterThanOrEqual(optimum - 1e-12);
    expect(sgdLoss - optimum).toBeLessThan(1e-3);
  });

  it("--batch-size with three classes: the multinomial DuckDB objective runs full batch only", () => {
    write("three.csv", "a,y\n1,0\n2,1\n3,2\n4,0\n5,1\n6,2\n");
    expectOneErrorLine(
      cli(..."--engine duckdb --data three.csv --label y -o sgd --batch-size 2".split(" ")),
      "--engine duckdb does not take --batch-size with 3 classes: the multinomial DuckDB objective runs full batch only (remove --batch-size, or train in memory).",
    );
  });

  it("what the DuckDB objective does not do, and predictions without --out", () => {
    expectOneErrorLine(
      train("overlap.csv", "--l1", "0.1", "--path"),
      "--engine duckdb does not take --path: the regularization path is fitted in memory only (train with --l1 <λ1> on DuckDB instead).",
    );
    expectOneErrorLine(
      train("overlap.csv", "--test-fraction", "0.2"),
      /^error: --engine duckdb does not take --test-fraction/,
    );
    expectOneErrorLine(
      cli("predict", "--engine", "duckdb", "--model", "overlap-model.json", "--data", "overlap.csv"),
      "--engine duckdb writes the predictions to a file: add --out predictions.csv (or predictions.parquet).",
    );
  });
});
