import { isDescentError, type Label, LogisticRegression } from "@descent/core";
import { lbfgs } from "@descent/lbfgs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PreparedData } from "../shared/labelledData.js";
import { labelledDataFromCsv, type MissingPolicy, missingPolicies } from "./csvData.js";
import { parseCsvTable } from "./csvTable.js";
import { prepareForTraining } from "./trainCommand.js";
import { UserError } from "./userError.js";

/** Pieces that CSV files (and broken ones) are made of: delimiters, quotes, line ends, numbers at the edges. */
const pieces = [
  ",",
  ";",
  "\t",
  "\n",
  "\r\n",
  "\r",
  '"',
  '""',
  " ",
  "",
  "\uFEFF",
  "y",
  "a",
  "x",
  "z",
  "é",
  "𝟙",
  "0",
  "1",
  "-2.5",
  "1e200",
  "1e-300",
  "1e308",
  "-1.7e308",
  "5e-324",
  "1e309",
  "NaN",
  "NA",
  "?",
  "Infinity",
  "-0",
  "0x1F",
  "1_000",
  ".5",
  "5.",
  "1e",
  "+3",
];
const token = fc.constantFrom(...pieces);
/** Any text made of those pieces. */
const soup = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(""));
/** Feature cells: mostly numbers anywhere in the double range, sometimes missing or junk. */
const featureCell = fc.oneof(
  { weight: 12, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 4, arbitrary: fc.constantFrom("1e200", "-1e200", "1e-300", "1.7e308", "-1.7e308", "0", " 2 ") },
  { weight: 2, arbitrary: fc.constantFrom("", "NA", "?", "null") },
  { weight: 1, arbitrary: token },
);
/** Label cells: two or three classes, numbers or text (one with a comma, quoted), sometimes missing. */
const labelCell = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom("0", "1") },
  { weight: 10, arbitrary: fc.constantFrom("x", '"a, b"') },
  { weight: 1, arbitrary: fc.constantFrom("", "NA", "2", "1.5") },
);
/** Mostly well-formed tables with a "y" column, so that the success path is exercised as much as refusals. */
const table = fc
  .record({
    delimiter: fc.constantFrom(",", ";", "\t"),
    features: fc.integer({ min: 1, max: 3 }),
    labelAt: fc.nat(3),
    rows: fc.array(fc.tuple(fc.array(featureCell, { minLength: 3, maxLength: 3 }), labelCell), {
      minLength: 1,
      maxLength: 12,
    }),
    numericLabels: fc.boolean(),
    lineEnd: fc.constantFrom("\n", "\r\n"),
    glitch: fc.option(fc.tuple(fc.nat(), fc.nat()), { freq: 10 }),
  })
  .map(({ delimiter, features, labelAt, rows, numericLabels, lineEnd, glitch }) => {
    const withLabel = <T>(cells: T[], label: T) => {
      const at = Math.min(labelAt, cells.length);
      return [...cells.slice(0, at), label, ...cells.slice(at)];
    };
    const lines = [withLabel(["a", "b", "c"].slice(0, features), "y").join(delimiter)];
    for (const [cells, label] of rows) {
      // A table of numeric labels, or of text labels, with the odd one of the other kind from labelCell.
      const shown = numericLabels
        ? label.replace("x", "0").replace('"a, b"', "1")
        : label.replace("0", "x").replace("1", '"a, b"');
      lines.push(withLabel(cells.slice(0, features), shown).join(delimiter));
    }
    const text = lines.join(lineEnd);
    if (glitch === null) return text;
    // Now and then a character goes missing: a quote, a delimiter, a line end.
    const at = glitch[0] % (text.length + 1);
    return text.slice(0, at) + text.slice(at + 1 + (glitch[1] % 2));
  });

/**
 * What the train command does with a file, up to a fitted model: read, choose columns, split and
 * standardize, fit. Returns the model, or null when the file was refused; any other outcome fails.
 */
function trainOn(text: string, missing: MissingPolicy): LogisticRegression<Label> | null {
  let data: ReturnType<typeof labelledDataFromCsv>;
  try {
    data = labelledDataFromCsv(parseCsvTable(text, "fuzz.csv"), { labelColumn: "y", missing });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // One line of bounded length: a value is never shown whole.
    expect(error.message.length).toBeLessThan(1000);
    return null;
  }
  for (let k = 0; k < data.data.length; k++) {
    if (missing !== "mean") expect(Number.isFinite(data.data[k])).toBe(true);
    else expect(Number.isFinite(data.data[k]) || Number.isNaN(data.data[k])).toBe(true);
  }
  expect(new Set(data.labels).size).toBeGreaterThanOrEqual(2);
  let prepared: PreparedData;
  try {
    prepared = prepareForTraining(data, "fuzz.csv", 0.25, 0);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return null;
  }
  for (const value of prepared.train.X.data) expect(Number.isFinite(value)).toBe(true);
  for (const value of prepared.test.X.data) expect(Number.isFinite(value)).toBe(true);
  try {
    return new LogisticRegression<Label>({ optimizer: lbfgs(), maxIter: 50 }).fit(
      prepared.train.X,
      prepared.train.y,
    );
  } catch (error) {
    // The estimator's own refusal (a class it does not take, say) is a clean error line too.
    if (isDescentError(error)) return null;
    throw error;
  }
}

describe("the CSV reader, fuzzed", () => {
  for (const [name, texts] of [
    ["any text", soup],
    ["well-formed and nearly well-formed tables", table],
  ] as const) {
    it(`${name}: loads and fits a finite model, or refuses with a UserError; never crashes`, () => {
      fc.assert(
        fc.property(texts, fc.constantFrom(...missingPolicies), (text, missing) => {
          const model = trainOn(text, missing);
          if (model === null) return;
          for (const value of model.coef) expect(Number.isFinite(value)).toBe(true);
          for (const value of model.intercept) expect(Number.isFinite(value)).toBe(true);
        }),
        { numRuns: 400 },
      );
    });
  }
});
