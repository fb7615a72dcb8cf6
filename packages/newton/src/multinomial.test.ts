import { LogisticRegression, minimize, multinomialObjective } from "@descent/core";
import {
  classWeightProblems,
  digitsProblems,
  irisMultinomialProblems,
  type MultinomialReferenceProblem,
  wineProblems,
} from "@descent/datasets";
import { hasWebAssemblySimd, kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { newton } from "./newton.js";

/** Core's reference, and the WebAssembly kernels (one thread) where they run: the same function. */
const BACKENDS = hasWebAssemblySimd() ? (["typescript", "kernels"] as const) : (["typescript"] as const);

function objectiveOf(
  problem: MultinomialReferenceProblem,
  backend: (typeof BACKENDS)[number] = "typescript",
) {
  const objective = multinomialObjective({
    X: problem.X,
    y: problem.y,
    classes: problem.classes.length,
    l2: problem.l2,
    ...(backend === "kernels" ? { backend: kernels({ threads: 1 }) } : {}),
  });
  expect(objective.backend).toBe(backend);
  return objective;
}

/** max |θ_j − θ*_j| with the intercepts centered, as the reference's are (f does not see their common shift). */
function maxCoefficientError(theta: Float64Array, problem: MultinomialReferenceProblem): number {
  const K = problem.classes.length;
  const start = theta.length - K;
  let mean = 0;
  for (let k = 0; k < K; k++) mean += theta[start + k]! / K;
  let error = 0;
  for (let j = 0; j < theta.length; j++) {
    const value = j < start ? theta[j]! : theta[j]! - mean;
    error = Math.max(error, Math.abs(value - problem.theta[j]!));
  }
  return error;
}

// The multinomial Hessian is singular along the all-classes intercept shift (see newton.ts, exactDirection):
// both modes must still reach scikit-learn's optimum. Measured iterations at tol = 1e-12 (exact / truncated):
// iris C=1 8 / 12, iris C=10 10 / 15, wine C=1 9 / 10, wine C=10 11 / 11, digits C=1 7 / 10, digits C=0.1
// 7 / 9; every gap ≤ 3e-15 relative, every coefficient within 1.2e-8. The budgets leave a few steps of room.
const runs: [MultinomialReferenceProblem, "exact" | "truncated", number][] = [
  [irisMultinomialProblems()[0]!, "exact", 12],
  [irisMultinomialProblems()[0]!, "truncated", 16],
  [irisMultinomialProblems()[1]!, "exact", 14],
  [irisMultinomialProblems()[1]!, "truncated", 20],
  [wineProblems()[1]!, "exact", 15],
  [wineProblems()[1]!, "truncated", 15],
  [digitsProblems()[0]!, "exact", 10],
  [digitsProblems()[0]!, "truncated", 14],
];

describe("newton on multinomial problems (a Hessian singular along the intercept shift)", () => {
  it.each(
    BACKENDS.flatMap((backend) =>
      runs.map(([p, mode, maxIter]) => [p.label, mode, maxIter, backend, p] as const),
    ),
  )(
    "%s, %s (budget %i, %s objective): f − f* ≤ 1e-9 relative and coefficients within 1e-5 of scikit-learn",
    (_, mode, maxIter, backend, problem) => {
      const objective = objectiveOf(problem, backend);
      const result = minimize(objective, newton({ mode }), { maxIter, tol: 1e-12 });
      expect(result.converged).toBe(true);
      expect(result.state.gradientFallbacks).toBe(0);
      const gap = (objective.value(result.theta) - problem.optimum.f) / problem.optimum.f;
      expect(gap).toBeLessThanOrEqual(1e-9);
      // f* is the minimum: a gap below −1e-13 would mean the objective or the reference is wrong.
      expect(gap).toBeGreaterThan(-1e-13);
      expect(maxCoefficientError(result.theta, problem)).toBeLessThanOrEqual(1e-5);
      if (mode === "exact") {
        // The step solved (H + τI) p = −∇f with the smallest τ Algorithm 3.3 tries, 1e-8 of the largest
        // curvature: the factorization of H alone meets the zero pivot of the intercept shift.
        expect(result.state.cholesky.damping).toBeGreaterThan(0);
        expect(result.state.cholesky.damping).toBeLessThan(1e-6);
      }
      // The intercepts stay where the start put their sum (0): no step moves along the null direction.
      const K = problem.classes.length;
      let interceptSum = 0;
      for (let k = 0; k < K; k++) interceptSum += result.theta[result.theta.length - K + k]!;
      expect(Math.abs(interceptSum)).toBeLessThan(1e-6);
    },
  );
});

/** softmax(W x_i + b) of every row at the reference optimum: scikit-learn's predict_proba. */
function referenceProbabilities(problem: MultinomialReferenceProblem): number[][] {
  const [m, n] = problem.X.shape;
  return Array.from({ length: m }, (_, i) => {
    const z = problem.optimum.coef.map(
      (row, k) =>
        row.reduce((sum, w, j) => sum + w * problem.X.data[i * n + j]!, 0) + problem.optimum.intercept[k]!,
    );
    const max = Math.max(...z);
    const e = z.map((value) => Math.exp(value - max));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((value) => value / total);
  });
}

function expectScikitLearnFit(model: LogisticRegression<string>, problem: MultinomialReferenceProblem): void {
  const [m, n] = problem.X.shape;
  const K = problem.classes.length;
  expect(model.classes).toEqual(problem.classes);
  expect(model.l2).toBeCloseTo(problem.l2, 15);
  expect(model.coefShape).toEqual([K, n]);
  const coef = model.coef;
  let coefError = 0;
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < n; j++)
      coefError = Math.max(coefError, Math.abs(coef[k * n + j]! - problem.optimum.coef[k]![j]!));
    coefError = Math.max(coefError, Math.abs(model.intercept[k]! - problem.optimum.intercept[k]!));
  }
  expect(coefError).toBeLessThanOrEqual(1e-5);
  const probabilities = model.predictProba(problem.X);
  const expected = referenceProbabilities(problem);
  let probabilityError = 0;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) {
      probabilityError = Math.max(probabilityError, Math.abs(probabilities[i]![k]! - expected[i]![k]!));
    }
  }
  expect(probabilityError).toBeLessThanOrEqual(1e-6);
}

describe("LogisticRegression with newton on iris's three classes", () => {
  const iris = irisMultinomialProblems()[0]!;

  it.each(["exact", "truncated"] as const)(
    "%s: scikit-learn's C = 1 optimum at the default λ = 1/m, coefficients within 1e-5, probabilities within 1e-6",
    (mode) => {
      const model = new LogisticRegression<string>({ optimizer: newton({ mode }), tol: 1e-10 }).fit(
        iris.X,
        iris.labels,
      );
      expect(model.result?.converged).toBe(true);
      expectScikitLearnFit(model, iris);
    },
  );

  it("classWeight as an object: scikit-learn's class_weight={setosa: 1, versicolor: 2, virginica: 0.5}", () => {
    const weighted = classWeightProblems()[1]!;
    const model = new LogisticRegression<string>({
      optimizer: newton(),
      tol: 1e-10,
      classWeight: { setosa: 1, versicolor: 2, virginica: 0.5 },
    }).fit(weighted.X, weighted.labels);
    expect(model.result?.converged).toBe(true);
    expectScikitLearnFit(model, weighted);
  });
});

describe("newton on multinomial data it has not seen", () => {
  it("exact and truncated agree on a random 5-class problem with sparse, weighted rows, at ‖∇f‖∞ ≤ 1e-12", () => {
    // A seeded linear congruential generator: the same problem every run.
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const m = 400;
    const n = 8;
    const K = 5;
    const X = Array.from({ length: m }, () =>
      Array.from({ length: n }, () => (uniform() < 0.4 ? 0 : 4 * uniform() - 2)),
    );
    const truth = Array.from({ length: K }, () => Array.from({ length: n }, () => 2 * uniform() - 1));
    // Labels drawn from the softmax of a true model, so that the classes overlap as real data do.
    const y = X.map((row) => {
      const z = truth.map((w) => w.reduce((sum, wj, j) => sum + wj * row[j]!, 0));
      const e = z.map((value) => Math.exp(value));
      let u = uniform() * e.reduce((a, b) => a + b, 0);
      for (let k = 0; k < K; k++) {
        u -= e[k]!;
        if (u <= 0) return k;
      }
      return K - 1;
    });
    const sampleWeight = Array.from({ length: m }, () => 0.5 + uniform());
    const objective = multinomialObjective({ X, y, classes: K, l2: 1 / m, sampleWeight });
    const exact = minimize(objective, newton({ mode: "exact" }), { maxIter: 30, tol: 1e-12 });
    const truncated = minimize(objective, newton({ mode: "truncated" }), { maxIter: 40, tol: 1e-12 });
    expect(exact.converged).toBe(true);
    expect(truncated.converged).toBe(true);
    // Strongly convex in all but the intercept shift (λ = 1/m on W): ‖∇f‖ ≤ 1e-12 puts both within about
    // 1e-12 / μ of the optimum; centered, they agree far inside 1e-8.
    const center = (theta: Float64Array) => {
      const out = theta.slice();
      let mean = 0;
      for (let k = 0; k < K; k++) mean += out[K * n + k]! / K;
      for (let k = 0; k < K; k++) out[K * n + k]! -= mean;
      return out;
    };
    const a = center(exact.theta);
    const b = center(truncated.theta);
    for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThan(1e-8);
    expect(Math.abs(objective.value(exact.theta) - objective.value(truncated.theta))).toBeLessThan(1e-14);
  });
});
