/** Why the last conjugate-gradient solve stopped ("none" before the first). */
export type ConjugateGradientExit = "none" | "converged" | "negative-curvature" | "max-iterations";

/** The vectors of a conjugate-gradient solve, made once, and the outcome of the last solve. */
export interface ConjugateGradientWorkspace {
  /** r = ∇²f(θ) z + ∇f(θ), the residual of the Newton system at the iterate z. */
  residual: Float64Array;
  /** d, the current search direction (conjugate to the previous ones under ∇²f(θ)). */
  conjugate: Float64Array;
  /** ∇²f(θ) d. */
  product: Float64Array;
  /** Iterations (Hessian-vector products) of the last solve. */
  iterations: number;
  exit: ConjugateGradientExit;
}

export function createConjugateGradientWorkspace(dim: number): ConjugateGradientWorkspace {
  return {
    residual: new Float64Array(dim),
    conjugate: new Float64Array(dim),
    product: new Float64Array(dim),
    iterations: 0,
    exit: "none",
  };
}

/** What the solve needs from the objective: products with its Hessian, never the Hessian itself. */
export interface HessianVectorProductSource {
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}

/**
 * The truncated Newton direction (Nocedal & Wright, Algorithm 7.1, "line search Newton–CG"): conjugate
 * gradient on B p = −g, with B = ∇²f(θ) seen only through products B d and g = ∇f(θ), from z₀ = 0:
 *
 *     r₀ = g, d₀ = −g;  for j = 0, 1, …:
 *       if dⱼᵀB dⱼ ≤ 0:  return −g if j = 0, else zⱼ                      (negative curvature)
 *       αⱼ = rⱼᵀrⱼ / dⱼᵀB dⱼ,  zⱼ₊₁ = zⱼ + αⱼ dⱼ,  rⱼ₊₁ = rⱼ + αⱼ B dⱼ
 *       if ‖rⱼ₊₁‖ ≤ ε:  return zⱼ₊₁                                          (converged)
 *       βⱼ₊₁ = rⱼ₊₁ᵀrⱼ₊₁ / rⱼᵀrⱼ,  dⱼ₊₁ = −rⱼ₊₁ + βⱼ₊₁ dⱼ
 *
 * with ε = η‖g‖, η = min(maxForcing, √‖g‖) (the forcing term; Eisenstat–Walker in spirit, N&W eq. 7.3
 * with maxForcing = 0.5). Every iterate zⱼ (j ≥ 1) is a descent direction, so stopping early — at ε, at
 * negative curvature or after `maxIterations` — still gives one. Writes the direction into `direction`,
 * records the iterations and the exit in `workspace`, and returns the iterations.
 */
export function truncatedConjugateGradient(
  source: HessianVectorProductSource,
  theta: Float64Array,
  gradient: Float64Array,
  direction: Float64Array,
  workspace: ConjugateGradientWorkspace,
  maxForcing: number,
  maxIterations: number,
): number {
  const { residual, conjugate, product } = workspace;
  const n = theta.length;
  // Inner products are written out rather than called: a double returned from a call that V8 does not
  // inline is boxed, an allocation per CG iteration.
  let gradientNormSquared = 0;
  for (let j = 0; j < n; j++) {
    const g = gradient[j]!;
    direction[j] = 0;
    residual[j] = g;
    conjugate[j] = -g;
    gradientNormSquared += g * g;
  }
  const gradientNorm = Math.sqrt(gradientNormSquared);
  const tolerance = Math.min(maxForcing, Math.sqrt(gradientNorm)) * gradientNorm;
  let residualNormSquared = gradientNormSquared;
  workspace.iterations = 0;
  workspace.exit = "converged";
  // A zero gradient is already solved by z = 0.
  if (gradientNorm <= tolerance) return 0;

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    source.hessianVectorProduct(theta, conjugate, product);
    workspace.iterations = iteration + 1;
    let curvature = 0;
    for (let j = 0; j < n; j++) curvature += conjugate[j]! * product[j]!;
    // Written so that a NaN curvature exits too.
    if (!(curvature > 0)) {
      if (iteration === 0) for (let j = 0; j < n; j++) direction[j] = -gradient[j]!;
      workspace.exit = "negative-curvature";
      return workspace.iterations;
    }
    const alpha = residualNormSquared / curvature;
    let nextResidualNormSquared = 0;
    for (let j = 0; j < n; j++) {
      direction[j] = direction[j]! + alpha * conjugate[j]!;
      const r = residual[j]! + alpha * product[j]!;
      residual[j] = r;
      nextResidualNormSquared += r * r;
    }
    if (Math.sqrt(nextResidualNormSquared) <= tolerance) return workspace.iterations;
    const beta = nextResidualNormSquared / residualNormSquared;
    for (let j = 0; j < n; j++) conjugate[j] = -residual[j]! + beta * conjugate[j]!;
    residualNormSquared = nextResidualNormSquared;
  }
  workspace.exit = "max-iterations";
  return workspace.iterations;
}
