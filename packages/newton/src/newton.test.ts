import {
  DescentError,
  type LogisticObjective,
  logisticObjective,
  minimize,
  type Objective,
  regularizationPath,
} from "@descent/core";
import {
  breastCancerL1Problems,
  breastCancerProblems,
  describeOptimizerConformance,
  irisL1Problem,
  l1OptimalityViolation,
  quadraticProblem,
  type ReferenceProblem,
  referenceProblems,
} from "@descent/testkit";
import { describe, expect, it } from "vitest";
import { type NewtonOptions, newton } from "./newton.js";

const invalidOptions: NewtonOptions[] = [
  { mode: "cholesky" as NewtonOptions["mode"] },
  { c1: 0 },
  { c1: 0.5 },
  { c1: Number.NaN },
  { backtrackFactor: 1 },
  { backtrackFactor: 0 },
  { maxLineSearchSteps: 0 },
  { maxLineSearchSteps: 2.5 },
  { maxCgIterations: 0 },
  { cgTolerance: 1 },
  { cgTolerance: 0 },
  { maxExactDimension: -1 },
  { maxProximalDimension: 1.5 },
];

describeOptimizerConformance<NewtonOptions>({
  name: "@descent/newton (exact)",
  factory: newton,
  // One Newton step solves a quadratic exactly; what remains is rounding, ½ Σ a_j (ulp θ*_j)² < 1e-30.
  quadratic: { options: { mode: "exact" }, maxIter: 1, tolerance: 1e-29 },
  // 9 iterations reach ‖∇f‖∞ = 3e-11 and 10 the rounding floor (see the reference-problem tests): the gap
  // is then rounding, ~1e-16. The 1e-12 asked for leaves room for summation order, not for iterations.
  breastCancer: { options: { mode: "exact" }, maxIter: 12, tolerance: 1e-12 },
  iris: { options: { mode: "exact" }, maxIter: 8, tolerance: 1e-12 },
  invalidOptions: [...invalidOptions, { maxCoordinateSweeps: 0 }],
  l1: {
    // The model of a quadratic is the quadratic: one step solves it, up to the coordinate-descent sweeps.
    quadratic: { options: { mode: "exact" }, maxIter: 3, tolerance: 1e-15 },
    // Proximal Newton: 7 steps (15 passes, a Hessian counted as one) to ‖◇F‖∞ ~ 5e-9, F − F* ~ 1e-14 relative.
    breastCancer: { options: { mode: "exact" }, maxIter: 10, tol: 1e-8, tolerance: 1e-12 },
  },
});

describeOptimizerConformance<NewtonOptions>({
  name: "@descent/newton (truncated)",
  factory: newton,
  // The forcing term stops early CG solves at 50 % residual, so it takes several steps even on a quadratic;
  // the rate is superlinear: 8 steps reach 2e-9, 10 reach 3e-22, 12 rounding.
  quadratic: { options: { mode: "truncated" }, maxIter: 12, tolerance: 1e-28 },
  breastCancer: { options: { mode: "truncated" }, maxIter: 12, tolerance: 1e-12 },
  iris: { options: { mode: "truncated" }, maxIter: 10, tolerance: 1e-12 },
  invalidOptions: [{ mode: "truncated", cgTolerance: -0.5 }],
});

function objectiveOf(problem: ReferenceProblem): LogisticObjective {
  return logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
}

function maxCoefficientError(theta: Float64Array, problem: ReferenceProblem): number {
  let error = 0;
  for (let j = 0; j < problem.theta.length; j++) {
    error = Math.max(error, Math.abs(theta[j]! - problem.theta[j]!));
  }
  return error;
}

/** The objective without the listed methods, as a user's own objective might be. */
function without(
  objective: LogisticObjective,
  ...missing: ("hessian" | "hessianVectorProduct")[]
): Objective {
  return {
    dim: objective.dim,
    value: (theta) => objective.value(theta),
    valueAndGradient: (theta, grad) => objective.valueAndGradient(theta, grad),
    ...(missing.includes("hessian") ? {} : { hessian: (theta, out) => objective.hessian(theta, out) }),
    ...(missing.includes("hessianVectorProduct")
      ? {}
      : { hessianVectorProduct: (theta, v, out) => objective.hessianVectorProduct(theta, v, out) }),
  };
}

function errorOf(action: () => unknown): DescentError {
  try {
    action();
  } catch (error) {
    if (error instanceof DescentError) return error;
    throw error;
  }
  throw new Error("expected a DescentError; nothing was thrown");
}

describe("newton on scikit-learn's reference optima", () => {
  const modes = ["exact", "truncated"] as const;
  for (const problem of referenceProblems()) {
    for (const mode of modes) {
      it(`${mode}: ${problem.label} within 1e-10 relative in f and 1e-6 in every coefficient, in ≤ 15 iterations`, () => {
        const objective = objectiveOf(problem);
        // tol = 1e-12 on ‖∇f‖∞: the run then stops within ‖∇²f⁻¹‖·‖∇f‖ < 1e-8 of the true minimizer, so the
        // coefficient comparison measures the reference (scikit-learn at tol 1e-12), not where we stopped.
        // Newton overshoots it quadratically and stops on the gradient, never on a stalled line search.
        const result = minimize(objective, newton({ mode }), { tol: 1e-12, maxIter: 15 });
        expect(result.reason).toBe("gradient-tolerance");
        expect(result.iterations).toBeLessThanOrEqual(15);
        const gap = (result.loss - problem.optimum.f) / problem.optimum.f;
        expect(Math.abs(gap)).toBeLessThanOrEqual(1e-10);
        expect(maxCoefficientError(result.theta, problem)).toBeLessThanOrEqual(1e-6);
        // Every step took the full Newton step t = 1: one gradient per iteration, plus the first.
        expect(result.evaluations.gradient).toBe(result.iterations + 1);
        expect(result.state.lineSearch.failures).toBe(0);
        expect(result.state.gradientFallbacks).toBe(0);
        if (mode === "exact") {
          expect(result.evaluations.hessian).toBe(result.iterations);
          expect(result.evaluations.hessianVectorProduct).toBe(0);
        } else {
          expect(result.evaluations.hessian).toBe(0);
          expect(result.evaluations.hessianVectorProduct).toBeGreaterThan(0);
        }
      });
    }
  }
});

/** ‖∇f‖∞ after each iteration of a run to ‖∇f‖∞ ≤ 1e-12. */
function gradientNorms(problem: ReferenceProblem, options: NewtonOptions): number[] {
  const norms: number[] = [];
  minimize(objectiveOf(problem), newton(options), {
    tol: 1e-12,
    maxIter: 30,
    onProgress: (progress) => norms.push(progress.gradientNorm),
  });
  return norms;
}

/**
 * The pairs (‖g_k‖, ‖g_{k+1}‖) of the final phase, ‖g_k‖ < 1e-2, that lie above rounding: ‖g_k‖ ≥ `floor`,
 * chosen so that the bound tested on ‖g_{k+1}‖ stays above the gradient's rounding noise (about 1e-14).
 */
function finalPairs(norms: number[], floor: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < norms.length; k++) {
    if (norms[k]! < 1e-2 && norms[k]! >= floor) pairs.push([norms[k]!, norms[k + 1]!]);
  }
  return pairs;
}

describe("local convergence rate", () => {
  for (const problem of referenceProblems()) {
    it(`exact steps converge quadratically on ${problem.label}: ‖g_{k+1}‖∞ ≤ 1000 ‖g_k‖∞²`, () => {
      // C ≈ ‖∇³f‖/(2 μ²) grows as λ (and so μ) shrinks: measured ratios are ≈ 40 at λ = 1e-2, ≈ 170 at
      // 1e-3, ≈ 800 at 1e-4 and ≈ 6 on iris; C = 1000 bounds them all. A linear rate r would need
      // r ≤ 1000‖g_k‖ ≤ 1e-3 by the time ‖g_k‖ ≤ 1e-6, which no linearly convergent method has here.
      const pairs = finalPairs(gradientNorms(problem, { mode: "exact" }), 1e-8);
      expect(pairs.length).toBeGreaterThanOrEqual(3);
      for (const [current, next] of pairs) expect(next).toBeLessThanOrEqual(1000 * current * current);
    });

    it(`truncated steps converge superlinearly on ${problem.label}: ‖g_{k+1}‖∞ ≤ 20 ‖g_k‖∞^1.5`, () => {
      // The forcing term η = √‖g‖ leaves a CG residual of up to ‖g‖^1.5, so the rate is of order 1.5
      // (Nocedal & Wright, Theorem 7.2), not 2; measured ratios ‖g_{k+1}‖/‖g_k‖^1.5 are 0.1 to 10.
      const pairs = finalPairs(gradientNorms(problem, { mode: "truncated" }), 1e-9);
      expect(pairs.length).toBeGreaterThanOrEqual(3);
      for (const [current, next] of pairs) expect(next).toBeLessThanOrEqual(20 * current ** 1.5);
    });
  }
});

describe("newton's requirements", () => {
  const objective = objectiveOf(breastCancerProblems()[1]!);

  it("declares what each mode needs, and full batch", () => {
    expect(newton({ mode: "exact" }).requires).toEqual({ secondOrder: "hessian", fullBatch: true, l1: true });
    expect(newton({ mode: "truncated" }).requires).toEqual({
      secondOrder: "hessianVectorProduct",
      fullBatch: true,
      l1: false,
    });
    expect(newton().requires).toEqual({
      secondOrder: "hessianOrHessianVectorProduct",
      fullBatch: true,
      l1: true,
    });
  });

  it("exact mode refuses an objective without a Hessian", () => {
    const error = errorOf(() => minimize(without(objective, "hessian"), newton({ mode: "exact" })));
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toMatch(/hessian/);
  });

  it("truncated mode refuses an objective without Hessian-vector products", () => {
    const error = errorOf(() =>
      minimize(without(objective, "hessianVectorProduct"), newton({ mode: "truncated" })),
    );
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toMatch(/hessianVectorProduct/);
  });

  it("auto mode refuses an objective with neither", () => {
    const error = errorOf(() => minimize(without(objective, "hessian", "hessianVectorProduct"), newton()));
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
  });

  it.each(["auto", "exact", "truncated"] as const)("%s mode refuses minibatches", (mode) => {
    const error = errorOf(() => minimize(objective, newton({ mode }), { batchSize: 32 }));
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toMatch(/full batch/);
  });

  it("auto mode refuses, at its first step, a Hessian-only objective above maxExactDimension", () => {
    const error = errorOf(() =>
      minimize(without(objective, "hessianVectorProduct"), newton({ maxExactDimension: 10 })),
    );
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toMatch(/mode: "exact"/);
  });

  it("refuses a state made for another mode or dimension", () => {
    const truncatedState = newton({ mode: "truncated" }).init(objective.dim);
    const theta = new Float64Array(objective.dim);
    const grad = new Float64Array(objective.dim);
    const loss = objective.valueAndGradient(theta, grad);
    const exact = newton({ mode: "exact" });
    expect(errorOf(() => exact.step(theta, grad, loss, truncatedState, objective)).code).toBe(
      "INVALID_STATE",
    );
    expect(errorOf(() => exact.step(theta, grad, loss, exact.init(5), objective)).code).toBe("INVALID_STATE");
  });
});

describe("newton's modes", () => {
  const problem = breastCancerProblems()[1]!;
  const objective = objectiveOf(problem);

  it("auto forms the Hessian when it has one and d ≤ maxExactDimension", () => {
    const result = minimize(objective, newton(), { tol: 1e-12 });
    expect(result.state.solver).toBe("exact");
    expect(result.evaluations.hessianVectorProduct).toBe(0);
  });

  it("auto runs conjugate gradient above maxExactDimension, and keeps no d × d buffers", () => {
    const optimizer = newton({ maxExactDimension: 30 });
    expect(optimizer.init(objective.dim).cholesky.hessian.length).toBe(0);
    const result = minimize(objective, optimizer, { tol: 1e-12 });
    expect(result.state.solver).toBe("truncated");
    expect(result.evaluations.hessian).toBe(0);
    expect(maxCoefficientError(result.theta, problem)).toBeLessThanOrEqual(1e-6);
  });

  it("auto runs conjugate gradient on an objective with products only", () => {
    const result = minimize(without(objective, "hessian"), newton(), { tol: 1e-12 });
    expect(result.state.solver).toBe("truncated");
    expect(result.evaluations.hessian).toBe(0);
  });

  it("exact mode keeps no CG vectors, truncated mode no d × d buffers", () => {
    const exact = newton({ mode: "exact" }).init(31);
    expect([exact.cholesky.hessian.length, exact.conjugateGradient.residual.length]).toEqual([961, 0]);
    const truncated = newton({ mode: "truncated" }).init(31);
    expect([truncated.cholesky.hessian.length, truncated.conjugateGradient.residual.length]).toEqual([0, 31]);
  });

  it("reports its settings as plain data", () => {
    expect(newton().hyperparameters).toEqual({
      mode: "auto",
      maxExactDimension: 64,
      maxProximalDimension: 2048,
      maxCgIterations: 200,
      cgTolerance: 0.5,
      c1: 1e-4,
      backtrackFactor: 0.5,
      maxLineSearchSteps: 50,
      maxCoordinateSweeps: 1000,
    });
  });
});

/**
 * f(x, y) = x⁴/4 − x²/2 + y²/2: a double well, with ∇²f = diag(3x² − 1, 1) indefinite for |x| < 1/√3 and
 * minimizers (±1, 0), f = −1/4.
 */
function doubleWell(): Objective {
  return {
    dim: 2,
    value: ([x, y]) => x! ** 4 / 4 - x! ** 2 / 2 + y! ** 2 / 2,
    valueAndGradient(theta, grad) {
      const x = theta[0]!;
      const y = theta[1]!;
      grad[0] = x * x * x - x;
      grad[1] = y;
      return x ** 4 / 4 - x ** 2 / 2 + y ** 2 / 2;
    },
    hessian(theta, out) {
      out.set([3 * theta[0]! ** 2 - 1, 0, 0, 1]);
    },
    hessianVectorProduct(theta, v, out) {
      out[0] = (3 * theta[0]! ** 2 - 1) * v[0]!;
      out[1] = v[1]!;
    },
  };
}

describe("newton on a non-convex function", () => {
  it("exact: damps the indefinite Hessian into a descent direction and reaches a minimizer", () => {
    const optimizer = newton({ mode: "exact" });
    const first = minimize(doubleWell(), optimizer, { theta0: [0.1, 1], maxIter: 1, tol: 0 });
    // ∇²f = diag(−0.97, 1): τ = 0.97 + 1e-8 makes it barely positive definite.
    expect(first.state.cholesky.damping).toBeCloseTo(0.97 + 1e-8, 12);
    expect(first.loss).toBeLessThan(doubleWell().value(Float64Array.of(0.1, 1)));
    const result = minimize(doubleWell(), optimizer, { theta0: [0.1, 1], tol: 1e-12 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.theta[0]!)).toBeCloseTo(1, 12);
    expect(result.theta[1]).toBeCloseTo(0, 12);
  });

  it("truncated: exits CG on negative curvature and reaches a minimizer", () => {
    const optimizer = newton({ mode: "truncated" });
    // At (0.1, 0.01), d₀ = −∇f = (0.099, −0.01) has d₀ᵀ∇²f d₀ = −0.97·0.0098 + 1e-4 < 0.
    const first = minimize(doubleWell(), optimizer, { theta0: [0.1, 0.01], maxIter: 1, tol: 0 });
    expect(first.state.conjugateGradient.exit).toBe("negative-curvature");
    expect(first.state.conjugateGradient.iterations).toBe(1);
    const result = minimize(doubleWell(), optimizer, { theta0: [0.1, 0.01], tol: 1e-12 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.theta[0]!)).toBeCloseTo(1, 12);
    expect(result.theta[1]).toBeCloseTo(0, 12);
  });

  it("falls back to −∇f when the Hessian is not finite", () => {
    const { objective, minimizer } = quadraticProblem(4, 10);
    const broken: Objective = {
      dim: 4,
      value: (theta) => objective.value(theta),
      valueAndGradient: (theta, grad) => objective.valueAndGradient(theta, grad),
      hessian: (_theta, out) => out.fill(Number.NaN),
    };
    const result = minimize(broken, newton({ mode: "exact" }), { theta0: [1, 1, 1, 1], maxIter: 200 });
    expect(result.state.gradientFallbacks).toBe(result.iterations);
    expect(result.converged).toBe(true);
    for (let j = 0; j < 4; j++) expect(result.theta[j]).toBeCloseTo(minimizer[j]!, 5);
  });
});

describe("at the optimum", () => {
  it.each(["exact", "truncated"] as const)(
    "%s: a line search that finds no decrease leaves θ, ∇f and the loss as they were",
    (mode) => {
      const problem = breastCancerProblems()[0]!;
      const objective = objectiveOf(problem);
      const optimizer = newton({ mode });
      // At tol = 0 the run goes on to the rounding floor, where the line search stalls and minimize stops.
      const { theta, state, reason, iterations } = minimize(objective, optimizer, { maxIter: 100, tol: 0 });
      expect(reason).toBe("stalled");
      expect(iterations).toBeLessThan(25);
      const grad = new Float64Array(objective.dim);
      const loss = objective.valueAndGradient(theta, grad);
      const thetaBefore = new Float64Array(theta);
      const gradBefore = new Float64Array(grad);
      const failuresBefore = state.lineSearch.failures;
      const returned = optimizer.step(theta, grad, loss, state, objective);
      expect(state.lineSearch.stepLength).toBe(0);
      expect(state.lineSearch.failures).toBe(failuresBefore + 1);
      expect(returned).toBe(loss);
      expect(Array.from(theta)).toEqual(Array.from(thetaBefore));
      expect(Array.from(grad)).toEqual(Array.from(gradBefore));
    },
  );
});

describe("proximal Newton (newton with an L1 penalty)", () => {
  const problems = [...breastCancerL1Problems(), irisL1Problem()];

  it.each(problems.map((problem) => [problem.label, problem] as const))(
    "meets the optimality conditions on %s to rounding, with exact zeros, in a handful of steps",
    (_, problem) => {
      const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
      const result = minimize(objective, newton(), { maxIter: 20, tol: 1e-12 });
      expect(result.converged).toBe(true);
      expect(result.iterations).toBeLessThanOrEqual(10);
      expect(result.state.solver).toBe("proximal");
      expect(l1OptimalityViolation(objective, result.theta)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(result.loss - problem.optimum.f) / problem.optimum.f).toBeLessThan(1e-14);
      const zeros = Array.from(result.theta.subarray(0, problem.optimum.w.length), (w) => Object.is(w, 0));
      expect(zeros).toEqual(problem.optimum.w.map((w) => w === 0));
    },
  );

  it("in auto mode above maxExactDimension, forms the Hessian for l1 all the same: the exact mode's steps, bit for bit", () => {
    const problem = problems[0]!;
    const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1 });
    const auto = minimize(objective, newton({ maxExactDimension: 10 }), { tol: 1e-12 });
    const exact = minimize(objective, newton({ mode: "exact" }), { tol: 1e-12 });
    expect(auto.converged).toBe(true);
    expect(auto.state.solver).toBe("proximal");
    expect(auto.iterations).toBe(exact.iterations);
    expect(Array.from(auto.theta)).toEqual(Array.from(exact.theta));
  });

  it("in auto mode above maxProximalDimension, refuses l1 naming the limit and lbfgs", () => {
    const problem = problems[0]!;
    const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1 });
    const error = errorOf(() =>
      minimize(objective, newton({ maxExactDimension: 10, maxProximalDimension: 20 })),
    );
    expect(error.code).toBe("UNSUPPORTED_OBJECTIVE");
    expect(error.message).toBe(
      "newton (auto) forms the Hessian for its proximal step (l1 > 0) up to d ≤ maxProximalDimension (20); d = 31: use lbfgs() (OWL-QN), or raise maxProximalDimension.",
    );
  });
});

describe("regularizationPath with proximal Newton", () => {
  const problem = breastCancerL1Problems()[0]!; // λ1 = 0.01, l1 only

  it("meets scikit-learn's optimum where the path passes its strength, and warm starts cut the steps", () => {
    const strengths = [0.2, 0.1, 0.05, 0.02, problem.l1, 0.005, 0.002, 0.001];
    const options = { X: problem.X, y: problem.y, optimizer: newton(), strengths, tol: 1e-10, maxIter: 100 };
    const warm = regularizationPath(options);
    const cold = regularizationPath({ ...options, warmStart: false });
    const point = warm.points[4]!;
    expect(point.l1).toBe(problem.l1);
    expect(Math.abs(point.objective - problem.optimum.f) / problem.optimum.f).toBeLessThan(1e-12);
    expect(point.nonZero).toBe(problem.optimum.nonZero);
    expect(Array.from(point.coefficients, (w) => w === 0)).toEqual(problem.optimum.w.map((w) => w === 0));
    const steps = (path: typeof warm) => path.points.reduce((sum, p) => sum + p.iterations, 0);
    const passes = (path: typeof warm) => path.points.reduce((sum, p) => sum + p.passes, 0);
    // Measured: 54 steps (116 passes) warm against 74 (156) cold over the 8 points.
    expect(steps(warm)).toBeLessThan(steps(cold));
    expect(passes(warm)).toBeLessThan(passes(cold));
    warm.points.forEach((p, k) => {
      expect(p.objective).toBeCloseTo(cold.points[k]!.objective, 12);
    });
  });
});
