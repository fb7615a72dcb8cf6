import type { LogisticObjective } from "@descent/core";
import { choleskyFactor, choleskySolve } from "./cholesky.js";
import { largestEigenvalue } from "./curvature.js";

/**
 * The bench's own yardstick: Newton's method run to machine precision, to find f* once per problem.
 * It is not one of the optimizers under test (those are the plugins); it only has to be exact, and a
 * test checks it against scikit-learn's reference optima. The Newton system is solved by Cholesky when
 * d is small and by conjugate gradient on Hessian-vector products otherwise (the sparse problem has
 * d = 10 001, whose Hessian would not fit comfortably).
 */
export interface ReferenceSolution {
  readonly f: number;
  readonly theta: Float64Array;
  /** ‖∇f(θ)‖₂ at the returned θ. */
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly method: "newton-cholesky" | "newton-cg";
  /**
   * L, the largest eigenvalue of the Hessian at θ = 0 (see curvature.ts), when the Cholesky path
   * formed that Hessian anyway; null on the conjugate-gradient path.
   */
  readonly curvatureAtOrigin: number | null;
}

export interface ReferenceSolverOptions {
  /** Stop when ‖∇f‖₂ ≤ this. Default 1e-11: then f − f* ≤ ‖∇f‖²/(2λ) ≤ 5e-18 for λ ≥ 1e-5. */
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
  /** Dimensions up to this use Cholesky. Default 300. */
  readonly maxCholeskyDimension?: number;
}

/**
 * What the solver asks of an objective: the logistic one and the multinomial one both have it. On the
 * multinomial loss the Hessian is singular along the common shift of the intercepts: Cholesky then fails
 * and the step comes from conjugate gradient, whose iterates stay orthogonal to that direction (the
 * gradient always is), so the step is the minimum-norm Newton step.
 */
export type ReferenceObjective = Pick<
  LogisticObjective,
  "dim" | "value" | "valueAndGradient" | "hessian" | "hessianVectorProduct"
>;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return sum;
}

/** Conjugate gradient on H p = −g, to ‖r‖ ≤ forcing·‖g‖. */
function conjugateGradientSolve(
  objective: ReferenceObjective,
  theta: Float64Array,
  g: Float64Array,
  p: Float64Array,
  forcing: number,
  maxIterations: number,
): void {
  const d = g.length;
  const r = new Float64Array(d);
  const direction = new Float64Array(d);
  const Hd = new Float64Array(d);
  p.fill(0);
  for (let j = 0; j < d; j++) {
    r[j] = -g[j]!;
    direction[j] = r[j]!;
  }
  let rr = dot(r, r);
  const stop = forcing * forcing * rr;
  for (let iteration = 0; iteration < maxIterations && rr > stop; iteration++) {
    objective.hessianVectorProduct(theta, direction, Hd);
    const curvature = dot(direction, Hd);
    if (!(curvature > 0)) break;
    const alpha = rr / curvature;
    for (let j = 0; j < d; j++) {
      p[j]! += alpha * direction[j]!;
      r[j]! -= alpha * Hd[j]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let j = 0; j < d; j++) direction[j] = r[j]! + beta * direction[j]!;
  }
  if (dot(p, g) >= 0) for (let j = 0; j < d; j++) p[j] = -g[j]!;
}

export function solveReference(
  objective: ReferenceObjective,
  options: ReferenceSolverOptions = {},
): ReferenceSolution {
  const gradientTolerance = options.gradientTolerance ?? 1e-11;
  const maxIterations = options.maxIterations ?? 100;
  const d = objective.dim;
  const useCholesky = d <= (options.maxCholeskyDimension ?? 300);
  const theta = new Float64Array(d);
  const trial = new Float64Array(d);
  const g = new Float64Array(d);
  const p = new Float64Array(d);
  const H = useCholesky ? new Float64Array(d * d) : null;
  let f = objective.valueAndGradient(theta, g);
  let curvatureAtOrigin: number | null = null;
  let iterations = 0;
  let stalled = 0;
  while (iterations < maxIterations && Math.sqrt(dot(g, g)) > gradientTolerance && stalled < 3) {
    iterations++;
    const gradientNorm = Math.sqrt(dot(g, g));
    let solved = false;
    if (H !== null) {
      objective.hessian(theta, H);
      if (iterations === 1) curvatureAtOrigin = largestEigenvalue(H, d);
      solved = choleskyFactor(H, d);
      if (solved) {
        for (let j = 0; j < d; j++) p[j] = -g[j]!;
        choleskySolve(H, d, p, p);
      }
    }
    if (!solved) {
      // Tighter than Nocedal & Wright's √‖g‖ forcing: this solver is paid for exactness, not speed.
      conjugateGradientSolve(objective, theta, g, p, Math.min(0.1, gradientNorm), 10 * d + 100);
    }
    const slope = dot(p, g);
    let step = 1;
    let accepted = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let j = 0; j < d; j++) trial[j] = theta[j]! + step * p[j]!;
      const value = objective.value(trial);
      // Armijo, with a floating-point allowance so that steps at the optimum's noise floor still count.
      if (value <= f + 1e-4 * step * slope + 4 * Number.EPSILON * Math.abs(f)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const previous = f;
    theta.set(trial);
    f = objective.valueAndGradient(theta, g);
    stalled = previous - f <= 2 * Number.EPSILON * Math.abs(f) ? stalled + 1 : 0;
  }
  return {
    f,
    theta,
    gradientNorm: Math.sqrt(dot(g, g)),
    iterations,
    method: useCholesky ? "newton-cholesky" : "newton-cg",
    curvatureAtOrigin,
  };
}
