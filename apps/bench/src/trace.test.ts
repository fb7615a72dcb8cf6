import { describe, expect, it } from "vitest";
import { median, summarizeReached } from "./stats.js";
import {
  bestGap,
  monotoneSweepTimes,
  relativeGap,
  type Trace,
  TraceRecorder,
  targetHits,
  thinTrace,
} from "./trace.js";

const fStar = 0.5;
/** The loss at a relative gap g: f* (1 + g). */
const at = (gap: number) => fStar * (1 + gap);

/** A run whose gap falls tenfold every 10 ms, one point a millisecond: 1e-1 at 0, 1e-9 at 80 ms. */
function linearRun(): Trace {
  const trace: Trace = { seconds: [], passes: [], loss: [] };
  for (let k = 0; k <= 100; k++) {
    trace.seconds.push(k / 1000);
    trace.passes.push(2 * k);
    trace.loss.push(at(10 ** (-1 - k / 10)));
  }
  return trace;
}

describe("time to a target", () => {
  it("reads the first point at or below each target", () => {
    const hits = targetHits(linearRun(), fStar);
    // Gap 1e-4 at k = 30, 1e-6 at k = 50, 1e-8 at k = 70 (10^(−1−k/10) rounds to at most the target there or one step on).
    expect(hits.map((hit) => hit.target)).toEqual([1e-4, 1e-6, 1e-8]);
    for (const [hit, k] of hits.map((hit, index) => [hit, 30 + 20 * index] as const)) {
      expect(hit.seconds === k / 1000 || hit.seconds === (k + 1) / 1000).toBe(true);
      expect(hit.passes).toBe(Math.round(hit.seconds! * 2000));
    }
  });

  it("says null for a target never reached, and does not undo a reached one when the gap rises again", () => {
    const trace: Trace = {
      seconds: [0, 1, 2, 3],
      passes: [0, 1, 2, 3],
      loss: [at(1e-2), at(5e-7), at(1e-3), at(2e-7)],
    };
    const [four, six, eight] = targetHits(trace, fStar);
    expect(four).toEqual({ target: 1e-4, seconds: 1, passes: 1 });
    expect(six).toEqual({ target: 1e-6, seconds: 1, passes: 1 });
    expect(eight).toEqual({ target: 1e-8, seconds: null, passes: null });
    // f* (1 + g) rounds: the gap comes back to about 1e-16 absolute.
    expect(bestGap(trace, fStar)).toBeCloseTo(2e-7, 15);
  });

  it("measures gaps relative to |f*|", () => {
    expect(relativeGap(1.5, 1)).toBe(0.5);
    expect(relativeGap(-0.5, -1)).toBe(0.5);
  });
});

describe("thinning", () => {
  it("keeps the ends, the best point and every target crossing, so the figures do not change", () => {
    const full = linearRun();
    const thin = thinTrace(full, fStar, { decadeFraction: 1, timeFactor: 10, maxPoints: 5 });
    expect(thin.loss.length).toBeLessThan(full.loss.length);
    expect(targetHits(thin, fStar)).toEqual(targetHits(full, fStar));
    expect(bestGap(thin, fStar)).toBe(bestGap(full, fStar));
    expect(thin.seconds[0]).toBe(0);
    expect(thin.seconds[thin.seconds.length - 1]).toBe(0.1);
  });

  it("records online to the same figures as the full trace", () => {
    const full = linearRun();
    const recorder = new TraceRecorder(fStar, { decadeFraction: 0.5, timeFactor: 100 });
    for (let k = 0; k < full.loss.length; k++)
      recorder.record(full.seconds[k]!, full.passes[k]!, full.loss[k]!);
    const recorded = recorder.finish();
    expect(recorded.loss.length).toBeLessThan(30);
    expect(targetHits(recorded, fStar)).toEqual(targetHits(full, fStar));
    expect(bestGap(recorded, fStar)).toBe(bestGap(full, fStar));
    expect(recorded.seconds).toEqual([...recorded.seconds].sort((a, b) => a - b));
  });

  it("keeps the best point of a noisy run even when it would have been thinned away", () => {
    const recorder = new TraceRecorder(fStar, { decadeFraction: 3, timeFactor: 1e9 });
    const gaps = [1e-2, 1.1e-2, 0.9e-2, 1.2e-2, 1.05e-2];
    for (const [k, gap] of gaps.entries()) recorder.record(k + 1, k, at(gap));
    const recorded = recorder.finish();
    expect(bestGap(recorded, fStar)).toBeCloseTo(0.9e-2, 15);
    expect(recorded.seconds).toEqual([1, 3, 5]);
  });
});

describe("refit sweeps", () => {
  it("makes times non-decreasing from the end, so a longer fit never looks slower than a shorter one", () => {
    expect(monotoneSweepTimes([0, 0.2, 0.1, 0.3, 0.25])).toEqual([0, 0.1, 0.1, 0.25, 0.25]);
  });
});

describe("summaries over repeats", () => {
  it("takes the median, counting a repeat that missed the target as +∞", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(summarizeReached([0.3, null, 0.1])).toEqual({
      median: 0.3,
      min: 0.1,
      max: 0.3,
      count: 3,
      reached: 2,
    });
    expect(summarizeReached([0.3, null, null])!.median).toBe(Number.POSITIVE_INFINITY);
    expect(summarizeReached([null, null])).toBeNull();
  });
});
