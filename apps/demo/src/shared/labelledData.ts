import type { Label } from "@descent/core";
import type { Dataset } from "@descent/datasets";
import { type TrainTestSplit, trainTestSplit } from "./split.js";
import { applyStandardization, fitStandardization, type Standardization } from "./standardization.js";

/** Features and labels, row-major, with where each row came from (for error messages). */
export interface LabelledData<L extends Label = Label> {
  readonly featureNames: readonly string[];
  /** Row i, column j is data[i * shape[1] + j]; NaN marks a missing cell (to be filled with the mean). */
  readonly data: Float64Array;
  readonly shape: readonly [rows: number, columns: number];
  readonly labels: readonly L[];
  /** The CSV line (header = line 1) of each row, or null for embedded data. */
  readonly lines: Int32Array | null;
}

/** One side of a split, standardized, in the shapes LogisticRegression takes. */
export interface Part<L extends Label = Label> {
  readonly X: { readonly data: Float64Array; readonly shape: readonly [number, number] };
  readonly y: readonly L[];
  /** The CSV line of each row, or null. */
  readonly lines: Int32Array | null;
}

export interface PreparedData<L extends Label = Label> {
  readonly train: Part<L>;
  /** Empty (0 rows) when the test fraction is 0. */
  readonly test: Part<L>;
  /** Fitted on the training rows only, so the test rows tell how the model does on unseen data. */
  readonly standardization: Standardization;
  /** Which source rows went where. */
  readonly split: TrainTestSplit;
}

/** An embedded data set (class names as labels) as LabelledData. */
export function fromDataset(dataset: Dataset): LabelledData<string> {
  return {
    featureNames: dataset.featureNames,
    data: dataset.data,
    shape: dataset.shape,
    labels: dataset.labels,
    lines: null,
  };
}

/** Only the named columns, in the given order. */
export function selectColumns<L extends Label>(
  source: LabelledData<L>,
  columns: readonly number[],
): LabelledData<L> {
  const [rows, width] = source.shape;
  const data = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < columns.length; k++)
      data[i * columns.length + k] = source.data[i * width + columns[k]!]!;
  }
  return {
    ...source,
    featureNames: columns.map((column) => source.featureNames[column] as string),
    data,
    shape: [rows, columns.length],
  };
}

function takeRows<L extends Label>(source: LabelledData<L>, rows: Int32Array): LabelledData<L> {
  const width = source.shape[1];
  const data = new Float64Array(rows.length * width);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    data.set(source.data.subarray(row * width, (row + 1) * width), k * width);
  }
  return {
    ...source,
    data,
    shape: [rows.length, width],
    labels: Array.from(rows, (row) => source.labels[row] as L),
    lines: source.lines === null ? null : Int32Array.from(rows, (row) => source.lines![row]!),
  };
}

function standardizedPart<L extends Label>(part: LabelledData<L>, scaler: Standardization): Part<L> {
  return {
    X: { data: applyStandardization(part.data, part.shape, scaler), shape: part.shape },
    y: part.labels,
    lines: part.lines,
  };
}

/**
 * A seeded, stratified train/test split, standardized with the training rows' means and standard
 * deviations (fitting the scaler on all rows would leak the test set into training). Missing cells (NaN)
 * become the training rows' mean. A column with no value in the training rows has no mean: its
 * standardization holds NaN, which the caller refuses.
 */
export function prepareData<L extends Label>(
  source: LabelledData<L>,
  testFraction: number,
  seed: number,
): PreparedData<L> {
  const split = trainTestSplit(source.labels, testFraction, seed);
  const train = takeRows(source, split.train);
  const test = takeRows(source, split.test);
  const standardization = fitStandardization(train.data, train.shape);
  return {
    train: standardizedPart(train, standardization),
    test: standardizedPart(test, standardization),
    standardization,
    split,
  };
}
