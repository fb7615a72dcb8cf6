import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Label, LogisticRegression, logisticLoss } from "@descent/core";
import { describe, expect, it } from "vitest";
import { runBound } from "../../../test/inProcessDuckDB.js";
import {
  type BinaryModel,
  labelLiteral,
  logitSql,
  modelParameters,
  predictionCopyStatement,
  scoreStatement,
  scoresOf,
} from "./modelSql.js";

// Rows whose logits reach ±1e4 (exp overflows beyond 709), and ordinary ones; two features on their own scales.
const rows = [
  [3.5, -2, "yes"],
  [-1, 0.25, "no"],
  [0.5, 7, "yes"],
  [2000, 1, "no"],
  [-2000, 1, "yes"],
  [1e-3, -1e-3, "no"],
] as const;
const table = `CREATE TABLE t AS SELECT * FROM (VALUES ${rows.map(([a, b, y]) => `(${a}::DOUBLE, ${b}::DOUBLE, '${y}')`).join(", ")}) AS v("a b", "c""d", label)`;
const model: BinaryModel = {
  featureNames: ["a b", 'c"d'],
  mean: [1.5, 0.5],
  scale: [0.2, 3],
  coef: [1.0000000000000002, -0.3],
  intercept: 0.1,
  classes: ["no", "yes"],
};
/** The same model as core's estimator, on the same standardized rows. */
const estimator = LogisticRegression.fromJSON<Label>({
  format: "descent.LogisticRegression",
  version: 2,
  classes: ["no", "yes"],
  coef: [Array.from(model.coef)],
  intercept: [model.intercept],
  fitIntercept: true,
  l2: 0,
  optimizer: null,
});
const standardized = rows.map(([a, b]) => [(a - 1.5) / 0.2, (b - 0.5) / 3]);

describe("the model's SQL", () => {
  it("computes core's logits, bit for bit (the same products and sums, in core's order)", async () => {
    const result = await runBound(
      table,
      `SELECT ${logitSql(model.featureNames)} FROM t`,
      modelParameters(model),
    );
    expect(result.map((row) => row[0])).toEqual(Array.from(estimator.decisionFunction(standardized)));
    // Some logits are far beyond where exp overflows: the probabilities below must not be NaN there.
    expect(Math.max(...result.map((row) => Math.abs(row[0] as number)))).toBeGreaterThan(1000);
  });

  it("scores in one aggregate: core's confusion matrix and mean log loss, finite at logits of ±1e4", async () => {
    const statement = scoreStatement(model, "label", "t");
    const [row] = await runBound(table, statement.sql, modelParameters(model));
    const scores = scoresOf(Float64Array.from(row!, Number));
    const predicted = estimator.predict(standardized);
    const actual = rows.map(([, , y]) => y);
    const count = (t: string, p: string) => actual.filter((y, i) => y === t && predicted[i] === p).length;
    expect(scores.labelled).toBe(rows.length);
    expect(scores.counts).toEqual([
      [count("no", "no"), count("no", "yes")],
      [count("yes", "no"), count("yes", "yes")],
    ]);
    const logits = estimator.decisionFunction(standardized);
    const expected =
      actual.reduce((sum, y, i) => sum + logisticLoss(logits[i]!, y === "yes" ? 1 : 0), 0) / rows.length;
    expect(Number.isFinite(scores.logLoss)).toBe(true);
    // ln(1 + e) against core's log1p: a few ulps per row, at most.
    expect(Math.abs(scores.logLoss - expected)).toBeLessThanOrEqual(1e-15 * expected);
  });

  it("predicts core's classes and probabilities, 0 and 1 (never NaN) at logits of ±1e4", async () => {
    const directory = mkdtempSync(join(tmpdir(), "descent-model-sql-"));
    try {
      const target = join(directory, "predictions.parquet");
      const copy = predictionCopyStatement(model, "t", target, "parquet");
      const [written] = await runBound(table, copy.sql, modelParameters(model));
      expect(Number(written![0])).toBe(rows.length);
      const predictions = await runBound(
        "SELECT 1",
        `SELECT * FROM read_parquet('${target}')`,
        new Float64Array(0),
      );
      const probabilities = estimator.predictProba(standardized);
      expect(predictions.map((row) => row[0])).toEqual(estimator.predict(standardized));
      predictions.forEach((row, i) => {
        for (const k of [0, 1]) {
          const [actual, expected] = [row[1 + k] as number, probabilities[i]![k]!];
          // σ's two branches as core's; exp may round differently from Math.exp by an ulp.
          expect(Math.abs(actual - expected), `row ${i}`).toBeLessThanOrEqual(4e-16 * expected);
        }
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("writes labels as literals of their own type", () => {
    expect(labelLiteral(1)).toBe("CAST('1' AS BIGINT)");
    expect(labelLiteral(0.5)).toBe("CAST('0.5' AS DOUBLE)");
    expect(labelLiteral(true)).toBe("TRUE");
    expect(labelLiteral("it's")).toBe("'it''s'");
  });
});
