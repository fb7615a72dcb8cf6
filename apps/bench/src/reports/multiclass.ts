import type { BenchResults, Library, ProblemResult, RunResult } from "../results.js";
import { tuningOf } from "../results.js";
import { formatGap, formatSecondsSummary } from "./format.js";
import { fastestTo, speedCheck, type TargetCheck } from "./headline.js";
import type { TableData } from "./tableData.js";

/** The multiclass section's opening: the same sentence in every report. */
export const MULTICLASS_INTRODUCTION =
  "The multinomial (softmax) loss on K ≥ 3 classes. Per problem and library, the run that reached f − f* ≤ 1e-8·|f*| " +
  "fastest, median [min–max] over its repeats: descent's optimizers at settings a user has (through multinomialObjective " +
  "with backend: kernels()); scikit-learn's multinomial solvers (lbfgs, newton-cg, sag, saga) at C = 1/(λm), fit time " +
  "alone; TF.js's softmax layer of K units (float32, full batch). Where no run of a library got there, its best gap.";

const TIGHTEST = 1e-8;

/** The problems fitted with the multinomial loss. */
export function multiclassProblems(results: BenchResults): ProblemResult[] {
  return results.problems.filter((problem) => problem.classes !== undefined);
}

/** descent's runs count at settings a user has; a peer's at any (TF.js's SGD takes the oracle step). */
function counts(library: Library): (run: RunResult) => boolean {
  return (run) =>
    run.library === library && run.status === "ok" && (library !== "descent" || tuningOf(run) === "user");
}

/** The library's run closest to f*, when none reached the target. */
function closest(runs: readonly RunResult[]): RunResult | null {
  let best: RunResult | null = null;
  for (const run of runs) {
    if (run.bestGap === null || Number.isNaN(run.bestGap)) continue;
    if (best === null || run.bestGap < best.bestGap!) best = run;
  }
  return best;
}

/** One row per multiclass problem and library (descent, scikit-learn, TF.js) that ran on it. */
export function multiclassTable(results: BenchResults): TableData {
  const rows: string[][] = [];
  for (const problem of multiclassProblems(results)) {
    for (const library of ["descent", "scikit-learn", "tfjs"] as const) {
      const include = counts(library);
      const runs = problem.runs.filter(include);
      if (runs.length === 0) continue;
      const fastest = fastestTo(runs, TIGHTEST, () => true);
      const label = (run: RunResult) => `${run.label}${tuningOf(run) === "oracle" ? " (oracle step)" : ""}`;
      if (fastest !== null) {
        const summary = fastest.run.targets.find((entry) => entry.target === TIGHTEST)!.seconds;
        rows.push([
          problem.label,
          label(fastest.run),
          formatSecondsSummary(summary),
          formatGap(fastest.run.bestGap),
        ]);
      } else {
        const best = closest(runs);
        rows.push([
          problem.label,
          best === null ? library : label(best),
          "not reached",
          best === null ? "—" : formatGap(best.bestGap),
        ]);
      }
    }
  }
  return { header: ["problem", "fastest to 1e-8", "time", "best gap"], rows };
}

/** The multiclass target, judged on this run, when the 100k × 100, 10-class problem ran. */
export function multiclassTargetChecks(results: BenchResults): TargetCheck[] {
  const large = multiclassProblems(results).find(
    (problem) => problem.rows === 100_000 && problem.columns === 100 && problem.classes === 10,
  );
  if (large === undefined) return [];
  return [
    speedCheck(
      large,
      "scikit-learn",
      1,
      "multiclass 100k × 100, 10 classes, to 1e-8: descent's fastest at least as fast as scikit-learn's fastest",
    ),
  ];
}
