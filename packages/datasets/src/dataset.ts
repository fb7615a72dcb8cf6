/** A labelled data set: dense row-major features and one class name per row. */
export interface Dataset {
  readonly name: string;
  readonly citation: string;
  readonly featureNames: readonly string[];
  /** Row-major features: row i, column j is data[i * shape[1] + j]. */
  readonly data: Float64Array;
  readonly shape: readonly [rows: number, columns: number];
  /** The class name of each row. */
  readonly labels: readonly string[];
  /** The distinct class names, in order of first appearance. */
  readonly classNames: readonly string[];
}

/** Builds a Dataset from generated arrays; the arrays are copied, so each load is independent. */
export function datasetFrom(
  name: string,
  citation: string,
  featureNames: readonly string[],
  classNames: readonly string[],
  values: readonly number[],
  labelCodes: readonly number[],
): Dataset {
  return {
    name,
    citation,
    featureNames,
    data: Float64Array.from(values),
    shape: [labelCodes.length, featureNames.length],
    labels: labelCodes.map((code) => classNames[code] as string),
    classNames,
  };
}

/** The rows for which `keep(label, row)` holds, as a new Dataset. */
export function filterRows(dataset: Dataset, keep: (label: string, row: number) => boolean): Dataset {
  const [rows, columns] = dataset.shape;
  const kept: number[] = [];
  for (let i = 0; i < rows; i++) if (keep(dataset.labels[i] as string, i)) kept.push(i);
  const data = new Float64Array(kept.length * columns);
  for (let k = 0; k < kept.length; k++) {
    const row = kept[k]!;
    data.set(dataset.data.subarray(row * columns, (row + 1) * columns), k * columns);
  }
  const labels = kept.map((row) => dataset.labels[row] as string);
  return {
    ...dataset,
    data,
    shape: [kept.length, columns],
    labels,
    classNames: dataset.classNames.filter((name) => labels.includes(name)),
  };
}

/** What standardization subtracted and divided by, per column, to apply to new data. */
export interface Standardization {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Column means and population standard deviations (ddof = 0, as scikit-learn's StandardScaler); a
 * constant column gets scale 1.
 */
export function fitStandardization(data: Float64Array, shape: readonly [number, number]): Standardization {
  const [rows, columns] = shape;
  const mean = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) mean[j]! += data[i * columns + j]!;
  for (let j = 0; j < columns; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const centered = data[i * columns + j]! - mean[j]!;
      scale[j]! += centered * centered;
    }
  }
  for (let j = 0; j < columns; j++) scale[j] = Math.sqrt(scale[j]! / rows) || 1;
  return { mean, scale };
}

/** (x − mean) / scale for every entry, as a new array. */
export function applyStandardization(
  data: Float64Array,
  shape: readonly [number, number],
  { mean, scale }: Standardization,
): Float64Array {
  const [rows, columns] = shape;
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) out[i * columns + j] = (data[i * columns + j]! - mean[j]!) / scale[j]!;
  }
  return out;
}

/** The data set with every column standardized over its own rows. */
export function standardized(dataset: Dataset): Dataset {
  return {
    ...dataset,
    data: applyStandardization(dataset.data, dataset.shape, fitStandardization(dataset.data, dataset.shape)),
  };
}

/** 1 where the label is `positive`, 0 elsewhere. */
export function binaryTargets(dataset: Dataset, positive: string): Float64Array {
  return Float64Array.from(dataset.labels, (label) => (label === positive ? 1 : 0));
}
