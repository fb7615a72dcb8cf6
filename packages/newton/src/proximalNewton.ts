import { l1Penalty, pseudoGradientEntry, pseudoGradientNorm, pseudoGradientSum } from "@descent/core";
import type { LineSearchWorkspace } from "./lineSearch.js";

/** The buffers of proximal Newton's subproblem, made in `init` when the optimizer may form the Hessian. */
export interface ProximalNewtonWorkspace {
  /** H d, kept up to date as coordinate descent changes d one entry at a time. */
  hessianDirection: Float64Array;
  /** Coordinate-descent sweeps over the active set in the last step. */
  sweeps: number;
  /** Coordinates in the last step's active set (θ_j ≠ 0, or ◇F_j ≠ 0, or unpenalized). */
  activeCoordinates: number;
}

export function createProximalNewtonWorkspace(dim: number): ProximalNewtonWorkspace {
  return { hessianDirection: new Float64Array(dim), sweeps: 0, activeCoordinates: 0 };
}

/** The settings of a proximal Newton step. */
export interface ProximalNewtonSettings {
  /** σ of the sufficient decrease F(θ + t d) − F(θ) ≤ σ t Δ. */
  readonly c1: number;
  readonly backtrackFactor: number;
  readonly maxSteps: number;
  /** The most coordinate-descent sweeps over the active set per step. */
  readonly maxSweeps: number;
}

/** How close two values of F may be and still differ only by rounding: 16 ulps, as the smooth line search. */
const ROUNDING_LOSS_DIFFERENCE = 16 * Number.EPSILON;

/**
 * Added to each H_jj of the model, as newGLMNET does (ν = 1e-12), so that a coordinate with no curvature
 * (a constant column) still has a bounded coordinate step.
 */
const CURVATURE_FLOOR = 1e-12;

/**
 * One proximal Newton step (newGLMNET: Yuan, Ho & Lin 2012; Lee, Sun & Saunders 2014) on
 * F = f + λ1 Σ_{j<p}|θ_j|, with g = ∇f(θ) and H = ∇²f(θ) (H already in `hessian`, row-major):
 *
 *  1. the direction d minimizes the quadratic model of f plus the penalty,
 *         q(d) = gᵀd + ½ dᵀH d + λ1 Σ_{j<p} |θ_j + d_j|,
 *     by cyclic coordinate descent over the active set A = {j : θ_j ≠ 0 or ◇F_j ≠ 0, or j ≥ p}: for
 *     j ∈ A, with a = H_jj and b = g_j + (H d)_j,
 *         θ_j + d_j ← S_{λ1/a}(θ_j + d_j − b/a)   (j < p),    d_j ← d_j − b/a   (j ≥ p),
 *     sweeping until no coordinate moves by more than min(0.1, ‖◇F‖∞)·‖◇F‖∞ / a (an inexact Newton
 *     forcing term) or `maxSweeps`;
 *  2. a backtracking search on F from t = 1 for F(θ + t d) − F(θ) ≤ σ t Δ, with
 *     Δ = gᵀd + λ1 (‖θ + d‖₁ − ‖θ‖₁) < 0 (Tseng & Yun 2009).
 *
 * The full step t = 1 puts the coordinates the model zeroes on exactly 0: θ_j + (0 − θ_j) = 0. Writes the new
 * θ and ∇f and returns f (the smooth part) there; when no trial is accepted θ stays and f(θ) is returned.
 */
export function proximalNewtonStep(
  objective: { valueAndGradient(theta: Float64Array, grad: Float64Array): number },
  theta: Float64Array,
  grad: Float64Array,
  loss: number,
  hessian: Float64Array,
  direction: Float64Array,
  workspace: ProximalNewtonWorkspace,
  lineSearch: LineSearchWorkspace,
  l1: number,
  penalizedCount: number,
  settings: ProximalNewtonSettings,
): number {
  const dim = theta.length;
  const { hessianDirection } = workspace;
  const stationarity = pseudoGradientNorm(theta, grad, l1, penalizedCount);
  const moveTolerance = Math.min(0.1, stationarity) * stationarity;
  direction.fill(0);
  hessianDirection.fill(0);
  let active = 0;
  for (let j = 0; j < dim; j++) if (isActive(theta, grad, j, l1, penalizedCount)) active += 1;
  workspace.activeCoordinates = active;

  let sweeps = 0;
  while (sweeps < settings.maxSweeps) {
    sweeps += 1;
    let largestMove = 0;
    for (let j = 0; j < dim; j++) {
      if (!isActive(theta, grad, j, l1, penalizedCount)) continue;
      const curvature = hessian[j * dim + j]! + CURVATURE_FLOOR;
      const slope = grad[j]! + hessianDirection[j]!;
      const current = direction[j]!;
      let next: number;
      if (j < penalizedCount) {
        const target = theta[j]! + current - slope / curvature;
        const threshold = l1 / curvature;
        const shrunk = target > threshold ? target - threshold : target < -threshold ? target + threshold : 0;
        next = shrunk - theta[j]!;
      } else {
        next = current - slope / curvature;
      }
      const change = next - current;
      if (change === 0) continue;
      direction[j] = next;
      // H is symmetric: its row j is its column j.
      const row = j * dim;
      for (let k = 0; k < dim; k++) hessianDirection[k] = hessianDirection[k]! + change * hessian[row + k]!;
      const move = Math.abs(change) * curvature;
      if (move > largestMove) largestMove = move;
    }
    if (largestMove <= moveTolerance) break;
  }
  workspace.sweeps = sweeps;

  // Δ = gᵀd + λ1(‖θ + d‖₁ − ‖θ‖₁): negative unless θ already minimizes the model (then d = 0).
  let predicted = 0;
  let penaltyChange = 0;
  for (let j = 0; j < dim; j++) {
    predicted += grad[j]! * direction[j]!;
    if (j < penalizedCount) penaltyChange += Math.abs(theta[j]! + direction[j]!) - Math.abs(theta[j]!);
  }
  predicted += l1 * penaltyChange;
  if (!(predicted < 0)) {
    lineSearch.stepLength = 0;
    return loss;
  }

  const composite = loss + l1Penalty(theta, penalizedCount, l1);
  const roundingLevel = ROUNDING_LOSS_DIFFERENCE * Math.abs(composite);
  const { trialTheta, trialGradient } = lineSearch;
  let stationaritySum = -1;
  let stepLength = 1;
  for (let trial = 0; trial < settings.maxSteps; trial++) {
    let moved = false;
    for (let j = 0; j < dim; j++) {
      const value = theta[j]! + stepLength * direction[j]!;
      trialTheta[j] = value;
      if (value !== theta[j]) moved = true;
    }
    if (!moved) break;
    const trialLoss = objective.valueAndGradient(trialTheta, trialGradient);
    const change = trialLoss + l1Penalty(trialTheta, penalizedCount, l1) - composite;
    let accepted = change <= settings.c1 * stepLength * predicted;
    if (!accepted && Math.abs(change) <= roundingLevel) {
      // At F's rounding floor: accept a step that lowers ‖◇F‖₁, as the smooth search does with ‖∇f‖₁.
      if (stationaritySum < 0) stationaritySum = pseudoGradientSum(theta, grad, l1, penalizedCount);
      accepted = pseudoGradientSum(trialTheta, trialGradient, l1, penalizedCount) < stationaritySum;
    }
    if (accepted) {
      theta.set(trialTheta);
      grad.set(trialGradient);
      lineSearch.stepLength = stepLength;
      return trialLoss;
    }
    stepLength *= settings.backtrackFactor;
  }
  lineSearch.stepLength = 0;
  lineSearch.failures += 1;
  return loss;
}

/**
 * Whether coordinate j is in the active set: unpenalized, or non-zero, or zero with |g_j| > λ1 (◇F_j ≠ 0).
 * A zero coordinate with |g_j| ≤ λ1 already satisfies its optimality condition and stays 0 this step.
 */
function isActive(
  theta: Float64Array,
  grad: Float64Array,
  j: number,
  l1: number,
  penalizedCount: number,
): boolean {
  return j >= penalizedCount || theta[j] !== 0 || pseudoGradientEntry(0, grad[j]!, l1) !== 0;
}
