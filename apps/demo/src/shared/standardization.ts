import type { Standardization } from "@descent/datasets";

export type { Standardization };

/**
 * Column means and population standard deviations (ddof = 0, as scikit-learn's StandardScaler), for any
 * finite data: each column is first divided by a power of two s near its largest magnitude, so that
 * neither the sum of the values nor the sum of squared deviations can overflow (a feature near 1e200
 * squares to ∞) or underflow (a feature near 1e-300 squares to 0); mean = s·mean(x/s), scale = s·std(x/s).
 *
 * NaN marks a missing cell: it is left out of its column's mean and scale (so that filling it with the
 * mean, see `applyStandardization`, is mean imputation). A column without a value has no mean: its entry
 * is NaN, for the caller to refuse. A constant column gets scale 1, as scikit-learn's. A column whose mean
 * or spread is subnormal (below 2.2e-308) keeps only the few significant bits that such a double has.
 */
export function fitStandardization(data: Float64Array, shape: readonly [number, number]): Standardization {
  const [rows, columns] = shape;
  // Three passes over the rows, each in memory order (row-major), with one accumulator per column.
  const largest = new Float64Array(columns);
  const count = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const value = data[i * columns + j]!;
      if (Number.isNaN(value)) continue;
      count[j]!++;
      const magnitude = Math.abs(value);
      if (magnitude > largest[j]!) largest[j] = magnitude;
    }
  }
  // s is the power of two at or below the largest magnitude, so x/s is exact (only the exponent changes)
  // and |x/s| < 2: the sums below stay within ±2·rows and the sums of squares within 16·rows. (2^1023 at
  // most: log2 of the largest double rounds to 1024.)
  const divisor = largest.map((s) => (s > 0 ? 2 ** Math.min(1023, Math.floor(Math.log2(s))) : 1));
  const scaledMean = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const value = data[i * columns + j]!;
      if (!Number.isNaN(value)) scaledMean[j]! += value / divisor[j]!;
    }
  }
  for (let j = 0; j < columns; j++) scaledMean[j]! /= count[j]!;
  const squares = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const value = data[i * columns + j]!;
      if (Number.isNaN(value)) continue;
      const deviation = value / divisor[j]! - scaledMean[j]!;
      squares[j]! += deviation * deviation;
    }
  }
  const mean = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    if (count[j] === 0) {
      mean[j] = Number.NaN;
      scale[j] = Number.NaN;
      continue;
    }
    mean[j] = scaledMean[j]! * divisor[j]!;
    const scaledDeviation = Math.sqrt(squares[j]! / count[j]!);
    // A product that underflows to 0 (subnormals differing in their last bits) or a column whose values
    // all round to one x/s is as good as constant.
    const deviation = scaledDeviation * divisor[j]!;
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
