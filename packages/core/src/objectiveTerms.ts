/**
 * The parts of the logistic objective that both paths (the TypeScript reference and the WebAssembly kernels)
 * compute in TypeScript, after the pass over the data: the penalty and the scaling of sums to means. Shared,
 * so that the two paths differ only in the pass itself.
 */

/**
 * (λ/2)‖w‖² over the first `features` entries of θ (the intercept is never penalized); exactly 0 when λ = 0,
 * even where ‖w‖² overflows (0 · ∞ would be NaN).
 */
export function l2Penalty(theta: Float64Array, features: number, l2: number): number {
  if (l2 === 0) return 0;
  let sum = 0;
  for (let j = 0; j < features; j++) sum += theta[j]! * theta[j]!;
  return 0.5 * l2 * sum;
}

/**
 * Turns the summed gradient Σ c_i (σ(z_i) − y_i) x̃_i in `grad` into the gradient of the mean plus the
 * penalty: grad[j] ← grad[j]/count + λθ_j for the coefficients, grad[n] ← grad[n]/count for the intercept.
 */
export function finishGradient(
  theta: Float64Array,
  grad: Float64Array,
  count: number,
  features: number,
  l2: number,
  fitIntercept: boolean,
): void {
  const scale = 1 / count;
  for (let j = 0; j < features; j++) grad[j] = grad[j]! * scale + l2 * theta[j]!;
  if (fitIntercept) grad[features] = grad[features]! * scale;
}

/**
 * Turns the summed upper triangle of X̃ᵀDX̃ in `out` (dim × dim, row-major) into the full symmetric
 * Hessian of the mean plus the penalty: scaled by 1/m, mirrored, with λ added on the coefficients' diagonal.
 */
export function finishHessian(
  out: Float64Array,
  dim: number,
  examples: number,
  features: number,
  l2: number,
): void {
  const scale = 1 / examples;
  for (let j = 0; j < dim; j++) {
    out[j * dim + j] = out[j * dim + j]! * scale + (j < features ? l2 : 0);
    for (let k = j + 1; k < dim; k++) {
      const entry = out[j * dim + k]! * scale;
      out[j * dim + k] = entry;
      out[k * dim + j] = entry;
    }
  }
}

/** Turns the summed Σ p_i x̃_i of a Hessian-vector product into the mean plus the penalty's λv. */
export function finishHessianVectorProduct(
  v: Float64Array,
  out: Float64Array,
  examples: number,
  features: number,
  l2: number,
  fitIntercept: boolean,
): void {
  const scale = 1 / examples;
  for (let j = 0; j < features; j++) out[j] = out[j]! * scale + l2 * v[j]!;
  if (fitIntercept) out[features] = out[features]! * scale;
}
