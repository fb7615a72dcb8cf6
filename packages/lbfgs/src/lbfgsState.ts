// The state of an L-BFGS run, in its own file so that the step modules (lbfgs, owlqn, curvatureHistory) share
// it without importing each other in a circle.
import type { LineSearchRecord } from "./lineSearch.js";

/**
 * Plain data: the history as ring buffers of `historySize` rows of length d (row k is pair k), the
 * scratch buffers of a step, and counters. Made in `init`, so a step allocates nothing.
 */
export interface LbfgsState {
  /** s_k = θ_{k+1} − θ_k of the remembered steps, one row per pair. */
  readonly s: Float64Array;
  /** y_k = ∇f(θ_{k+1}) − ∇f(θ_k) of the remembered steps, one row per pair. */
  readonly y: Float64Array;
  /** ρ_k = 1 / (s_kᵀ y_k), one per pair. */
  readonly rho: Float64Array;
  /** α_k of the two-loop recursion: scratch. */
  readonly alpha: Float64Array;
  /** d = −H ∇f(θ), the search direction: scratch. */
  readonly direction: Float64Array;
  /** θ + α d and its gradient, where the line search evaluates: scratch. */
  readonly trialTheta: Float64Array;
  readonly trialGradient: Float64Array;
  /** OWL-QN's pseudo-gradient ◇F(θ) (with an L1 penalty): scratch. */
  readonly pseudoGradient: Float64Array;
  /** How many pairs the history holds (at most historySize). */
  stored: number;
  /** The row of the most recent pair. */
  newest: number;
  /** γ = sᵀy / yᵀy of the most recent pair: H₀ = γ I. */
  gamma: number;
  /** The last line search: where it started (φ(0), φ'(0), the first α) and what it found. */
  readonly lineSearch: LineSearchRecord;
  /** Pairs left out by the curvature test sᵀy ≤ ε ‖s‖ ‖y‖. */
  skippedPairs: number;
  /** Line searches that found no decrease; each one clears the history (the next step is −∇f). */
  lineSearchFailures: number;
  /**
   * Set when the last step moved θ by rounding only (at most two units in the last place of each entry)
   * and did not lower f: θ is the minimizer to working precision. Steps from that same point then
   * return at once instead of cycling between neighbouring floating-point vectors.
   */
  stalled: boolean;
  /** Steps that returned at once from a stalled point. */
  stalledSteps: number;
}
