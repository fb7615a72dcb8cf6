import type { Library, MemoryResult, RunResult, TargetResult } from "./results.js";
import { median, summarize, summarizeReached } from "./stats.js";
import { bestGap, TARGETS, type Trace, targetHits, thinTrace } from "./trace.js";

/** Who ran and with what: the part of a RunResult that does not come from the traces. */
export interface RunIdentity {
  readonly id: string;
  readonly library: Library;
  readonly label: string;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly tuning: "user" | "oracle";
}

/**
 * Turns the traces of a configuration's repeats into its figures: per target, the median (min, max)
 * time and passes to reach it; the median best gap; and the trace of the median repeat (by the time it
 * took to reach the tightest target it reached), thinned for plotting.
 */
export function summarizeRun(
  identity: RunIdentity,
  traces: readonly Trace[],
  fStar: number,
  extras: { testAccuracy: number | null; memory: MemoryResult | null; note: string | null },
): RunResult {
  const hits = traces.map((trace) => targetHits(trace, fStar));
  const targets: TargetResult[] = TARGETS.map((target, index) => ({
    target,
    seconds: summarizeReached(hits.map((perRepeat) => perRepeat[index]!.seconds)),
    passes: summarizeReached(hits.map((perRepeat) => perRepeat[index]!.passes)),
  }));
  const durations = traces.map((trace) => trace.seconds[trace.seconds.length - 1] ?? 0);
  const medianTrace = pickMedianTrace(traces, hits);
  return {
    ...identity,
    status: "ok",
    note: extras.note,
    repeats: traces.length,
    targets,
    bestGap: traces.length === 0 ? null : median(traces.map((trace) => bestGap(trace, fStar))),
    seconds: traces.length === 0 ? null : summarize(durations),
    testAccuracy: extras.testAccuracy,
    memory: extras.memory,
    trace: medianTrace === null ? null : thinTrace(medianTrace, fStar),
  };
}

/** The repeat whose time to its tightest reached target (or whole duration) is the median. */
function pickMedianTrace(
  traces: readonly Trace[],
  hits: readonly { seconds: number | null }[][],
): Trace | null {
  if (traces.length === 0) return null;
  const keyed = traces.map((trace, index) => {
    const reached = hits[index]!.filter((hit) => hit.seconds !== null);
    const key =
      reached.length > 0 ? reached[reached.length - 1]!.seconds! : trace.seconds[trace.seconds.length - 1]!;
    // Runs that reached more targets sort first; among equals, by time.
    return { trace, order: -reached.length * 1e9 + key };
  });
  keyed.sort((a, b) => a.order - b.order);
  return keyed[(keyed.length - 1) >> 1]!.trace;
}

/** A configuration that did not run: the row still shows, with why. */
export function unavailableRun(identity: RunIdentity, status: "failed" | "skipped", note: string): RunResult {
  return {
    ...identity,
    status,
    note,
    repeats: 0,
    targets: TARGETS.map((target) => ({ target, seconds: null, passes: null })),
    bestGap: null,
    seconds: null,
    testAccuracy: null,
    memory: null,
    trace: null,
  };
}
