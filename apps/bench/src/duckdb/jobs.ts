/** What the DuckDB group's parent asks of a child process, and what the child answers. */

/** DuckDB's SQL passes, the direct Parquet passes (DuckDB inspects, the kernels read the file), or X in memory. */
export type DuckdbSide = "duckdb" | "parquet" | "memory";
export type DuckdbFitOptimizer = "newton" | "lbfgs";

export interface DuckdbSideJob {
  readonly side: DuckdbSide;
  /** The Parquet file (the DuckDB and Parquet sides read it; the memory side fills the same doubles itself). */
  readonly file: string;
  readonly rows: number;
  readonly columns: number;
  readonly l2: number;
  /** Timed value-and-gradient passes, after one untimed warm-up pass. */
  readonly passes: number;
  readonly fits: readonly DuckdbFitOptimizer[];
  /** Threads: DuckDB's `threads` setting, or the kernels' pool. */
  readonly threads: number;
  /** DuckDB's memory_limit, when the case sets one. */
  readonly memoryLimit?: string;
}

export interface DuckdbFitOutput {
  readonly optimizer: DuckdbFitOptimizer;
  readonly seconds: number;
  /** Passes over the data (minimize's evaluations.passes), and the calls behind them. */
  readonly passes: number;
  readonly gradients: number;
  readonly hessians: number;
  readonly hessianVectorProducts: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly loss: number;
  readonly gradientNorm: number;
}

export interface DuckdbSideOutput {
  readonly side: DuckdbSide;
  /** What ran: "DuckDB 1.x, 2 threads" or "kernels, 2 threads, float64". */
  readonly engine: string;
  /** Opening and checking the file (DuckDB), or filling X and building the objective (memory). */
  readonly setupSeconds: number;
  readonly passSeconds: readonly number[];
  /** CPU seconds (user + system, every thread of the process) of each timed pass. */
  readonly passCpuSeconds: readonly number[];
  /** f at the test point: both sides' must agree to rounding. */
  readonly value: number;
  readonly fits: readonly DuckdbFitOutput[];
  /** The child's peak resident set (getrusage's maxRSS), bytes. */
  readonly maxRssBytes: number;
}

/** Marks the child's one line of JSON output. */
export const DUCKDB_RESULT_MARKER = "@@descent-bench-duckdb ";
