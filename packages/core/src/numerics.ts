/**
 * softplus(t) = log(1 + e^t), exact to rounding for every finite t: for t > 0 it is written
 * t + log1p(e^-t), so e^t never overflows and the large part is added, not rounded away.
 */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * σ(t) = 1 / (1 + e^-t) in two branches, so that e^x is only ever taken of x ≤ 0: no overflow, and
 * σ(t) for very negative t keeps its relative precision instead of rounding 1 - tiny.
 */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/**
 * The logistic loss of one example with logit z and label y ∈ {0, 1}:
 * ℓ = log(1 + exp(-s z)) with s = 2y - 1, i.e. softplus(-s z). Never the log of a rounded probability.
 */
export function logisticLoss(z: number, y: number): number {
  return softplus(y > 0.5 ? -z : z);
}

/**
 * dℓ/dz = σ(z) - y, written as -s σ(-s z) so that the residual of a confidently right example is tiny
 * and exact, not the difference of two numbers near 1.
 */
export function logisticResidual(z: number, y: number): number {
  return y > 0.5 ? -sigmoid(-z) : sigmoid(z);
}

/** d²ℓ/dz² = σ(z)(1 - σ(z)) = σ(z)σ(-z), exact in the tails. */
export function logisticCurvature(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}
