import type { BenchResults, ProblemResult, ProcessTimingResult } from "../results.js";
import {
  formatBytes,
  formatBytesPerSecond,
  formatGap,
  formatPasses,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatSecondsSummary,
} from "./format.js";
import { headlineRows, oracleRows, recommendations, shapeOf, targetChecks } from "./headline.js";

/** A table as text cells: what the terminal, Markdown and HTML renderers all draw. */
export interface TableData {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function headlineTable(results: BenchResults): TableData {
  return {
    header: ["problem", "descent's fastest", "time", "fastest peer", "time", "speed-up"],
    rows: headlineRows(results).map((row) => [
      row.problem,
      row.descent?.label ?? "none reached 1e-6",
      row.descent ? formatSeconds(row.descent.seconds) : "—",
      row.peer?.label ?? "none reached 1e-6",
      row.peer ? formatSeconds(row.peer.seconds) : "—",
      formatRatio(row.speedup),
    ]),
  };
}

/** Per problem: the fastest oracle-tuned run against the headline's descent run, to 1e-6. */
export function oracleTable(results: BenchResults): TableData {
  return {
    header: ["problem", "fastest oracle-tuned", "time", "descent's fastest (user)", "time"],
    rows: oracleRows(results).map((row) => [
      row.problem,
      row.oracle?.label ?? "none reached 1e-6",
      row.oracle ? formatSeconds(row.oracle.seconds) : "—",
      row.user?.label ?? "none reached 1e-6",
      row.user ? formatSeconds(row.user.seconds) : "—",
    ]),
  };
}

/** "Which optimizer when", per problem: the winning package at settings a user has, and the runner-up. */
export function recommendationTable(results: BenchResults): TableData {
  return {
    header: ["problem", "shape", "fastest (user settings)", "time", "next package", "time"],
    rows: recommendations(results).winners.map(({ problem, winner, runnerUp }) => [
      problem.label,
      shapeOf(problem),
      winner.run.label,
      formatSeconds(winner.seconds),
      runnerUp?.run.label ?? "none reached 1e-6",
      runnerUp ? formatSeconds(runnerUp.seconds) : "—",
    ]),
  };
}

export function targetsTable(results: BenchResults): TableData {
  return {
    header: ["target", "measured", "verdict"],
    rows: targetChecks(results).map((check) => [
      check.goal,
      check.measured,
      check.met === null ? "not measurable here" : check.met ? "met" : "missed",
    ]),
  };
}

/**
 * One row per run: time to each target, passes, best gap, test accuracy, peak memory and repeats. With
 * `compact` (the terminal, 100 columns), times are medians alone ("—": not reached) and test accuracy is
 * left to the Markdown and HTML reports.
 */
export function runsTable(problem: ProblemResult, { compact = false } = {}): TableData {
  const time = (summary: Parameters<typeof formatSecondsSummary>[0]) => {
    if (!compact) return formatSecondsSummary(summary);
    if (summary === null || !Number.isFinite(summary.median)) return "—";
    const partial = summary.reached !== undefined && summary.reached < summary.count;
    return `${formatSeconds(summary.median)}${partial ? ` (${summary.reached}/${summary.count})` : ""}`;
  };
  const header = ["optimizer", "to 1e-4", "to 1e-6", "to 1e-8", "passes 1e-4/6/8", "best gap"];
  const tail = compact ? ["peak mem", "runs"] : ["test acc", "peak mem", "runs"];
  return {
    header: [...header, ...tail],
    rows: problem.runs.map((run) => {
      if (run.status !== "ok")
        return [run.label, run.status, ...Array(header.length + tail.length - 3).fill(""), "0"];
      return [
        run.label,
        ...run.targets.map((target) => time(target.seconds)),
        run.targets.map((target) => formatPasses(target.passes)).join(compact ? "/" : " / "),
        formatGap(run.bestGap),
        ...(compact ? [] : [run.testAccuracy === null ? "—" : run.testAccuracy.toFixed(4)]),
        run.memory === null ? "—" : formatBytes(run.memory.peakBytes),
        String(run.repeats),
      ];
    }),
  };
}

/** One row per kernel path; `compact` (the terminal) gives medians alone. */
export function kernelsTable(problem: ProblemResult, { compact = false } = {}): TableData {
  return {
    header: [
      "kernels",
      "valueAndGradient",
      "hessianVectorProduct",
      "hessian",
      "gradient bandwidth",
      "of roofline",
    ],
    rows: problem.kernels.map((kernels) => {
      const time = (name: string) => {
        const timing = kernels.timings.find((candidate) => candidate.name === name);
        if (timing === undefined) return "—";
        return compact ? formatSeconds(timing.seconds.median) : formatSecondsSummary(timing.seconds);
      };
      return [
        kernels.variant,
        time("valueAndGradient"),
        time("hessianVectorProduct"),
        time("hessian"),
        formatBytesPerSecond(kernels.gradientBandwidth),
        formatPercent(kernels.rooflineFraction),
      ];
    }),
  };
}

const NODE_FLOOR_PROGRAM =
  "node dist/processFloor.js: an ES module that imports nothing and prints a line (Node's own share)";

export function processTable(process: ProcessTimingResult): TableData {
  return {
    header: ["program", "wall time"],
    rows: [
      [process.descentProgram, formatSecondsSummary(process.descent)],
      ...(process.others ?? []).map((other) => [other.program, formatSecondsSummary(other.seconds)]),
      ...(process.nodeFloor ? [[NODE_FLOOR_PROGRAM, formatSecondsSummary(process.nodeFloor)]] : []),
      ...(process.python && process.pythonProgram
        ? [[process.pythonProgram, formatSecondsSummary(process.python)]]
        : []),
    ],
  };
}

/** The paragraph under a problem's heading: its size, λ, f* and how f* was found. */
export function describeProblem(problem: ProblemResult): string {
  const layout = problem.kind === "csr" ? `CSR with ${problem.nonZeros} non-zeros` : "dense";
  return (
    `${problem.rows} training rows × ${problem.columns} features, ${layout}, X ${formatBytes(problem.featureBytes)}; ` +
    `${problem.testRows} held-out rows; λ = ${problem.l2.toExponential(2)}. ` +
    `f* = ${problem.optimum.f.toPrecision(15)} by ${problem.optimum.method}, ‖∇f‖₂ = ${problem.optimum.gradientNorm.toExponential(1)}` +
    `${problem.optimum.cached ? " (cached)" : ""}; L = ${problem.optimum.lipschitz.toPrecision(4)}, ` +
    `μ = ${problem.optimum.strongConvexity.toPrecision(4)}${problem.optimum.strongConvexityExact ? "" : " (λ, a lower bound)"}; ` +
    `the optimum's test accuracy is ${problem.optimum.testAccuracy.toFixed(4)}.`
  );
}
