import { encodeLabels, type Label, regularizationPath } from "@descent/core";
import { newton } from "@descent/newton";
import type { PreparedData } from "../shared/labelledData.js";
import { pathPointAccuracy } from "../shared/pathAccuracy.js";
import { formatTextTable } from "./textTable.js";
import { UserError } from "./userError.js";

/**
 * `train --path`: the regularization path on the training rows, strongest penalty first, each fit warm-started
 * from the last (glmnet's way to choose the strength), as a table: the strength s, λ1 = r·s and λ2 = (1 − r)·s
 * (r = --l1-ratio), how many coefficients are non-zero, the objective F and the held-out accuracy. Proximal
 * Newton fits every point: it reaches each exact sparse optimum in a handful of passes.
 */
export function pathReport(
  split: PreparedData<Label>,
  options: { readonly l1Ratio?: number; readonly maxIter: number; readonly tol: number },
): string {
  const { classes, targets } = encodeLabels(split.train.y);
  if (classes.length !== 2) {
    throw new UserError(`--path fits two classes for now; the label has ${classes.length}.`);
  }
  const path = regularizationPath({
    X: split.train.X,
    y: targets,
    optimizer: newton({ mode: "exact" }),
    l1Ratio: options.l1Ratio ?? 1,
    maxIter: options.maxIter,
    tol: options.tol,
  });
  const columns = split.train.X.shape[1];
  const rows = path.points.map((point) => [
    point.strength.toPrecision(3),
    point.l1.toPrecision(3),
    point.l2.toPrecision(3),
    `${point.nonZero} of ${columns}`,
    point.objective.toPrecision(6),
    split.test.y.length === 0 ? "—" : pathPointAccuracy(point, split.test, classes).toFixed(3),
  ]);
  const header = `Regularization path, ${path.points.length} strengths from the largest useful one down (l1 ratio ${path.l1Ratio}; proximal Newton, warm starts):\n`;
  return (
    header +
    formatTextTable(["strength", "λ1", "λ2", "non-zero", "objective", "test acc"], rows, [
      true,
      true,
      true,
      true,
      true,
      true,
    ])
  );
}
