import { loadIris } from "@descent/datasets";
import { beforeAll, describe, expect, it } from "vitest";
import { breastCancerCsv, type CliRun } from "./cliRunner.js";
import { duckdbWorkspace, expectSameModel, type SavedModelJson } from "./duckdbE2e.js";
import { duckdb } from "./inProcessDuckDB.js";

const { cli, write, pathOf, readJson, csvRows } = duckdbWorkspace("descent-demo-cli-duckdb-multinomial-");

/** Iris as a user would have it: four measurements and the species, by name. */
function irisCsv(): string {
  const iris = loadIris();
  const [rows, columns] = iris.shape;
  const lines = ["sepal_length,sepal_width,petal_length,petal_width,species"];
  for (let i = 0; i < rows; i++) {
    lines.push([...iris.data.subarray(i * columns, (i + 1) * columns), iris.labels[i]].join(","));
  }
  return `${lines.join("\n")}\n`;
}

const tight = ["-o", "newton", "--tol", "1e-10"];

beforeAll(async () => {
  write("iris.csv", irisCsv());
  write("cancer.csv", breastCancerCsv());
  await duckdb(
    `COPY (SELECT * FROM read_csv('${pathOf("iris.csv")}')) TO '${pathOf("iris.parquet")}' (FORMAT parquet)`,
  );
});

describe("iris (three classes): --engine duckdb fits the multinomial loss, as the in-memory fit", () => {
  let inMemory: SavedModelJson;
  let memoryRun: CliRun;
  beforeAll(() => {
    memoryRun = cli(
      "train",
      "--csv",
      "iris.csv",
      "--label",
      "species",
      ...tight,
      "--test-fraction",
      "0",
      "--save",
      "iris-memory.json",
    );
    expect(memoryRun.status, memoryRun.stderr).toBe(0);
    inMemory = readJson("iris-memory.json");
  });

  for (const format of ["csv", "parquet"]) {
    it(`trains on the ${format} file to the in-memory model (1e-8), with its per-class table and confusion matrix`, () => {
      const model = `iris-${format}-duckdb.json`;
      const run = cli(
        "--engine",
        "duckdb",
        "--data",
        `iris.${format}`,
        "--label",
        "species",
        ...tight,
        "--save",
        model,
      );
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      // The per-class table and the confusion matrix over the file's rows, as the in-memory path prints them.
      expect(run.stdout).toContain("feature        setosa  versicolor  virginica");
      expect(run.stdout).toMatch(/^class +precision +recall +F1 +rows$/m);
      expect(run.stdout).toMatch(/^true \\ predicted +setosa +versicolor +virginica$/m);
      expect(run.stdout).toMatch(/^setosa +50 +0 +0$/m);
      expect(run.stdout).toContain(
        "Objective: mean multinomial (softmax) loss over 3 classes + (λ/2)‖w‖², λ = 1/150",
      );
      expect(run.stdout).toMatch(/^newton +\d+ +\d+ .* yes +‖∇f‖∞ ≤ 1e-10$/m);
      const saved: SavedModelJson = readJson(model);
      expectSameModel(saved, inMemory, 1e-8);
      expect(saved.training.trainAccuracy).toBe(inMemory.training.trainAccuracy);
    });
  }

  it("predicts one probability column per class, as the in-memory predict (same model: to the last bits)", async () => {
    const memoryPredict = cli("predict", "iris-memory.json", "iris.csv", "--output", "iris-memory.csv");
    expect(memoryPredict.status, memoryPredict.stderr).toBe(0);
    const expected = csvRows("iris-memory.csv");
    expect(expected[0]).toEqual([
      "line",
      "prediction",
      "probability_setosa",
      "probability_versicolor",
      "probability_virginica",
    ]);
    for (const [model, tolerance] of [
      ["iris-memory.json", 4e-16],
      ["iris-parquet-duckdb.json", 1e-7],
    ] as const) {
      for (const out of ["csv", "parquet"]) {
        const predictions = `iris-predictions-${model}.${out}`;
        const run = cli(
          "predict",
          "--engine",
          "duckdb",
          "--model",
          model,
          "--data",
          "iris.parquet",
          "--out",
          predictions,
        );
        expect(run.status, run.stderr).toBe(0);
        expect(run.stderr).toContain(`Wrote 150 predictions to ${predictions}.`);
        expect(run.stderr).toContain(/Accuracy against [^\n]*\n/.exec(memoryPredict.stderr)![0]);
        const rows =
          out === "csv"
            ? csvRows(predictions)
            : [
                expected[0]!.slice(1),
                ...(await duckdb(`SELECT * FROM read_parquet('${pathOf(predictions)}')`)).map((row) =>
                  row.map(String),
                ),
              ];
        expect(rows[0]).toEqual(expected[0]!.slice(1));
        expect(rows.length).toBe(expected.length);
        for (let i = 1; i < rows.length; i++) {
          expect(rows[i]![0], `row ${i}`).toBe(expected[i]![1]);
          for (let k = 1; k < rows[i]!.length; k++) {
            const [a, b] = [Number(rows[i]![k]), Number(expected[i]![k + 1])];
            expect(Math.abs(a - b), `row ${i}: ${a} vs ${b}`).toBeLessThanOrEqual(
              tolerance * Math.max(1, b) + 1e-300,
            );
          }
        }
      }
    }
  });
});

describe("--l1 with --engine duckdb", () => {
  it.each([
    ["cancer", "diagnosis", "0.01"],
    ["iris", "species", "0.02"],
  ])(
    "%s: the DuckDB fit equals the in-memory L1 fit (1e-8), with the same exact zeros",
    (name, label, l1) => {
      const memory = cli(
        "train",
        "--csv",
        `${name}.csv`,
        "--label",
        label,
        ...tight,
        "--l1",
        l1,
        "--test-fraction",
        "0",
        "--save",
        `${name}-l1-memory.json`,
      );
      expect(memory.status, memory.stderr).toBe(0);
      const run = cli(
        "--engine",
        "duckdb",
        "--data",
        `${name}.csv`,
        "--label",
        label,
        ...tight,
        "--l1",
        l1,
        "--save",
        `${name}-l1-duckdb.json`,
      );
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`λ1‖w‖₁ + (λ2/2)‖w‖², λ1 = ${l1}, λ2 = 0`);
      const saved: SavedModelJson = readJson(`${name}-l1-duckdb.json`);
      const expected: SavedModelJson = readJson(`${name}-l1-memory.json`);
      expectSameModel(saved, expected, 1e-8);
      const zeros = (json: SavedModelJson) => json.model.coef.flat().flatMap((w, j) => (w === 0 ? [j] : []));
      expect(zeros(expected).length).toBeGreaterThan(0);
      expect(zeros(saved)).toEqual(zeros(expected));
    },
  );
});
