import { formatBytes, formatBytesPerSecond, formatSeconds } from "./reports/format.js";
import type { BenchResults } from "./results.js";

/** One figure in two runs: what `--compare old.json` prints. */
export interface CompareRow {
  /** Where the figure lives: a problem and run, "kernels", "roofline", "whole process". */
  readonly scope: string;
  readonly figure: string;
  readonly before: string;
  readonly after: string;
  /** now / before; null when either side has no number (not reached, not run). */
  readonly ratio: number | null;
  /** True when a ratio above 1 is an improvement (bandwidth), false when below 1 is (time, memory). */
  readonly higherIsBetter: boolean;
}

type Figure = { value: number | null; text: string };

function seconds(value: number | null | undefined): Figure {
  return value === null || value === undefined || !Number.isFinite(value)
    ? { value: null, text: "not reached" }
    : { value, text: formatSeconds(value) };
}

function count(value: number | null | undefined): Figure {
  return value === null || value === undefined || !Number.isFinite(value)
    ? { value: null, text: "—" }
    : { value, text: Number.isInteger(value) ? String(value) : value.toFixed(1) };
}

function row(
  scope: string,
  figure: string,
  before: Figure,
  after: Figure,
  higherIsBetter = false,
): CompareRow {
  const ratio =
    before.value !== null && after.value !== null && before.value > 0 ? after.value / before.value : null;
  return { scope, figure, before: before.text, after: after.text, ratio, higherIsBetter };
}

/**
 * Every figure that both runs have, matched by problem id and run id (so renaming a label does not lose
 * the history), as now / before. Figures only one side has are left out: the report lists what ran.
 */
export function compareResults(before: BenchResults, after: BenchResults): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const problem of after.problems) {
    const old = before.problems.find((candidate) => candidate.id === problem.id);
    if (old === undefined) continue;
    for (const run of problem.runs) {
      const oldRun = old.runs.find((candidate) => candidate.id === run.id);
      if (oldRun === undefined || run.status !== "ok" || oldRun.status !== "ok") continue;
      const scope = `${problem.label} / ${run.label}`;
      for (const target of run.targets) {
        const oldTarget = oldRun.targets.find((candidate) => candidate.target === target.target);
        if (oldTarget === undefined) continue;
        const label = target.target.toExponential(0);
        if (target.seconds !== null || oldTarget.seconds !== null) {
          rows.push(
            row(
              scope,
              `time to ${label}`,
              seconds(oldTarget.seconds?.median),
              seconds(target.seconds?.median),
            ),
          );
        }
        if (target.passes !== null && oldTarget.passes !== null) {
          rows.push(
            row(scope, `passes to ${label}`, count(oldTarget.passes.median), count(target.passes.median)),
          );
        }
      }
      if (run.memory !== null && oldRun.memory !== null) {
        rows.push(
          row(
            scope,
            "peak memory",
            { value: oldRun.memory.peakBytes, text: formatBytes(oldRun.memory.peakBytes) },
            { value: run.memory.peakBytes, text: formatBytes(run.memory.peakBytes) },
          ),
        );
      }
    }
    for (const kernels of problem.kernels) {
      const oldKernels = old.kernels.find((candidate) => candidate.variant === kernels.variant);
      if (oldKernels === undefined) continue;
      const scope = `${problem.label} / kernels ${kernels.variant}`;
      for (const timing of kernels.timings) {
        const oldTiming = oldKernels.timings.find((candidate) => candidate.name === timing.name);
        if (oldTiming === undefined) continue;
        rows.push(row(scope, timing.name, seconds(oldTiming.seconds.median), seconds(timing.seconds.median)));
      }
      rows.push(
        row(
          scope,
          "gradient bandwidth",
          { value: oldKernels.gradientBandwidth, text: formatBytesPerSecond(oldKernels.gradientBandwidth) },
          { value: kernels.gradientBandwidth, text: formatBytesPerSecond(kernels.gradientBandwidth) },
          true,
        ),
      );
    }
  }
  if (before.roofline !== null && after.roofline !== null) {
    const old = before.roofline.bytesPerSecond.median;
    const now = after.roofline.bytesPerSecond.median;
    rows.push(
      row(
        "roofline",
        "read bandwidth",
        { value: old, text: formatBytesPerSecond(old) },
        { value: now, text: formatBytesPerSecond(now) },
        true,
      ),
    );
  }
  if (before.processTiming !== null && after.processTiming !== null) {
    rows.push(
      row(
        "whole process",
        "node + descent",
        seconds(before.processTiming.descent.median),
        seconds(after.processTiming.descent.median),
      ),
    );
    if (before.processTiming.python !== null && after.processTiming.python !== null) {
      rows.push(
        row(
          "whole process",
          "python + scikit-learn",
          seconds(before.processTiming.python.median),
          seconds(after.processTiming.python.median),
        ),
      );
    }
  }
  return rows;
}

/** Reads a results file, refusing anything that is not one. */
export function parseResults(text: string, source: string): BenchResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  if ((data as { format?: unknown } | null)?.format !== "descent-bench/1") {
    throw new Error(`${source} is not a descent bench results file (format "descent-bench/1").`);
  }
  return data as BenchResults;
}
