import { LogisticRegression, minimize, multinomialObjective } from "@descent/core";
import {
  digitsProblems,
  irisMultinomialProblems,
  type MultinomialReferenceProblem,
  wineProblems,
} from "@descent/datasets";
import { hasWebAssemblySimd, kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { lbfgs } from "./lbfgs.js";

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

// Measured at tol = 1e-10 (iterations, coefficient error): iris C=1 192, 1.5e-8; iris C=10 285, 9.2e-8; wine
// C=1 46, 9.7e-9; wine C=10 73, 7.9e-8; digits C=1 435, 3.4e-7; digits C=0.1 252, 6.0e-8; every gap ≤ 2e-15
// relative. The budgets leave about a third more.
const runs: [MultinomialReferenceProblem, number][] = [
  [irisMultinomialProblems()[0]!, 260],
  [irisMultinomialProblems()[1]!, 380],
  [wineProblems()[1]!, 100],
  [digitsProblems()[0]!, 580],
];

/** Core's reference, and the WebAssembly kernels (one thread) where they run: the same function. */
const BACKENDS = hasWebAssemblySimd() ? (["typescript", "kernels"] as const) : (["typescript"] as const);

describe("lbfgs on multinomial problems, unchanged", () => {
  it.each(
    BACKENDS.flatMap((backend) =>
      runs.map(([problem, maxIter]) => [problem.label, maxIter, backend, problem] as const),
    ),
  )(
    "%s (budget %i, %s objective): f − f* ≤ 1e-9 relative and coefficients within 1e-5 of scikit-learn",
    (_, maxIter, backend, problem) => {
      const objective = multinomialObjective({
        X: problem.X,
        y: problem.y,
        classes: problem.classes.length,
        l2: problem.l2,
        ...(backend === "kernels" ? { backend: kernels({ threads: 1 }) } : {}),
      });
      expect(objective.backend).toBe(backend);
      const result = minimize(objective, lbfgs(), { maxIter, tol: 1e-10 });
      expect(result.converged).toBe(true);
      const gap = (objective.value(result.theta) - problem.optimum.f) / problem.optimum.f;
      expect(gap).toBeLessThanOrEqual(1e-9);
      // f* is the minimum: a gap below −1e-13 would mean the objective or the reference is wrong.
      expect(gap).toBeGreaterThan(-1e-13);
      expect(maxCoefficientError(result.theta, problem)).toBeLessThanOrEqual(1e-5);
    },
  );

  it("LogisticRegression on iris's three classes: scikit-learn's C = 1 coefficients within 1e-5, probabilities within 1e-6", () => {
    const iris = irisMultinomialProblems()[0]!;
    const [m, n] = iris.X.shape;
    const model = new LogisticRegression<string>({ optimizer: lbfgs(), tol: 1e-10 }).fit(iris.X, iris.labels);
    expect(model.result?.converged).toBe(true);
    expect(model.classes).toEqual(["setosa", "versicolor", "virginica"]);
    const coef = model.coef;
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < n; j++)
        expect(Math.abs(coef[k * n + j]! - iris.optimum.coef[k]![j]!)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(model.intercept[k]! - iris.optimum.intercept[k]!)).toBeLessThanOrEqual(1e-5);
    }
    const probabilities = model.predictProba(iris.X);
    for (let i = 0; i < m; i++) {
      const z = iris.optimum.coef.map(
        (row, k) =>
          row.reduce((sum, w, j) => sum + w * iris.X.data[i * n + j]!, 0) + iris.optimum.intercept[k]!,
      );
      const max = Math.max(...z);
      const total = z.reduce((sum, value) => sum + Math.exp(value - max), 0);
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(probabilities[i]![k]! - Math.exp(z[k]! - max) / total)).toBeLessThanOrEqual(1e-6);
      }
    }
  });
});
