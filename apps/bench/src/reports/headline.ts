import {
  type BenchResults,
  type KernelResult,
  type Library,
  type ProblemResult,
  type RunResult,
  tuningOf,
} from "../results.js";
import { formatBytesPerSecond, formatRatio, formatSeconds } from "./format.js";
import { multiclassTargetChecks } from "./multiclass.js";

/** The run that reached `target` fastest (median seconds) among those `include` accepts, or null. */
export function fastestTo(
  runs: readonly RunResult[],
  target: number,
  include: (run: RunResult) => boolean,
): { run: RunResult; seconds: number } | null {
  let best: { run: RunResult; seconds: number } | null = null;
  for (const run of runs) {
    if (!include(run)) continue;
    const seconds = run.targets.find((entry) => entry.target === target)?.seconds?.median;
    if (seconds === undefined || !Number.isFinite(seconds)) continue;
    if (best === null || seconds < best.seconds) best = { run, seconds };
  }
  return best;
}

/**
 * How many times faster descent was than a peer: exact when both reached the target; a lower bound when
 * only descent did (the peer's whole run time over descent's time: it would have needed longer); none
 * when descent did not reach it or no peer ran.
 */
export interface SpeedRatio {
  readonly ratio: number | null;
  readonly bound: "exact" | "at-least" | "none";
}

/** The longest a run of `runs` went without reaching the target: what a lower bound can use. */
function longestUnreached(runs: readonly RunResult[], target: number): number | null {
  let longest: number | null = null;
  for (const run of runs) {
    if (run.status !== "ok" || run.seconds === null) continue;
    const reached = run.targets.find((entry) => entry.target === target)?.seconds;
    if (reached && Number.isFinite(reached.median)) continue;
    longest = Math.max(longest ?? 0, run.seconds.median);
  }
  return longest;
}

export function speedRatio(
  descentSeconds: number | null,
  peers: readonly RunResult[],
  target: number,
): SpeedRatio {
  if (descentSeconds === null) return { ratio: null, bound: "none" };
  const peer = fastestTo(peers, target, () => true);
  if (peer !== null) return { ratio: peer.seconds / descentSeconds, bound: "exact" };
  const longest = longestUnreached(peers, target);
  if (longest === null) return { ratio: null, bound: "none" };
  return { ratio: longest / descentSeconds, bound: "at-least" };
}

export interface HeadlineRow {
  readonly problemId: string;
  readonly problem: string;
  readonly target: number;
  readonly descent: { readonly label: string; readonly seconds: number } | null;
  readonly peer: { readonly label: string; readonly seconds: number } | null;
  /** Peer time over descent time: above 1, descent is faster. */
  readonly speedup: SpeedRatio;
}

/** descent's runs with settings a user has: what every claim about "descent's fastest" is made of. */
const isDescent = (run: RunResult) =>
  run.library === "descent" && run.status === "ok" && tuningOf(run) === "user";
/** The peers' runs with settings a user has (scikit-learn's solvers, TF.js's Adam at its default α). */
const isPeer = (run: RunResult) =>
  run.library !== "descent" && run.status === "ok" && tuningOf(run) === "user";
const isOracle = (run: RunResult) => tuningOf(run) === "oracle";

/**
 * Per problem: descent's fastest optimizer against the fastest peer, to `target` (1e-6 relative), both
 * with settings a user has; oracle-tuned runs are left to oracleRows.
 */
export function headlineRows(results: BenchResults, target = 1e-6): HeadlineRow[] {
  return results.problems.map((problem) => {
    const descent = fastestTo(problem.runs, target, isDescent);
    const peer = fastestTo(problem.runs, target, isPeer);
    return {
      problemId: problem.id,
      problem: problem.label,
      target,
      descent: descent && { label: descent.run.label, seconds: descent.seconds },
      peer: peer && { label: peer.run.label, seconds: peer.seconds },
      speedup: speedRatio(descent?.seconds ?? null, problem.runs.filter(isPeer), target),
    };
  });
}

export interface OracleRow {
  readonly problem: string;
  /** The fastest oracle-tuned run to the target (descent's or a peer's), or null if none got there. */
  readonly oracle: { readonly label: string; readonly seconds: number } | null;
  /** The headline's descent run (settings a user has). */
  readonly user: { readonly label: string; readonly seconds: number } | null;
}

/**
 * Per problem: the fastest run whose step sizes came from the exact curvature bounds (a user does not have
 * them), beside the headline's descent run: what tuning by an oracle would buy.
 */
export function oracleRows(results: BenchResults, target = 1e-6): OracleRow[] {
  return results.problems
    .filter((problem) => problem.runs.some(isOracle))
    .map((problem) => {
      const oracle = fastestTo(problem.runs, target, isOracle);
      const user = fastestTo(problem.runs, target, isDescent);
      return {
        problem: problem.label,
        oracle: oracle && { label: oracle.run.label, seconds: oracle.seconds },
        user: user && { label: user.run.label, seconds: user.seconds },
      };
    });
}

/** The package a descent run came from ("newton" for both of Newton's modes), from its id. */
function packageOf(run: RunResult): string {
  const key = run.id.replace(/^descent\//, "");
  for (const name of ["newton", "lbfgs", "momentum", "adam", "sgd"]) if (key.startsWith(name)) return name;
  return key;
}

/** Where one problem's fastest descent run came from, and by how much it led. */
export interface ProblemWinner {
  readonly problem: ProblemResult;
  readonly winner: { readonly run: RunResult; readonly seconds: number };
  /** The fastest run of another package, or null when no other package reached the target. */
  readonly runnerUp: { readonly run: RunResult; readonly seconds: number } | null;
}

/** "80×4 dense", "100k×10k CSR": a problem's shape, short. */
export function shapeOf(problem: ProblemResult): string {
  const short = (count: number) =>
    count >= 1e6 && count % 1e5 === 0
      ? `${count / 1e6}M`
      : count >= 1e3 && count % 100 === 0
        ? `${count / 1e3}k`
        : String(count);
  return `${short(problem.rows)}×${short(problem.columns)} ${problem.kind === "csr" ? "CSR" : "dense"}`;
}

/**
 * The "which optimizer when" section, from the measured data: per problem, descent's fastest optimizer
 * package at settings a user has, to `target`; then, with the problems sorted by the entries of X (rows ×
 * features, or stored non-zeros), each stretch of problems that one package won, as a rule; then what the
 * first-order methods did at their defaults, and minibatches where they ran.
 */
export function recommendations(
  results: BenchResults,
  target = 1e-6,
): { winners: ProblemWinner[]; rules: string[]; notes: string[] } {
  const winners: ProblemWinner[] = [];
  // The rules order binary problems by size; the multiclass ones have their own section (multiclass.ts).
  for (const problem of results.problems.filter((candidate) => candidate.classes === undefined)) {
    const winner = fastestTo(problem.runs, target, isDescent);
    if (winner === null) continue;
    const runnerUp = fastestTo(
      problem.runs,
      target,
      (run) => isDescent(run) && packageOf(run) !== packageOf(winner.run),
    );
    winners.push({ problem, winner, runnerUp });
  }
  winners.sort((a, b) => a.problem.nonZeros - b.problem.nonZeros);

  const rules: string[] = [];
  let start = 0;
  while (start < winners.length) {
    const name = packageOf(winners[start]!.winner.run);
    let end = start;
    while (end + 1 < winners.length && packageOf(winners[end + 1]!.winner.run) === name) end++;
    const stretch = winners.slice(start, end + 1);
    const entries = (winner: ProblemWinner) => formatCount(winner.problem.nonZeros);
    const range =
      start === 0 && end === winners.length - 1
        ? "every problem here"
        : start === 0
          ? `up to ${entries(stretch.at(-1)!)} entries of X`
          : end === winners.length - 1
            ? `from ${entries(stretch[0]!)} entries of X`
            : `${entries(stretch[0]!)} to ${entries(stretch.at(-1)!)} entries of X`;
    const labels = [...new Set(stretch.map((winner) => winner.winner.run.label))];
    const modes = labels.length === 1 && labels[0] === name ? "" : ` (${labels.join(" or ")})`;
    const leads = stretch
      .map(({ problem, winner, runnerUp }) => {
        const lead =
          runnerUp === null
            ? "the only package there"
            : `${(runnerUp.seconds / winner.seconds).toFixed(1)}× ahead of ${packageOf(runnerUp.run)}`;
        return `${shapeOf(problem)} ${formatSeconds(winner.seconds)}, ${lead}`;
      })
      .join("; ");
    rules.push(`${range}: ${name}${modes}. Measured: ${leads}.`);
    start = end + 1;
  }

  const notes: string[] = [];
  const firstOrder = results.problems.flatMap((problem) =>
    problem.runs
      .filter((run) => isDescent(run) && ["sgd", "momentum", "adam"].includes(packageOf(run)))
      .filter((run) => run.settings.batch === undefined || run.settings.batch === "full")
      .map((run) => ({ problem, run })),
  );
  if (firstOrder.length > 0) {
    const reached = firstOrder.filter(({ run }) =>
      Number.isFinite(run.targets.find((entry) => entry.target === target)?.seconds?.median ?? Number.NaN),
    );
    const labels = [...new Set(firstOrder.map(({ run }) => run.label))].join(", ");
    notes.push(
      `At their defaults, the first-order methods (${labels}) reached ${target.toExponential(0)} in ${reached.length} of ${firstOrder.length} runs within the time budget` +
        (reached.length < firstOrder.length
          ? "; the oracle-tuned runs below show what a fitted step size buys."
          : "."),
    );
  }
  const minibatch = results.problems.flatMap((problem) =>
    problem.runs
      .filter((run) => isDescent(run) && typeof run.settings.batch === "number")
      .map((run) => ({ problem, run })),
  );
  if (minibatch.length === 0) {
    notes.push(
      "Minibatch methods were not run here (`pnpm bench --full` runs sgd and adam on minibatches of 1024).",
    );
  } else {
    const loose = 1e-4;
    for (const problem of new Set(minibatch.map(({ problem }) => problem))) {
      const best = fastestTo(
        problem.runs,
        loose,
        (run) => isDescent(run) && typeof run.settings.batch === "number",
      );
      const full = fastestTo(
        problem.runs,
        loose,
        (run) => isDescent(run) && typeof run.settings.batch !== "number",
      );
      notes.push(
        best === null
          ? `${shapeOf(problem)}: no minibatch run reached ${loose.toExponential(0)}.`
          : `${shapeOf(problem)}, to ${loose.toExponential(0)}: ${best.run.label} ${formatSeconds(best.seconds)}, against ${full === null ? "no full-batch run" : `${full.run.label} ${formatSeconds(full.seconds)}`}.`,
      );
    }
  }
  return { winners, rules, notes };
}

/** "320", "13.6k", "10M": a count of entries, short. */
function formatCount(count: number): string {
  if (count >= 1e6) return `${Number((count / 1e6).toPrecision(3))}M`;
  if (count >= 1e3) return `${Number((count / 1e3).toPrecision(3))}k`;
  return String(count);
}

/**
 * The largest dense problem (bytes of X) that has kernel timings, and the bandwidth of its gradient pass
 * on one thread (`threads` 1) or on several (the threaded variant).
 */
export function largestProblemBandwidth(
  results: BenchResults,
  threaded = false,
): { problem: ProblemResult; kernels: KernelResult } | null {
  let best: { problem: ProblemResult; kernels: KernelResult } | null = null;
  for (const problem of results.problems) {
    // A multinomial pass does K times the arithmetic per byte of X: not a measure of reading X.
    if (problem.kind !== "dense" || problem.classes !== undefined) continue;
    // Older results have no thread counts: their first (default) variant ran on one thread.
    const kernels = problem.kernels.find((candidate, index) =>
      threaded
        ? (candidate.threads ?? 1) > 1
        : candidate.threads === undefined
          ? index === 0
          : candidate.threads === 1,
    );
    if (kernels === undefined) continue;
    if (best === null || problem.featureBytes > best.problem.featureBytes) best = { problem, kernels };
  }
  return best;
}

export interface TargetCheck {
  readonly goal: string;
  readonly measured: string;
  /** null when this run could not tell (a problem or peer missing). */
  readonly met: boolean | null;
}

const library = (name: Library) => (run: RunResult) => run.library === name && run.status === "ok";

/** descent's fastest optimizer to 1e-8 against a peer's fastest, needing a speed-up of `factor`. */
export function speedCheck(problem: ProblemResult, peer: Library, factor: number, goal: string): TargetCheck {
  const descent = fastestTo(problem.runs, 1e-8, isDescent);
  const descentText = descent
    ? `${descent.run.label} ${formatSeconds(descent.seconds)}`
    : "descent did not reach 1e-8";
  const peers = problem.runs.filter(library(peer));
  if (peers.length === 0) return { goal, measured: `${peer} did not run`, met: null };
  const ratio = speedRatio(descent?.seconds ?? null, peers, 1e-8);
  const fastestPeer = fastestTo(peers, 1e-8, () => true);
  const peerText = fastestPeer
    ? `${fastestPeer.run.label} ${formatSeconds(fastestPeer.seconds)}`
    : `${peer} did not reach 1e-8`;
  const met =
    ratio.ratio === null
      ? descent === null
        ? false
        : null
      : ratio.ratio >= factor
        ? true
        : ratio.bound === "exact"
          ? false
          : null;
  return { goal, measured: `${descentText} vs ${peerText}: ${formatRatio(ratio)}`, met };
}

function bandwidthCheck(results: BenchResults, threaded: boolean): TargetCheck {
  const goal = threaded
    ? "gradient pass on every core ≥ 80 % of the all-core memory roofline"
    : "gradient pass on one thread ≥ 50 % of the memory roofline";
  const roofline = threaded ? results.rooflineAllCores : results.roofline;
  const bandwidth = largestProblemBandwidth(results, threaded);
  if (bandwidth === null || bandwidth.kernels.rooflineFraction === null || !roofline) {
    return { goal, measured: "not measured", met: null };
  }
  const fraction = bandwidth.kernels.rooflineFraction;
  return {
    goal,
    measured: `${bandwidth.problem.label}, ${bandwidth.kernels.variant}: ${formatBytesPerSecond(bandwidth.kernels.gradientBandwidth)} = ${(100 * fraction).toFixed(0)} % of ${formatBytesPerSecond(roofline.bytesPerSecond.median)} (${roofline.threads ?? 1} thread${(roofline.threads ?? 1) > 1 ? "s" : ""})`,
    met: fraction >= (threaded ? 0.8 : 0.5),
  };
}

/** Peak memory of descent's fits on the largest dense problem, over the bytes of its X (train and test). */
function memoryCheck(results: BenchResults): TargetCheck {
  const goal = "peak memory of a 1M × 100 fit ≤ 1.3× the bytes of X";
  const problem = results.problems.find((candidate) => candidate.id === "dense-1000000x100");
  const runs = problem?.runs.filter((run) => library("descent")(run) && run.memory !== null) ?? [];
  if (problem === undefined || runs.length === 0)
    return { goal, measured: "1M × 100 was not run", met: null };
  const bytesOfX = 8 * (problem.rows + problem.testRows) * problem.columns;
  const worst = runs.reduce((a, b) => (b.memory!.peakBytes > a.memory!.peakBytes ? b : a));
  const ratio = worst.memory!.peakBytes / bytesOfX;
  return {
    goal,
    measured: `${worst.label} (the most of descent's fits): ${(worst.memory!.peakBytes / 1e6).toFixed(0)} MB above an idle Node for ${(bytesOfX / 1e6).toFixed(0)} MB of X: ${ratio.toFixed(2)}×`,
    met: ratio <= 1.3,
  };
}

/** The issue's targets, judged on this run: met, missed, or not measurable here. */
export function targetChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const problem = results.problems.find((candidate) => candidate.id === "dense-100000x100");
  if (problem === undefined) {
    checks.push({ goal: "100k × 100 targets", measured: "100k × 100 was not run", met: null });
  } else {
    checks.push(
      speedCheck(
        problem,
        "scikit-learn",
        1,
        "100k × 100 to 1e-8: descent's fastest at least as fast as scikit-learn's fastest",
      ),
      speedCheck(problem, "tfjs", 30, "100k × 100 to 1e-8: descent's fastest ≥ 30× faster than TF.js"),
    );
  }
  const large = results.problems.find((candidate) => candidate.id === "dense-1000000x100");
  if (large !== undefined) {
    checks.push(
      speedCheck(
        large,
        "scikit-learn",
        1,
        "1M × 100 to 1e-8: descent's fastest at least as fast as scikit-learn's fastest",
      ),
    );
  }
  checks.push(...multiclassTargetChecks(results));
  checks.push(bandwidthCheck(results, false), bandwidthCheck(results, true));
  if (large !== undefined) checks.push(memoryCheck(results));
  const process = results.processTiming;
  if (process === null) {
    checks.push({ goal: "whole process on breast cancer ≤ 0.1 s", measured: "not measured", met: null });
  } else {
    checks.push({
      goal: "whole process on breast cancer ≤ 0.1 s",
      measured: `${process.descentProgram.split(":")[0]}: ${formatSeconds(process.descent.median)} (min ${formatSeconds(process.descent.min)}, max ${formatSeconds(process.descent.max)})${process.nodeFloor ? `; Node alone on an empty ES module: ${formatSeconds(process.nodeFloor.median)}` : ""}`,
      met: process.descent.median <= 0.1,
    });
  }
  if (process === null || process.ratio === null) {
    checks.push({
      goal: "whole process on breast cancer ≤ 0.2× Python's",
      measured: "Python not measured",
      met: null,
    });
  } else {
    checks.push({
      goal: "whole process on breast cancer ≤ 0.2× Python's",
      measured: `${formatSeconds(process.descent.median)} vs ${formatSeconds(process.python!.median)}: ${process.ratio.toFixed(2)}×`,
      met: process.ratio <= 0.2,
    });
  }
  return checks;
}
