import { dot, type Objective } from "@descent/core";

/** The constants of the strong Wolfe conditions and the search's budget. */
export interface LineSearchSettings {
  /** c1, sufficient decrease: φ(α) ≤ φ(0) + c1 α φ'(0). */
  readonly c1: number;
  /** c2, curvature: |φ'(α)| ≤ c2 |φ'(0)|, with 0 < c1 < c2 < 1. */
  readonly c2: number;
  /** The most evaluations of f and ∇f in one search. */
  readonly maxEvaluations: number;
}

/**
 * A search's numbers, in and out: plain data kept in the optimizer's state. Scalars travel through this
 * record rather than as arguments and return values because V8 boxes a double that crosses a call it
 * did not inline, and a step must allocate nothing.
 */
export interface LineSearchRecord {
  /** In: φ(0) = f(θ). */
  initialLoss: number;
  /** In: φ'(0) = ∇f(θ)ᵀd, negative. */
  initialSlope: number;
  /** In: the first trial α. */
  initialStep: number;
  /** Out: α, the accepted step length (0 when the search failed). */
  step: number;
  /** Out: φ(α) = f(θ + α d) at the accepted point (φ(0) when the search failed). */
  loss: number;
  /** Out: how many times the search evaluated f and ∇f. */
  evaluations: number;
}

/**
 * How a search ended. In every case but "failed", `trialTheta` holds θ + α d and `trialGradient` its
 * gradient.
 * - "wolfe": α satisfies the strong Wolfe conditions.
 * - "decrease": the budget ran out; α satisfies sufficient decrease only (the best point found).
 * - "non-finite": f was NaN or −∞, or ∇f non-finite, at θ + α d; the caller reports it as it is.
 * - "failed": no point with sufficient decrease was found; θ should stay where it is.
 * In every case `step`, `loss` and `evaluations` of the record say what was found.
 */
export type LineSearchOutcome = "wolfe" | "decrease" | "non-finite" | "failed";

/**
 * The relative size below which differences of f are taken for rounding: far above the error of a sum
 * over thousands of terms (~1e-16 relative), far below any decrease that a test cares about.
 */
const FUNCTION_NOISE = 1e-12;

/**
 * A trial step between αlo and αhi (either order), from what is known at both ends: the minimizer of the
 * cubic that interpolates φ and φ' at both (Nocedal & Wright eq. 3.59); where that does not exist, the
 * minimizer of the quadratic through φ(αlo), φ'(αlo), φ(αhi); failing that, the midpoint. The result is
 * kept 1% of the interval away from either end, so every trial shrinks the bracket. (1%, not N&W's
 * customary 10%: after a first trial that overshoots by orders of magnitude, the interpolant's minimizer
 * is near αlo and right, and a 10% margin would make the search crawl there by tenths.)
 */
export function interpolateStep(
  stepLo: number,
  lossLo: number,
  slopeLo: number,
  stepHi: number,
  lossHi: number,
  slopeHi: number,
): number {
  const width = stepHi - stepLo;
  const low = Math.min(stepLo, stepHi);
  const high = Math.max(stepLo, stepHi);
  let step = Number.NaN;
  const d1 = slopeLo + slopeHi - (3 * (lossLo - lossHi)) / (stepLo - stepHi);
  const radicand = d1 * d1 - slopeLo * slopeHi;
  if (radicand >= 0) {
    const d2 = Math.sign(width) * Math.sqrt(radicand);
    step = stepHi - (width * (slopeHi + d2 - d1)) / (slopeHi - slopeLo + 2 * d2);
  }
  if (!(step >= low && step <= high) && Number.isFinite(lossHi)) {
    step = stepLo - (slopeLo * width * width) / (2 * (lossHi - lossLo - slopeLo * width));
  }
  if (!(step >= low && step <= high)) step = stepLo + 0.5 * width;
  const margin = 0.01 * (high - low);
  return Math.min(Math.max(step, low + margin), high - margin);
}

/**
 * The line search of Nocedal & Wright, Algorithms 3.5 (bracketing) and 3.6 (zoom), on φ(α) = f(θ + α d)
 * with φ'(0) = `slope0` < 0: finds α > 0 with
 *
 *     φ(α) ≤ φ(0) + c1 α φ'(0)   and   |φ'(α)| ≤ c2 |φ'(0)|.
 *
 * Each trial evaluates f and ∇f together (one pass over the data), so φ' is known at both ends of the
 * bracket and zoom interpolates with a cubic. The bracketing phase doubles α. A value of +∞ counts as a
 * step too long. Reads φ(0), φ'(0) and the first α from `record` and writes what it found there.
 * Allocates nothing: the trial point and its gradient go into the buffers passed in.
 */
export function strongWolfeLineSearch(
  objective: Objective,
  theta: Float64Array,
  direction: Float64Array,
  trialTheta: Float64Array,
  trialGradient: Float64Array,
  settings: LineSearchSettings,
  record: LineSearchRecord,
): LineSearchOutcome {
  const loss0 = record.initialLoss;
  const slope0 = record.initialSlope;
  const decreasePerStep = settings.c1 * slope0;
  const curvatureBound = -settings.c2 * slope0;
  // Where f cannot resolve the decrease that sufficient decrease asks for (c1 α |φ'(0)| is within the
  // rounding of f, and φ(α) ≤ φ(0) up to it), that condition is judged by its approximate form from the
  // derivative, φ'(α) ≤ (2 c1 − 1) φ'(0) (Hager & Zhang 2005), which is exact for a quadratic.
  const approximateDecreaseBound = (2 * settings.c1 - 1) * slope0;
  const noise = FUNCTION_NOISE * Math.abs(loss0);
  const lossCeiling = loss0 + noise;
  const budget = settings.maxEvaluations;
  record.evaluations = 0;

  // The bracket [lo, hi]: lo has the least φ of the points that satisfy sufficient decrease, and
  // φ'(lo)(hi − lo) < 0, so the interval holds a point that satisfies both conditions (N&W Lemma 3.1).
  let stepLo = 0;
  let lossLo = loss0;
  let slopeLo = slope0;
  let stepHi = 0;
  let lossHi = 0;
  let slopeHi = 0;
  let lastIsLo = false;
  let bracketed = false;

  // Algorithm 3.5: grow α until it overshoots (φ rises or stops decreasing enough) or φ' turns up.
  let step = record.initialStep;
  while (!bracketed) {
    for (let j = 0; j < theta.length; j++) trialTheta[j] = theta[j]! + step * direction[j]!;
    const loss = objective.valueAndGradient(trialTheta, trialGradient);
    const slope = dot(trialGradient.length, trialGradient, direction);
    const evaluations = ++record.evaluations;
    record.step = step;
    record.loss = loss;
    if (loss !== Number.POSITIVE_INFINITY && !(Number.isFinite(loss) && Number.isFinite(slope))) {
      return "non-finite";
    }
    // Sufficient decrease and, after the first trial, below the previous one; or the approximate form.
    const decreased =
      (loss <= loss0 + step * decreasePerStep && (evaluations === 1 || loss < lossLo)) ||
      (loss <= lossCeiling && -step * decreasePerStep <= noise && slope <= approximateDecreaseBound);
    if (!decreased) {
      stepHi = step;
      lossHi = loss;
      slopeHi = slope;
      bracketed = true;
    } else if (Math.abs(slope) <= curvatureBound) {
      return "wolfe";
    } else if (slope >= 0) {
      stepHi = stepLo;
      lossHi = lossLo;
      slopeHi = slopeLo;
      stepLo = step;
      lossLo = loss;
      slopeLo = slope;
      lastIsLo = true;
      bracketed = true;
    } else if (evaluations >= budget) {
      return "decrease";
    } else {
      stepLo = step;
      lossLo = loss;
      slopeLo = slope;
      step *= 2;
    }
  }

  // Algorithm 3.6 (zoom): shrink the bracket around a point that satisfies both conditions.
  while (record.evaluations < budget) {
    step = interpolateStep(stepLo, lossLo, slopeLo, stepHi, lossHi, slopeHi);
    if (step === stepLo || step === stepHi) break; // the bracket is as narrow as floating point allows
    let moved = false;
    for (let j = 0; j < theta.length; j++) {
      trialTheta[j] = theta[j]! + step * direction[j]!;
      if (trialTheta[j] !== theta[j]) moved = true;
    }
    // The bracket has shrunk to steps that no longer move θ in floating point: nothing left to find.
    if (!moved) break;
    const loss = objective.valueAndGradient(trialTheta, trialGradient);
    const slope = dot(trialGradient.length, trialGradient, direction);
    record.evaluations += 1;
    record.step = step;
    record.loss = loss;
    lastIsLo = false;
    if (loss !== Number.POSITIVE_INFINITY && !(Number.isFinite(loss) && Number.isFinite(slope))) {
      return "non-finite";
    }
    // Sufficient decrease and below the best point so far; or the approximate form.
    const decreased =
      (loss <= loss0 + step * decreasePerStep && loss < lossLo) ||
      (loss <= lossCeiling && -step * decreasePerStep <= noise && slope <= approximateDecreaseBound);
    if (!decreased) {
      stepHi = step;
      lossHi = loss;
      slopeHi = slope;
    } else {
      if (Math.abs(slope) <= curvatureBound) return "wolfe";
      if (slope * (stepHi - stepLo) >= 0) {
        stepHi = stepLo;
        lossHi = lossLo;
        slopeHi = slopeLo;
      }
      stepLo = step;
      lossLo = loss;
      slopeLo = slope;
      lastIsLo = true;
    }
  }

  // Out of budget, or the bracket collapsed: fall back to the best point with sufficient decrease.
  if (stepLo === 0) {
    record.step = 0;
    record.loss = loss0;
    return "failed";
  }
  if (!lastIsLo) {
    for (let j = 0; j < theta.length; j++) trialTheta[j] = theta[j]! + stepLo * direction[j]!;
    lossLo = objective.valueAndGradient(trialTheta, trialGradient);
    record.evaluations += 1;
  }
  record.step = stepLo;
  record.loss = lossLo;
  return "decrease";
}
