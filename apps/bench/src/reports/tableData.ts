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
import { headlineRows, targetChecks } from "./headline.js";

/** A table as text cells: what the terminal, Markdown and HTML renderers all draw. */
export interface TableData {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function headlineTable(results: BenchResults): TableData {
  return {
    header: ["problem", "descent's fastest", "time", "fastest peer", "time", "descent's speed-up"],
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

export function runsTable(problem: ProblemResult): TableData {
  return {
    header: [
      "optimizer",
      "to 1e-4",
      "to 1e-6",
      "to 1e-8",
      "passes 1e-4/6/8",
      "best gap",
      "test acc",
      "peak mem",
      "runs",
    ],
    rows: problem.runs.map((run) => {
      if (run.status !== "ok") return [run.label, run.status, "", "", "", "", "", "", "0"];
      return [
        run.label,
        ...run.targets.map((target) => formatSecondsSummary(target.seconds)),
        run.targets.map((target) => formatPasses(target.passes)).join(" / "),
        formatGap(run.bestGap),
        run.testAccuracy === null ? "—" : run.testAccuracy.toFixed(4),
        run.memory === null ? "—" : formatBytes(run.memory.peakBytes),
        String(run.repeats),
      ];
    }),
  };
}

export function kernelsTable(problem: ProblemResult): TableData {
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
        return timing ? formatSecondsSummary(timing.seconds) : "—";
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
