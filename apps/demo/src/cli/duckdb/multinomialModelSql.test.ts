import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Label, LogisticRegression } from "@descent/core";
import { describe, expect, it } from "vitest";
import { runBound } from "../../../test/inProcessDuckDB.js";
import {
  accuracyOf,
  classLogitsSql,
  type MultinomialModel,
  multinomialModelParameters,
  multinomialPredictionCopyStatement,
  multinomialScoreStatement,
  multinomialScoresOf,
} from "./multinomialModelSql.js";

// Logits of ±1e4 (exp overflows beyond 709), a tie between two classes, and ordinary rows; a label that is
// no class of the model ("other"), left out of the scores.
const rows = [
  [3.5, -2, "b"],
  [-1, 0.25, "a"],
  [0.5, 7, "c"],
  [2000, 1, "a"],
  [-2000, 1, "c"],
  [1.5, 0.5, "b"],
  [1e-3, -1e-3, "other"],
] as const;
const table = `CREATE TABLE t AS SELECT * FROM (VALUES ${rows.map(([u, v, y]) => `(${u}::DOUBLE, ${v}::DOUBLE, '${y}')`).join(", ")}) AS v("u v", w, label)`;
const model: MultinomialModel = {
  featureNames: ["u v", "w"],
  mean: [1.5, 0.5],
  scale: [0.2, 3],
  coef: [1.0000000000000002, -0.3, -1, 0.5, 0, 0.25],
  intercept: [0.1, 0.1, -0.2],
  classes: ["a", "b", "c"],
};
const estimator = LogisticRegression.fromJSON<Label>({
  format: "descent.LogisticRegression",
  version: 2,
  classes: ["a", "b", "c"],
  coef: [
    [1.0000000000000002, -0.3],
    [-1, 0.5],
    [0, 0.25],
  ],
  intercept: [0.1, 0.1, -0.2],
  fitIntercept: true,
  l2: 0,
  optimizer: null,
});
const standardized = rows.map(([u, v]) => [(u - 1.5) / 0.2, (v - 0.5) / 3]);

describe("the multinomial model's SQL", () => {
  it("computes core's K logits, bit for bit", async () => {
    const result = await runBound(
      table,
      `SELECT ${classLogitsSql(model.featureNames, 3).join(", ")} FROM t`,
      multinomialModelParameters(model),
    );
    expect(result.flat()).toEqual(Array.from(estimator.decisionFunction(standardized)));
    expect(Math.max(...result.flat().map((z) => Math.abs(z as number)))).toBeGreaterThan(1000);
  });

  it("scores in one aggregate: core's K × K confusion matrix and a finite mean log loss at logits of ±1e4", async () => {
    const [row] = await runBound(
      table,
      multinomialScoreStatement(model, "label", "t").sql,
      multinomialModelParameters(model),
    );
    const scores = multinomialScoresOf(Float64Array.from(row!, Number), 3);
    const predicted = estimator.predict(standardized);
    const labelled = rows.map(([, , y]) => y).slice(0, -1);
    expect(scores.labelled).toBe(labelled.length);
    expect(scores.counts).toEqual(
      model.classes.map((truth) =>
        model.classes.map((guess) => labelled.filter((y, i) => y === truth && predicted[i] === guess).length),
      ),
    );
    expect(accuracyOf(scores)).toBe(labelled.filter((y, i) => y === predicted[i]).length / labelled.length);
    const probabilities = estimator.predictProba(standardized);
    const logits = estimator.decisionFunction(standardized);
    // −ln p_y computed from the logits (ln of a rounded probability underflows to −∞ at these logits).
    const expected =
      labelled.reduce((sum, y, i) => {
        const z = logits.subarray(3 * i, 3 * i + 3);
        const max = Math.max(...z);
        const k = model.classes.indexOf(y);
        return sum + (max - z[k]!) + Math.log(z.reduce((s, zl) => s + Math.exp(zl - max), 0));
      }, 0) / labelled.length;
    expect(probabilities.length).toBe(rows.length);
    expect(Number.isFinite(scores.logLoss)).toBe(true);
    expect(Math.abs(scores.logLoss - expected)).toBeLessThanOrEqual(1e-15 * expected);
  });

  it("predicts core's classes (the first of tied logits) and probabilities, never NaN at logits of ±1e4", async () => {
    const directory = mkdtempSync(join(tmpdir(), "descent-multinomial-sql-"));
    try {
      const target = join(directory, "predictions.parquet");
      const copy = multinomialPredictionCopyStatement(model, "t", target, "parquet");
      const [written] = await runBound(table, copy.sql, multinomialModelParameters(model));
      expect(Number(written![0])).toBe(rows.length);
      const predictions = await runBound(
        "SELECT 1",
        `SELECT * FROM read_parquet('${target}')`,
        new Float64Array(0),
      );
      expect(predictions.map((row) => row[0])).toEqual(estimator.predict(standardized));
      const probabilities = estimator.predictProba(standardized);
      predictions.forEach((row, i) => {
        for (const k of [0, 1, 2]) {
          const [actual, expected] = [row[1 + k] as number, probabilities[i]![k]!];
          // exp(z_k − z_max) / Σ as core's predictProba; exp may round differently from Math.exp by an ulp.
          expect(Math.abs(actual - expected), `row ${i}, class ${k}`).toBeLessThanOrEqual(
            4e-16 * Math.max(expected, 1e-300),
          );
        }
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
