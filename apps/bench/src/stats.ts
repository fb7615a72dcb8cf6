/** A figure over repeated runs: the median, with the min and max, as the issue asks. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many runs it summarizes. */
  readonly count: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
  };
}

/**
 * Summarizes a figure that some runs may not have reached (null): the median counts a miss as +∞, so
 * the figure is "reached" only when at least half of the runs got there; min and max cover the runs
 * that did. Null when none did.
 */
export function summarizeReached(values: readonly (number | null)[]): (Summary & { reached: number }) | null {
  const reached = values.filter((value): value is number => value !== null);
  if (reached.length === 0) return null;
  const withMisses = values.map((value) => value ?? Number.POSITIVE_INFINITY);
  return {
    median: median(withMisses),
    min: Math.min(...reached),
    max: Math.max(...reached),
    count: values.length,
    reached: reached.length,
  };
}
