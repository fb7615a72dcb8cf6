import type { LbfgsState } from "./lbfgsState.js";

/**
 * d = −H ∇f by the two-loop recursion (Nocedal & Wright Algorithm 7.4), over the stored pairs from the
 * newest back to the oldest and forward again, with H₀ = γ I.
 */
export function searchDirection(
  grad: Float64Array,
  state: LbfgsState,
  historySize: number,
  dim: number,
): void {
  const { s, y, rho, alpha, direction: q } = state;
  q.set(grad);
  let row = state.newest;
  for (let k = 0; k < state.stored; k++) {
    const offset = row * dim;
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += s[offset + j]! * q[j]!;
    const a = rho[row]! * sq;
    alpha[row] = a;
    for (let j = 0; j < dim; j++) q[j] = q[j]! - a * y[offset + j]!;
    row = row === 0 ? historySize - 1 : row - 1;
  }
  const gamma = state.gamma;
  for (let j = 0; j < dim; j++) q[j] = gamma * q[j]!;
  // `row` is now the slot before the oldest pair; step forward from the oldest.
  for (let k = 0; k < state.stored; k++) {
    row = row === historySize - 1 ? 0 : row + 1;
    const offset = row * dim;
    let yr = 0;
    for (let j = 0; j < dim; j++) yr += y[offset + j]! * q[j]!;
    const correction = alpha[row]! - rho[row]! * yr;
    for (let j = 0; j < dim; j++) q[j] = q[j]! + correction * s[offset + j]!;
  }
  for (let j = 0; j < dim; j++) q[j] = -q[j]!;
}

/**
 * Adds s = θ₊ − θ, y = ∇f(θ₊) − ∇f(θ) as the newest pair, over the oldest once the history is full,
 * unless sᵀy ≤ ε ‖s‖ ‖y‖: such a pair would make H indefinite or badly conditioned.
 */
export function rememberPair(
  theta: Float64Array,
  grad: Float64Array,
  state: LbfgsState,
  historySize: number,
  epsilon: number,
  dim: number,
): void {
  const { trialTheta, trialGradient } = state;
  let sy = 0;
  let ss = 0;
  let yy = 0;
  for (let j = 0; j < dim; j++) {
    const sj = trialTheta[j]! - theta[j]!;
    const yj = trialGradient[j]! - grad[j]!;
    sy += sj * yj;
    ss += sj * sj;
    yy += yj * yj;
  }
  if (!(sy > epsilon * Math.sqrt(ss) * Math.sqrt(yy))) {
    state.skippedPairs += 1;
    return;
  }
  const row = state.newest === historySize - 1 ? 0 : state.newest + 1;
  const offset = row * dim;
  for (let j = 0; j < dim; j++) {
    state.s[offset + j] = trialTheta[j]! - theta[j]!;
    state.y[offset + j] = trialGradient[j]! - grad[j]!;
  }
  state.rho[row] = 1 / sy;
  state.newest = row;
  state.gamma = sy / yy;
  if (state.stored < historySize) state.stored += 1;
}
