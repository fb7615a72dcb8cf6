import {
  formatGap,
  formatNumber,
  formatPasses,
  formatRatio,
  formatSeconds,
  formatSecondsSummary,
  formatSettings,
} from "../reports/format.js";
import type { TableData } from "../reports/tableData.js";
import { tuningOf } from "../results.js";
import type { L1PathResult, L1ProblemResult, L1RunResult } from "./l1Results.js";

/**
 * The L1 section of every report, as blocks that the terminal, Markdown and HTML renderers each draw their
 * own way: headings, paragraphs, tables.
 */
export type ReportBlock =
  | { readonly kind: "heading"; readonly level: 2 | 3; readonly text: string }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "table"; readonly table: TableData };

const TIGHTEST = 1e-8;

export const L1_INTRODUCTION =
  "F = mean log loss + λ1‖w‖₁ + (λ2/2)‖w‖², intercept unpenalized. F* is proximal Newton's (descent's newton, mode exact, " +
  "on kernels()) run to its rounding floor; its largest optimality violation ‖◇F‖∞ and its non-zeros are listed. Each run's " +
  "time to (F − F*)/|F*| ≤ 1e-4, 1e-6, 1e-8; the zero set of its last θ against F*'s (mismatches: coordinates zero in one " +
  "and not the other). scikit-learn's C = 1/(s·m) with l1_ratio r (saga; liblinear for r = 1), its F computed under " +
  "descent's definition; liblinear penalizes the intercept (see its note), so its optimum is not F*'s exactly.";

export const L1_PATH_INTRODUCTION =
  "The regularization path: the 20 strengths of regularizationPath's default grid (glmnet's: s_max, where every weight is 0, " +
  "down to 1e-4·s_max, geometric). descent fits the whole path with warm starts on kernels(); scikit-learn fits the same 20 " +
  "strengths one by one from scratch (neither saga nor liblinear has a path of its own). Per-point gaps are to each " +
  "strength's own F*.";

/** The run whose time to 1e-8 is smallest among those with the given filter, or null. */
function fastestTo(
  runs: readonly L1RunResult[],
  keep: (run: L1RunResult) => boolean,
  target = TIGHTEST,
): { run: L1RunResult; seconds: number } | null {
  let best: { run: L1RunResult; seconds: number } | null = null;
  for (const run of runs) {
    if (!keep(run)) continue;
    const seconds = run.targets.find((entry) => entry.target === target)?.seconds?.median;
    if (seconds === undefined || !Number.isFinite(seconds)) continue;
    if (best === null || seconds < best.seconds) best = { run, seconds };
  }
  return best;
}

export function l1RunsTable(problem: L1ProblemResult, { compact = false } = {}): TableData {
  const targets = problem.runs[0]?.targets.map((entry) => entry.target) ?? [];
  return {
    header: [
      "run",
      ...targets.map((target) => `to ${target.toExponential(0)}`),
      ...(compact ? [] : ["passes to 1e-8"]),
      "best gap",
      "non-zeros",
      "zero-set mismatches",
    ],
    rows: problem.runs.map((run) => [
      `${run.label}${tuningOf(run) === "oracle" ? " *" : ""}`,
      ...run.targets.map((entry) =>
        run.status === "ok"
          ? compact
            ? entry.seconds === null || !Number.isFinite(entry.seconds.median)
              ? "—"
              : formatSeconds(entry.seconds.median)
            : formatSecondsSummary(entry.seconds)
          : run.status,
      ),
      ...(compact
        ? []
        : [formatPasses(run.targets.find((entry) => entry.target === TIGHTEST)?.passes ?? null)]),
      formatGap(run.bestGap),
      run.nonZero === null ? "—" : String(run.nonZero),
      run.supportMismatches === null ? "—" : String(run.supportMismatches),
    ]),
  };
}

export function l1Description(problem: L1ProblemResult): string {
  const { optimum } = problem;
  return (
    `${problem.rows} × ${problem.columns}, s = ${problem.strength}, r = ${problem.l1Ratio} (λ1 = ${problem.l1}, λ2 = ${problem.l2}). ` +
    `F* = ${optimum.f} (${optimum.iterations} proximal Newton steps, ${formatSeconds(optimum.seconds)}${optimum.cached ? ", cached" : ""}), ` +
    `‖◇F‖∞ = ${optimum.violation.toExponential(1)}, ${optimum.nonZero} of ${problem.columns} weights non-zero. ` +
    `One Hessian: ${formatSeconds(optimum.hessianSeconds.kernels)} on kernels() against ${formatSeconds(optimum.hessianSeconds.typescript)} on core's TypeScript ` +
    `(proximal Newton forms it with the objective's own, the kernels'). * oracle-tuned (FISTA's step 1/L, L = ${formatNumber(optimum.lipschitz)}).`
  );
}

export function l1PathTable(path: L1PathResult): TableData {
  const runs = path.runs.filter((run) => run.status === "ok");
  return {
    header: ["s", "F* non-zeros", ...runs.flatMap((run) => [`${run.label} gap`, "nz"])],
    rows: path.strengths.map((strength, k) => [
      formatNumber(strength),
      String(path.optimumNonZero[k]),
      ...runs.flatMap((run) => [formatGap(run.gaps[k] ?? null), String(run.nonZero[k] ?? "—")]),
    ]),
  };
}

export function l1PathTotalsTable(path: L1PathResult): TableData {
  return {
    header: ["method", "whole path (20 strengths)", "largest gap", "settings"],
    rows: path.runs.map((run) => [
      run.label,
      run.status === "ok" ? formatSecondsSummary(run.seconds) : `failed: ${run.note ?? ""}`,
      run.status === "ok" ? formatGap(Math.max(...run.gaps)) : "—",
      formatSettings(run.settings),
    ]),
  };
}

/** The issue's targets on the L1 problems: time to 1e-8 against saga, the path against scikit-learn's 20 fits, zero sets. */
export function l1TargetsTable(problems: readonly L1ProblemResult[]): TableData {
  const rows: string[][] = [];
  for (const problem of problems) {
    const descent = fastestTo(problem.runs, (run) => run.library === "descent" && tuningOf(run) === "user");
    const saga = problem.runs.find((run) => run.id === "scikit-learn/saga");
    const sagaSeconds = saga?.targets.find((entry) => entry.target === TIGHTEST)?.seconds?.median;
    if (descent !== null || saga !== undefined) {
      const sagaReached = sagaSeconds !== undefined && Number.isFinite(sagaSeconds);
      const sagaRunSeconds = saga?.seconds?.median;
      let verdict = "not measurable";
      let ratio = "n/a";
      if (descent !== null && sagaReached) {
        verdict = descent.seconds <= sagaSeconds ? "met" : "missed";
        ratio = formatRatio({ ratio: sagaSeconds / descent.seconds, bound: "exact" });
      } else if (
        descent !== null &&
        saga !== undefined &&
        saga.status === "ok" &&
        sagaRunSeconds !== undefined
      ) {
        verdict = "met (saga did not reach 1e-8)";
        ratio = formatRatio({ ratio: sagaRunSeconds / descent.seconds, bound: "at-least" });
      }
      rows.push([
        `${problem.label}: to 1e-8, descent's fastest (user settings) ≤ scikit-learn saga`,
        descent === null ? "none reached 1e-8" : `${descent.run.label} ${formatSeconds(descent.seconds)}`,
        sagaReached ? `saga ${formatSeconds(sagaSeconds)}` : "saga: not reached",
        ratio,
        verdict,
      ]);
    }
    const sameZeros = problem.runs.filter(
      (run) => run.library === "descent" && (run.id.endsWith("newton") || run.id.endsWith("lbfgs")),
    );
    rows.push([
      `${problem.label}: lbfgs and newton end on F*'s zero set`,
      sameZeros.map((run) => `${run.label}: ${run.supportMismatches ?? "—"} mismatches`).join("; "),
      `F*: ${problem.optimum.nonZero} non-zero`,
      "",
      sameZeros.every((run) => run.supportMismatches === 0) ? "met" : "missed",
    ]);
    if (problem.path !== null) {
      const ok = problem.path.runs.filter((run) => run.status === "ok" && run.seconds !== null);
      const fastest = (library: string) =>
        ok.filter((run) => run.library === library).sort((a, b) => a.seconds!.median - b.seconds!.median)[0];
      const ours = fastest("descent");
      const theirs = fastest("scikit-learn");
      rows.push([
        `${problem.label}: whole 20-point path faster than scikit-learn's 20 fits`,
        ours === undefined ? "—" : `${ours.label} ${formatSeconds(ours.seconds!.median)}`,
        theirs === undefined ? "—" : `${theirs.label} ${formatSeconds(theirs.seconds!.median)}`,
        ours === undefined || theirs === undefined
          ? "n/a"
          : formatRatio({ ratio: theirs.seconds!.median / ours.seconds!.median, bound: "exact" }),
        ours === undefined || theirs === undefined
          ? "not measurable"
          : ours.seconds!.median < theirs.seconds!.median
            ? "met"
            : "missed",
      ]);
    }
  }
  return { header: ["target", "descent", "scikit-learn", "speed-up", "verdict"], rows };
}

/** The whole L1 section: targets, then per problem its runs and, where run, its path. */
export function l1ReportBlocks(
  problems: readonly L1ProblemResult[],
  { compact = false } = {},
): ReportBlock[] {
  if (problems.length === 0) return [];
  const blocks: ReportBlock[] = [
    { kind: "heading", level: 2, text: "L1 and elastic net" },
    { kind: "text", text: L1_INTRODUCTION },
    { kind: "table", table: l1TargetsTable(problems) },
  ];
  for (const problem of problems) {
    blocks.push({ kind: "heading", level: 3, text: problem.label });
    blocks.push({ kind: "text", text: l1Description(problem) });
    blocks.push({ kind: "table", table: l1RunsTable(problem, { compact }) });
    if (!compact) {
      for (const run of problem.runs) {
        const settings = formatSettings(run.settings);
        blocks.push({ kind: "text", text: `${run.label}: ${settings}${run.note ? `. ${run.note}` : ""}` });
      }
    }
    if (problem.path !== null) {
      blocks.push({ kind: "text", text: L1_PATH_INTRODUCTION });
      blocks.push({ kind: "table", table: l1PathTotalsTable(problem.path) });
      if (!compact) blocks.push({ kind: "table", table: l1PathTable(problem.path) });
    }
  }
  return blocks;
}
