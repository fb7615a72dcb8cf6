import { describe, expect, it } from "vitest";
import { classScores, confusionMatrix, formatClassificationReport } from "./classificationReport.js";

// scikit-learn's classification_report example (its documentation): three classes, so the report is
// checked beyond the binary case.
const actual = [0, 1, 2, 2, 2];
const predicted = [0, 0, 2, 2, 1];

describe("the classification report", () => {
  it("counts true classes by row and predictions by column", () => {
    expect(confusionMatrix([0, 1, 2], actual, predicted)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 2],
    ]);
  });

  it("gives scikit-learn's precision, recall, F1 and support for each class", () => {
    const scores = classScores([0, 1, 2], confusionMatrix([0, 1, 2], actual, predicted));
    // sklearn: precision 0.50 0.00 1.00, recall 1.00 0.00 0.67, f1-score 0.67 0.00 0.80, support 1 1 3.
    expect(scores.map((s) => s.precision)).toEqual([0.5, 0, 1]);
    expect(scores.map((s) => s.recall)).toEqual([1, 0, 2 / 3]);
    expect(scores.map((s) => s.f1)).toEqual([2 / 3, 0, 0.8]);
    expect(scores.map((s) => s.support)).toEqual([1, 1, 3]);
  });

  it("leaves a 0/0 ratio undefined (a class never predicted has no precision) and prints it as —", () => {
    const scores = classScores(["a", "b"], confusionMatrix(["a", "b"], ["a", "b"], ["a", "a"]));
    expect(scores[1]).toEqual({ label: "b", precision: null, recall: 0, f1: 0, support: 1 });
    const report = formatClassificationReport(["a", "b"], ["a", "b"], ["a", "a"]);
    expect(report.split("\n")[3]).toBe("b              —   0.000  0.000     1");
  });

  it("shows labels unambiguously: numbers bare, text with commas or spaces quoted", () => {
    const report = formatClassificationReport([0, 1], [0, 1], [0, 1]);
    expect(report).toContain("\n0          1.000   1.000  1.000     1\n");
    const text = formatClassificationReport(["a, b", "c"], ["a, b", "c"], ["a, b", "c"]);
    expect(text).toContain('\n"a, b"      1.000');
    expect(text).toContain('true \\ predicted  "a, b"  c');
  });
});
