import type { DuckdbFitOptimizer, DuckdbSide } from "./jobs.js";

/** One case of the DuckDB group: a Parquet file read through DuckDB beside the same doubles in memory. */
export interface DuckdbCase {
  readonly id: string;
  readonly rows: number;
  readonly columns: number;
  /** Timed value-and-gradient passes per child (after one warm-up pass). */
  readonly passes: number;
  readonly fits: readonly DuckdbFitOptimizer[];
  /** Children per side, alternating DuckDB and memory: figures are medians over every timed pass. */
  readonly rounds: number;
  /** DuckDB's memory_limit, for the larger-than-memory case; that case runs the DuckDB side alone. */
  readonly memoryLimit?: string;
  /** The sides that run (the memory case has no in-memory side: its point is X far above the limit). */
  readonly sides: readonly DuckdbSide[];
  /** The sides that also fit (the SQL side's fits over 10M × 50 take half an hour). */
  readonly fitSides: readonly DuckdbSide[];
  /** A child's time limit, seconds. */
  readonly timeoutSeconds: number;
  /** How the file's pages are written: DuckDB's default (SNAPPY), or UNCOMPRESSED (read straight, no decoding). Default snappy. */
  readonly compression?: "snappy" | "uncompressed";
}

const L2_PER_ROW = 1;

/** λ = 1/m, as the bench's other problems. */
export function duckdbL2(rows: number): number {
  return L2_PER_ROW / rows;
}

/**
 * quick: 200k × 20 (31 MB of X), passes and both fits on each side, well under a minute on 2 cores.
 * full: issue 16's 10M × 50 (4 GB of X, the largest the kernels' 4 GiB memory takes) with passes on every
 * side, an exact Newton fit and L-BFGS on the direct and in-memory sides; the same file written UNCOMPRESSED,
 * which the direct passes read straight into their blocks (passes, and fits on that side); and its memory
 * target, a Newton
 * fit over 25M × 10 (2 GB of X) under a 512 MB memory_limit, on the file only, quoting the process's peak
 * RSS against X.
 */
export function duckdbPlan(mode: "quick" | "full"): readonly DuckdbCase[] {
  const quick: DuckdbCase = {
    id: "parquet-200000x20",
    rows: 200_000,
    columns: 20,
    passes: 5,
    fits: ["newton", "lbfgs"],
    rounds: 1,
    sides: ["duckdb", "parquet", "memory"],
    fitSides: ["duckdb", "parquet", "memory"],
    timeoutSeconds: 300,
  };
  if (mode === "quick") return [quick];
  return [
    quick,
    {
      id: "parquet-10000000x50",
      rows: 10_000_000,
      columns: 50,
      passes: 5,
      fits: ["newton", "lbfgs"],
      rounds: 1,
      sides: ["duckdb", "parquet", "memory"],
      fitSides: ["parquet", "memory"],
      timeoutSeconds: 7_200,
    },
    {
      id: "parquet-10000000x50-uncompressed",
      rows: 10_000_000,
      columns: 50,
      passes: 5,
      fits: ["newton", "lbfgs"],
      rounds: 1,
      sides: ["parquet", "memory"],
      fitSides: ["parquet"],
      timeoutSeconds: 3_600,
      compression: "uncompressed",
    },
    {
      id: "parquet-25000000x10-512MB",
      rows: 25_000_000,
      columns: 10,
      passes: 2,
      fits: ["newton"],
      rounds: 1,
      memoryLimit: "512MB",
      sides: ["parquet", "duckdb"],
      fitSides: ["parquet", "duckdb"],
      timeoutSeconds: 7_200,
    },
  ];
}
