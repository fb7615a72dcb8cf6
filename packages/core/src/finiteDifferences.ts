import { DescentError } from "./errors.js";
import type { Objective } from "./objective.js";

/** How far an analytic derivative is from its central finite-difference estimate. */
export interface DerivativeCheck {
  /** max |analytic − numeric| over all entries. */
  readonly maxAbsoluteError: number;
  /** max |analytic − numeric| / max(1, |analytic|, |numeric|): absolute near 0, relative for large entries. */
  readonly maxError: number;
  /** The flat index of the worst entry. */
  readonly worstIndex: number;
  readonly analytic: Float64Array;
  readonly numeric: Float64Array;
}

function compare(analytic: Float64Array, numeric: Float64Array): DerivativeCheck {
  let maxAbsoluteError = 0;
  let maxError = 0;
  let worstIndex = 0;
  for (let k = 0; k < analytic.length; k++) {
    const a = analytic[k]!;
    const n = numeric[k]!;
    const absolute = Math.abs(a - n);
    const error = absolute / Math.max(1, Math.abs(a), Math.abs(n));
    // A NaN entry is an infinite error, and stays the worst.
    if (!(absolute <= maxAbsoluteError))
      maxAbsoluteError = Number.isNaN(absolute) ? Number.POSITIVE_INFINITY : absolute;
    if (!(error <= maxError)) {
      maxError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      worstIndex = k;
    }
  }
  return { maxAbsoluteError, maxError, worstIndex, analytic, numeric };
}

/**
 * The central-difference gradient (f(θ + h e_j) − f(θ − h e_j)) / 2h, j = 1…d. Its error is O(h²) from
 * truncation plus O(ε|f|/h) from rounding; h = 1e-6 balances them near 1e-10 for well-scaled f.
 */
export function finiteDifferenceGradient(
  objective: Objective,
  theta: Float64Array,
  step = 1e-6,
): Float64Array {
  const point = new Float64Array(theta);
  const gradient = new Float64Array(objective.dim);
  for (let j = 0; j < objective.dim; j++) {
    point[j] = theta[j]! + step;
    const forward = objective.value(point);
    point[j] = theta[j]! - step;
    const backward = objective.value(point);
    point[j] = theta[j]!;
    gradient[j] = (forward - backward) / (2 * step);
  }
  return gradient;
}

/** Compares valueAndGradient with central differences of value, and checks that both return the same f. */
export function checkGradient(objective: Objective, theta: Float64Array, step = 1e-6): DerivativeCheck {
  const analytic = new Float64Array(objective.dim);
  const fused = objective.valueAndGradient(theta, analytic);
  const alone = objective.value(theta);
  if (Math.abs(fused - alone) > 1e-12 * Math.max(1, Math.abs(alone))) {
    throw new DescentError(
      "INVALID_STATE",
      `valueAndGradient returned f = ${fused} but value returned ${alone} at the same θ.`,
    );
  }
  return compare(analytic, finiteDifferenceGradient(objective, theta, step));
}

/**
 * Compares the objective's Hessian with central differences of its gradient, column by column:
 * H e_j ≈ (∇f(θ + h e_j) − ∇f(θ − h e_j)) / 2h.
 */
export function checkHessian(objective: Objective, theta: Float64Array, step = 1e-5): DerivativeCheck {
  if (!objective.hessian)
    throw new DescentError("UNSUPPORTED_OBJECTIVE", "The objective has no hessian to check.");
  const d = objective.dim;
  const analytic = new Float64Array(d * d);
  objective.hessian(theta, analytic);
  const numeric = new Float64Array(d * d);
  const point = new Float64Array(theta);
  const forward = new Float64Array(d);
  const backward = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    point[j] = theta[j]! + step;
    objective.valueAndGradient(point, forward);
    point[j] = theta[j]! - step;
    objective.valueAndGradient(point, backward);
    point[j] = theta[j]!;
    for (let k = 0; k < d; k++) numeric[k * d + j] = (forward[k]! - backward[k]!) / (2 * step);
  }
  return compare(analytic, numeric);
}

/**
 * Compares hessianVectorProduct(θ, v) with the directional difference of the gradient,
 * (∇f(θ + h v) − ∇f(θ − h v)) / 2h.
 */
export function checkHessianVectorProduct(
  objective: Objective,
  theta: Float64Array,
  v: Float64Array,
  step = 1e-5,
): DerivativeCheck {
  if (!objective.hessianVectorProduct) {
    throw new DescentError("UNSUPPORTED_OBJECTIVE", "The objective has no hessianVectorProduct to check.");
  }
  const d = objective.dim;
  const analytic = new Float64Array(d);
  objective.hessianVectorProduct(theta, v, analytic);
  const point = new Float64Array(d);
  const forward = new Float64Array(d);
  const backward = new Float64Array(d);
  for (let j = 0; j < d; j++) point[j] = theta[j]! + step * v[j]!;
  objective.valueAndGradient(point, forward);
  for (let j = 0; j < d; j++) point[j] = theta[j]! - step * v[j]!;
  objective.valueAndGradient(point, backward);
  const numeric = new Float64Array(d);
  for (let k = 0; k < d; k++) numeric[k] = (forward[k]! - backward[k]!) / (2 * step);
  return compare(analytic, numeric);
}
