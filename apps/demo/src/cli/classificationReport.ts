import type { Label } from "@descent/core";
import { labelText } from "./shownText.js";
import { formatTextTable } from "./textTable.js";

/**
 * counts[t][p]: how many rows of true class classes[t] were predicted as classes[p], for any number of
 * classes. A true label that is not among `classes` (a class the model never saw) is left out.
 */
export function confusionMatrix(
  classes: readonly Label[],
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
): number[][] {
  const index = new Map(classes.map((label, k) => [label, k]));
  const counts = classes.map(() => classes.map(() => 0));
  for (let row = 0; row < actual.length; row++) {
    const t = index.get(actual[row]!);
    const p = index.get(predicted[row]!);
    if (t !== undefined && p !== undefined) counts[t]![p]!++;
  }
  return counts;
}

/** scikit-learn's classification_report for one class; null where a ratio is 0/0. */
export interface ClassScores {
  readonly label: Label;
  /** Of the rows predicted as this class, the share that are. */
  readonly precision: number | null;
  /** Of the rows of this class, the share predicted as it. */
  readonly recall: number | null;
  /** The harmonic mean of the two: 2·TP / (2·TP + FP + FN). */
  readonly f1: number | null;
  /** How many rows are of this class. */
  readonly support: number;
}

export function classScores(
  classes: readonly Label[],
  counts: readonly (readonly number[])[],
): ClassScores[] {
  return classes.map((label, k) => {
    const truePositives = counts[k]![k]!;
    const support = counts[k]!.reduce((sum, count) => sum + count, 0);
    const predictedAs = counts.reduce((sum, row) => sum + row[k]!, 0);
    const ratio = (numerator: number, denominator: number) =>
      denominator === 0 ? null : numerator / denominator;
    return {
      label,
      precision: ratio(truePositives, predictedAs),
      recall: ratio(truePositives, support),
      f1: ratio(2 * truePositives, support + predictedAs),
      support,
    };
  });
}

const score = (value: number | null) => (value === null ? "—" : value.toFixed(3));

/**
 * Per-class precision, recall, F1 and support, then the confusion matrix (rows: true class, columns:
 * predicted), for rows whose true and predicted labels are given.
 */
export function formatClassificationReport(
  classes: readonly Label[],
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
): string {
  return formatConfusionReport(classes, confusionMatrix(classes, actual, predicted));
}

/** The same report from the confusion matrix itself (counts[true][predicted]), as a SQL engine counts it. */
export function formatConfusionReport(
  classes: readonly Label[],
  counts: readonly (readonly number[])[],
): string {
  const scores = classScores(classes, counts);
  const names = classes.map(labelText);
  const perClass = formatTextTable(
    ["class", "precision", "recall", "F1", "rows"],
    scores.map((s, k) => [names[k]!, score(s.precision), score(s.recall), score(s.f1), String(s.support)]),
    [false, true, true, true, true],
  );
  const matrix = formatTextTable(
    ["true \\ predicted", ...names],
    counts.map((row, k) => [names[k]!, ...row.map(String)]),
    [false, ...names.map(() => true)],
  );
  return `${perClass}\n\n${matrix}`;
}
