/**
 * A run's path to the optimum: parallel arrays of wall time (seconds since the fit started), passes over
 * the data, and the loss f(θ) on the full training set, in the order they happened.
 */
export interface Trace {
  readonly seconds: number[];
  readonly passes: (number | null)[];
  readonly loss: number[];
}

/** The relative gaps the bench reports time and passes to: f − f* ≤ target · |f*|. */
export const TARGETS = [1e-4, 1e-6, 1e-8] as const;

/** Below this a relative gap is rounding noise in f*: plots floor gaps here, so log scales stay finite. */
export const GAP_FLOOR = 1e-16;

export function emptyTrace(): Trace {
  return { seconds: [], passes: [], loss: [] };
}

export function relativeGap(loss: number, fStar: number): number {
  return (loss - fStar) / Math.abs(fStar);
}

/**
 * Records a run's trace as it goes, keeping only the points that matter on log axes, so that a run of
 * 10⁶ cheap iterations neither fills memory (which the bench measures) nor a reply with points. Kept:
 * the first point; each target's first crossing (exactly: time-to-target reads it); every point that
 * improves on the best gap so far by `decadeFraction` of a decade, or moves the gap that much from the
 * last kept point (a noisy run); a point whenever time has grown by `timeFactor`; and the last point.
 */
export class TraceRecorder {
  private readonly trace: Trace = emptyTrace();
  /** The loss at or below which each target is reached. */
  private readonly thresholds: number[];
  private nextTarget = 0;
  /** A gap must move by this factor (10^−decadeFraction) to be kept. */
  private readonly step: number;
  private readonly timeFactor: number;
  private lastGap = Number.POSITIVE_INFINITY;
  private bestGap = Number.POSITIVE_INFINITY;
  private lastSeconds = 0;
  // The latest point not kept, and the best point if it was not kept: plain fields, no allocation per call.
  private hasPending = false;
  private pendingSeconds = 0;
  private pendingPasses: number | null = null;
  private pendingLoss = 0;
  private bestUnkept = false;
  private bestSeconds = 0;
  private bestPasses: number | null = null;
  private bestLoss = Number.POSITIVE_INFINITY;

  constructor(
    private readonly fStar: number,
    { decadeFraction = 0.02, timeFactor = 1.02 }: { decadeFraction?: number; timeFactor?: number } = {},
  ) {
    this.thresholds = TARGETS.map((target) => fStar + target * Math.abs(fStar));
    this.step = 10 ** -decadeFraction;
    this.timeFactor = timeFactor;
  }

  record(seconds: number, passes: number | null, loss: number): void {
    const gap = Math.max(relativeGap(loss, this.fStar), GAP_FLOOR);
    let keep = this.trace.loss.length === 0 || seconds >= this.lastSeconds * this.timeFactor;
    while (this.nextTarget < this.thresholds.length && loss <= this.thresholds[this.nextTarget]!) {
      this.nextTarget++;
      keep = true;
    }
    // Either direction: a noisy (minibatch) run's rises show too. A NaN loss (divergence) is kept.
    if (
      gap <= this.bestGap * this.step ||
      gap <= this.lastGap * this.step ||
      gap * this.step >= this.lastGap
    ) {
      keep = true;
    }
    if (Number.isNaN(gap)) keep = true;
    const isBest = loss < this.bestLoss;
    if (!keep) {
      this.hasPending = true;
      this.pendingSeconds = seconds;
      this.pendingPasses = passes;
      this.pendingLoss = loss;
      if (isBest) {
        this.bestUnkept = true;
        this.bestSeconds = seconds;
        this.bestPasses = passes;
        this.bestLoss = loss;
      }
      return;
    }
    this.trace.seconds.push(seconds);
    this.trace.passes.push(passes);
    this.trace.loss.push(loss);
    this.hasPending = false;
    if (isBest) {
      this.bestUnkept = false;
      this.bestLoss = loss;
    }
    this.lastGap = gap;
    this.lastSeconds = seconds;
    if (gap < this.bestGap) this.bestGap = gap;
  }

  /** The kept points, with the last and the best point recorded whether or not they were kept. */
  finish(): Trace {
    const { trace } = this;
    const bestIsPending = this.hasPending && this.bestUnkept && this.bestSeconds === this.pendingSeconds;
    if (this.bestUnkept && !bestIsPending) {
      let at = trace.seconds.length;
      while (at > 0 && trace.seconds[at - 1]! > this.bestSeconds) at--;
      trace.seconds.splice(at, 0, this.bestSeconds);
      trace.passes.splice(at, 0, this.bestPasses);
      trace.loss.splice(at, 0, this.bestLoss);
    }
    if (this.hasPending) {
      trace.seconds.push(this.pendingSeconds);
      trace.passes.push(this.pendingPasses);
      trace.loss.push(this.pendingLoss);
    }
    this.hasPending = false;
    this.bestUnkept = false;
    return trace;
  }
}

/**
 * The times of a sweep of separate fits with growing iteration caps (scikit-learn, ml.js), made
 * non-decreasing: a fit capped at k iterations does no more work than one capped at k' > k, so when
 * noise made the longer fit faster, the shorter one's time is taken as that. Without this a target
 * could be "reached" sooner at 1e-8 than at 1e-6.
 */
export function monotoneSweepTimes(seconds: readonly number[]): number[] {
  const times = [...seconds];
  for (let k = times.length - 2; k >= 0; k--) times[k] = Math.min(times[k]!, times[k + 1]!);
  return times;
}

/** When a trace first got to a target: seconds and passes at that point, or null when it never did. */
export interface TargetHit {
  readonly target: number;
  readonly seconds: number | null;
  readonly passes: number | null;
}

/**
 * For each target, the first point of the trace whose relative gap is at most the target. A later
 * point that is worse (a stochastic method bouncing back) does not undo it: the optimizer got there,
 * and a user who stopped then would have had it.
 */
export function targetHits(trace: Trace, fStar: number, targets: readonly number[] = TARGETS): TargetHit[] {
  return targets.map((target) => {
    for (let k = 0; k < trace.loss.length; k++) {
      if (relativeGap(trace.loss[k]!, fStar) <= target) {
        return { target, seconds: trace.seconds[k]!, passes: trace.passes[k] ?? null };
      }
    }
    return { target, seconds: null, passes: null };
  });
}

/** The smallest relative gap along the trace (NaN for an empty trace). */
export function bestGap(trace: Trace, fStar: number): number {
  let best = Number.NaN;
  for (const loss of trace.loss) {
    const gap = relativeGap(loss, fStar);
    if (!(gap >= best)) best = gap;
  }
  return best;
}

/**
 * A shorter trace that draws the same on log axes: it keeps the first, last and best points, every
 * point where the gap first crosses a target, and otherwise a point only when the gap has fallen by at least
 * `decadeFraction` of a decade since the last kept point or time has grown by `timeFactor`.
 */
export function thinTrace(
  trace: Trace,
  fStar: number,
  { decadeFraction = 0.05, timeFactor = 1.05, maxPoints = 400 } = {},
): Trace {
  const count = trace.loss.length;
  if (count <= 2) return { seconds: [...trace.seconds], passes: [...trace.passes], loss: [...trace.loss] };
  const keep = new Uint8Array(count);
  // 2 marks the points that must stay: the ends and each target's first crossing.
  keep[0] = 2;
  keep[count - 1] = 2;
  for (const target of TARGETS) {
    const first = trace.loss.findIndex((loss) => relativeGap(loss, fStar) <= target);
    if (first >= 0) keep[first] = 2;
  }
  let best = 0;
  for (let k = 1; k < count; k++) if (trace.loss[k]! < trace.loss[best]!) best = k;
  keep[best] = 2;
  let lastGap = Math.max(relativeGap(trace.loss[0]!, fStar), GAP_FLOOR);
  let lastSeconds = trace.seconds[0]!;
  for (let k = 1; k < count - 1; k++) {
    const gap = Math.max(relativeGap(trace.loss[k]!, fStar), GAP_FLOOR);
    const seconds = trace.seconds[k]!;
    const moved = Math.abs(Math.log10(lastGap) - Math.log10(gap)) >= decadeFraction;
    const later = seconds > lastSeconds * timeFactor && seconds - lastSeconds > 1e-4;
    if (keep[k] || moved || later) {
      keep[k] = Math.max(keep[k]!, 1);
      lastGap = gap;
      lastSeconds = seconds;
    }
  }
  const thinned = emptyTrace();
  let kept = 0;
  for (let k = 0; k < count; k++) if (keep[k]) kept++;
  // Still too many (a long noisy run): keep every stride-th of the chosen points, plus the points that must stay.
  const stride = Math.max(1, Math.ceil(kept / maxPoints));
  let index = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    if (index % stride === 0 || keep[k] === 2) {
      thinned.seconds.push(trace.seconds[k]!);
      thinned.passes.push(trace.passes[k] ?? null);
      thinned.loss.push(trace.loss[k]!);
    }
    index++;
  }
  return thinned;
}
