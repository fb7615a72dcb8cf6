import type { ClassCoefficients } from "./modelShape.js";
import { labelText, truncated } from "./shownText.js";
import { formatTextTable } from "./textTable.js";

/**
 * The `top` features with the largest coefficients in magnitude (the largest over classes, with more
 * than one row), then the intercept. The features were standardized, so a coefficient is the change in
 * the class's logit per standard deviation of its feature, and magnitudes compare across features.
 */
export function formatCoefficientTable(
  featureNames: readonly string[],
  byClass: readonly ClassCoefficients[],
  top: number,
): string {
  const weight = (feature: number) => Math.max(...byClass.map((row) => Math.abs(row.coef[feature]!)));
  // Ties keep the features' order, so the table repeats from run to run.
  const order = featureNames
    .map((_, feature) => feature)
    .sort((a, b) => weight(b) - weight(a) || a - b)
    .slice(0, top);
  const value = (x: number) => x.toFixed(4);
  const rows = order.map((feature) => [
    truncated(featureNames[feature]!),
    ...byClass.map((row) => value(row.coef[feature]!)),
  ]);
  rows.push(["(intercept)", ...byClass.map((row) => value(row.intercept))]);
  return formatTextTable(["feature", ...byClass.map((row) => labelText(row.label))], rows, [
    false,
    ...byClass.map(() => true),
  ]);
}
