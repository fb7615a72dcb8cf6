import { stopCause } from "../shared/stopCause.js";
import { formatTextTable } from "./textTable.js";
import type { TrainingRun } from "./trainOptimizer.js";

function milliseconds(value: number): string {
  return value < 10
    ? `${value.toFixed(2)} ms`
    : value < 1000
      ? `${value.toFixed(1)} ms`
      : `${(value / 1000).toFixed(2)} s`;
}

function accuracy(value: number | null): string {
  return value === null ? "—" : value.toFixed(3);
}

const HEADINGS = [
  "optimizer",
  "iterations",
  "data passes",
  "time",
  "final loss",
  "train acc",
  "test acc",
  "converged",
  "stopped because",
];
/** Numbers read best right-aligned; names and words left-aligned. */
const RIGHT_ALIGNED = [false, true, true, true, true, true, true, false, false];

/** One row of the table: an optimizer's fit, in memory or over a file. */
export type ResultRow = Pick<TrainingRun, "result" | "milliseconds" | "testAccuracy"> & {
  /** The optimizer's own name: momentum with Nesterov's look-ahead calls itself "nesterov". */
  readonly name: string;
  /** Null where the model has no finite coefficients to score. */
  readonly trainAccuracy: number | null;
};

/** The runs as a plain-text table, one row per optimizer. */
export function formatResultsTable(runs: readonly ResultRow[], tol: number): string {
  const rows = runs.map((run) => [
    run.name,
    String(run.result.iterations),
    // Work comparable across methods: a line search or a Hessian costs passes that are not iterations.
    run.result.evaluations.passes.toFixed(0),
    milliseconds(run.milliseconds),
    run.result.loss.toPrecision(6),
    accuracy(run.trainAccuracy),
    accuracy(run.testAccuracy),
    run.result.converged ? "yes" : "no",
    stopCause(run.result.reason, tol),
  ]);
  return formatTextTable(HEADINGS, rows, RIGHT_ALIGNED);
}
