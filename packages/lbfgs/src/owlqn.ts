import { dot, l1Penalty, pseudoGradient, pseudoGradientSum } from "@descent/core";
import { rememberPair, searchDirection } from "./curvatureHistory.js";
import type { LbfgsState } from "./lbfgsState.js";

/** How close two values of F may be and still differ only by rounding: 16 ulps, as in @descent/newton. */
const ROUNDING_LOSS_DIFFERENCE = 16 * Number.EPSILON;

/** The settings of an OWL-QN step. */
export interface OrthantWiseSettings {
  readonly historySize: number;
  readonly epsilon: number;
  /** γ of the sufficient-decrease test F(θ₊) ≤ F(θ) + γ ◇F(θ)ᵀ(θ₊ − θ). */
  readonly c1: number;
  /** The most trial points of the backtracking search (α = 1, ½, ¼, …). */
  readonly maxEvaluations: number;
}

/**
 * One OWL-QN iteration (Andrew & Gao 2007) on F = f + λ1 Σ_{j<p}|θ_j|, f's value `loss` and gradient `grad`
 * at θ given:
 *
 *  1. v = ◇F(θ), the pseudo-gradient (the minimum-norm subgradient);
 *  2. d = −H v by the two-loop recursion over pairs (s, y) of the smooth gradient, y = ∇f(θ₊) − ∇f(θ);
 *  3. d_j ← 0 for penalized j where d_j v_j ≥ 0 (d projected onto the signs of −v);
 *  4. the orthant ξ_j = sign(θ_j), or sign(−v_j) where θ_j = 0;
 *  5. backtracking from α = 1 on θ(α) = π(θ + α d; ξ), which sets to 0 every penalized coordinate that
 *     would leave its orthant, until F(θ(α)) ≤ F(θ) + γ vᵀ(θ(α) − θ).
 *
 * Coordinates leave a zero only along −v and land on exactly 0 when they would cross it. Writes the new θ
 * and ∇f(θ) and returns f(θ) (the smooth part); on a failed search θ stays, the history is forgotten, and
 * f(θ) is returned.
 */
export function orthantWiseStep(
  theta: Float64Array,
  grad: Float64Array,
  loss: number,
  state: LbfgsState,
  objective: {
    valueAndGradient(theta: Float64Array, grad: Float64Array): number;
  },
  l1: number,
  penalizedCount: number,
  settings: OrthantWiseSettings,
): number {
  const { direction, trialTheta, trialGradient, pseudoGradient: steepest, lineSearch: search } = state;
  const dim = theta.length;
  state.stalled = false;
  pseudoGradient(theta, grad, l1, penalizedCount, steepest);
  if (state.stored > 0) {
    searchDirection(steepest, state, settings.historySize, dim);
    projectOntoDescentSigns(direction, steepest, penalizedCount);
  } else {
    for (let j = 0; j < dim; j++) direction[j] = -steepest[j]!;
  }
  let slope = dot(steepest.length, steepest, direction);
  if (!(slope < 0)) {
    // H lost positive definiteness to rounding, or the projection removed every descent coordinate.
    state.stored = 0;
    for (let j = 0; j < dim; j++) direction[j] = -steepest[j]!;
    slope = dot(steepest.length, steepest, direction);
    if (slope === 0) {
      search.evaluations = 0;
      return loss; // ◇F = 0: θ minimizes F
    }
  }
  const composite = loss + l1Penalty(theta, penalizedCount, l1);
  const roundingLevel = ROUNDING_LOSS_DIFFERENCE * Math.abs(composite);
  search.initialLoss = composite;
  search.initialSlope = slope;
  search.initialStep = state.stored > 0 ? 1 : 1 / Math.sqrt(-slope);
  search.evaluations = 0;
  let step = search.initialStep;
  let steepestSum = -1;
  for (let trial = 0; trial < settings.maxEvaluations; trial++) {
    let moved = false;
    let predicted = 0;
    for (let j = 0; j < dim; j++) {
      const current = theta[j]!;
      let next = current + step * direction[j]!;
      if (j < penalizedCount) {
        // ξ_j: the sign of θ_j, or, at 0, the sign that the step along −v takes.
        const orthant = current !== 0 ? current : -steepest[j]!;
        if (next * orthant <= 0) next = 0;
      }
      trialTheta[j] = next;
      if (next !== current) moved = true;
      predicted += steepest[j]! * (next - current);
    }
    // α d has fallen below half an ulp of every θ_j: no shorter step can change θ.
    if (!moved) break;
    const trialLoss = objective.valueAndGradient(trialTheta, trialGradient);
    search.evaluations += 1;
    const trialComposite = trialLoss + l1Penalty(trialTheta, penalizedCount, l1);
    const change = trialComposite - composite;
    let accepted = change <= settings.c1 * predicted;
    if (!accepted && Math.abs(change) <= roundingLevel) {
      // At F's rounding floor the decrease test is a coin toss: accept a step that lowers ‖◇F‖₁ instead.
      if (steepestSum < 0) steepestSum = pseudoGradientSum(theta, grad, l1, penalizedCount);
      accepted = pseudoGradientSum(trialTheta, trialGradient, l1, penalizedCount) < steepestSum;
    }
    if (accepted) {
      search.step = step;
      search.loss = trialComposite;
      rememberPair(theta, grad, state, settings.historySize, settings.epsilon, dim);
      theta.set(trialTheta);
      grad.set(trialGradient);
      return trialLoss;
    }
    step *= 0.5;
  }
  // No acceptable point: stay, and forget the history, so the next direction is −◇F.
  search.step = 0;
  search.loss = composite;
  state.lineSearchFailures += 1;
  state.stored = 0;
  return loss;
}

/** d_j ← 0 for j < p where d_j has not the sign of −v_j (Andrew & Gao's π(d; −v)). */
function projectOntoDescentSigns(
  direction: Float64Array,
  steepest: Float64Array,
  penalizedCount: number,
): void {
  for (let j = 0; j < penalizedCount; j++) {
    if (direction[j]! * steepest[j]! >= 0) direction[j] = 0;
  }
}
