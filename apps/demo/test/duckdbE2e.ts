import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type CliRun, runCli, workDirectoryForTests, writeText } from "./cliRunner.js";

/** What the DuckDB end-to-end tests share: a work directory, the command line run there, and its files. */
export function duckdbWorkspace(prefix: string) {
  const workDirectory = workDirectoryForTests(prefix);
  const pathOf = (name: string) => join(workDirectory, name);
  return {
    cli: (...args: string[]): CliRun => runCli(workDirectory, args),
    write: (name: string, text: string) => writeText(workDirectory, name, text),
    pathOf,
    readJson: (name: string) => JSON.parse(readFileSync(pathOf(name), "utf8")),
    /** A predictions CSV as rows of cells (labels here have no commas or quotes). */
    csvRows: (name: string): string[][] =>
      readFileSync(pathOf(name), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(",")),
  };
}

/** A saved model file, as far as the tests read it. */
export interface SavedModelJson {
  readonly featureNames: string[];
  readonly labelColumn: string;
  readonly standardization: { mean: number[]; scale: number[] };
  readonly model: { classes: unknown[]; coef: number[][]; intercept: number[]; l2: number; l1?: number };
  readonly training: Record<string, unknown>;
}

/** Two models agree to `tolerance`, relative to each number's magnitude (or absolutely, below 1). */
export function expectSameModel(actual: SavedModelJson, expected: SavedModelJson, tolerance: number): void {
  expect(actual.featureNames).toEqual(expected.featureNames);
  expect(actual.labelColumn).toBe(expected.labelColumn);
  expect(actual.model.classes).toEqual(expected.model.classes);
  // λ = 1/m from the same row count: exactly equal.
  expect(actual.model.l2).toBe(expected.model.l2);
  expect(actual.model.l1).toBe(expected.model.l1);
  const numbers = (json: SavedModelJson) => [
    ...json.model.coef.flat(),
    ...json.model.intercept,
    ...json.standardization.mean,
    ...json.standardization.scale,
  ];
  const [a, b] = [numbers(actual), numbers(expected)];
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) {
    expect(Math.abs(a[k]! - b[k]!), `entry ${k}: ${a[k]} vs ${b[k]}`).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(b[k]!)),
    );
  }
}
