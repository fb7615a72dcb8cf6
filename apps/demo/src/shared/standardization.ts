import type { Standardization } from "@descent/datasets";

export type { Standardization };

/**
 * Column means and population standard deviations (ddof = 0, as scikit-learn's StandardScaler), for any
 * finite data: each column is first divided by its largest magnitude s, so that neither the sum of the
 * values nor the sum of squared deviations can overflow (a feature near 1e200 squares to ∞) or underflow
 * (a feature near 1e-300 squares to 0); mean = s·mean(x/s) and scale = s·std(x/s).
 *
 * NaN marks a missing cell: it is left out of its column's mean and scale (so that filling it with the
 * mean, see `applyStandardization`, is mean imputation). A column without a value has no mean: its entry
 * is NaN, for the caller to refuse. A constant column gets scale 1, as scikit-learn's. A column whose mean
 * or spread is subnormal (below 2.2e-308) keeps only the few significant bits that such a double has.
 */
export function fitStandardization(data: Float64Array, shape: readonly [number, number]): Standardization {
  const [rows, columns] = shape;
  const mean = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    let largest = 0;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const value = data[i * columns + j]!;
      if (Number.isNaN(value)) continue;
      count++;
      largest = Math.max(largest, Math.abs(value));
    }
    if (count === 0) {
      mean[j] = Number.NaN;
      scale[j] = Number.NaN;
      continue;
    }
    if (largest === 0) {
      mean[j] = 0;
      scale[j] = 1;
      continue;
    }
    // |x/s| ≤ 1, so the sums below stay within ±rows and their squares within 4·rows.
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const value = data[i * columns + j]!;
      if (!Number.isNaN(value)) sum += value / largest;
    }
    const scaledMean = sum / count;
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const value = data[i * columns + j]!;
      if (Number.isNaN(value)) continue;
      const deviation = value / largest - scaledMean;
      squares += deviation * deviation;
    }
    const scaledDeviation = Math.sqrt(squares / count);
    mean[j] = scaledMean * largest;
    // A product that underflows to 0 (a column of subnormals differing in their last bits) or a column whose
    // values all round to one x/s is as good as constant.
    const deviation = scaledDeviation * largest;
    scale[j] = scaledDeviation > 0 && deviation > 0 && Number.isFinite(deviation) ? deviation : 1;
  }
  return { mean, scale };
}

/**
 * (x − mean) / scale for every entry, as a new array; a missing cell (NaN) becomes 0, the column's mean.
 * When x − mean overflows (x and the mean of opposite signs near the largest double) it is computed as
 * x/scale − mean/scale instead. An entry can still be ±∞ where x lies so far from the training rows that
 * its standardized value exceeds the largest double: the caller refuses such rows (see `firstNonFinite`).
 */
export function applyStandardization(
  data: Float64Array,
  shape: readonly [number, number],
  { mean, scale }: Standardization,
): Float64Array {
  const [rows, columns] = shape;
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const value = data[i * columns + j]!;
      if (Number.isNaN(value)) continue; // out is 0 there: the mean
      const centered = value - mean[j]!;
      out[i * columns + j] = Number.isFinite(centered)
        ? centered / scale[j]!
        : value / scale[j]! - mean[j]! / scale[j]!;
    }
  }
  return out;
}

/** The index of the first entry that is not a finite number, or −1. */
export function firstNonFinite(values: Float64Array): number {
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) return k;
  return -1;
}
