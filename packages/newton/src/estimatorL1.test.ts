import { LogisticRegression } from "@descent/core";
import { breastCancerL1Problems, loadIris, standardized } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { newton } from "./newton.js";

// LogisticRegression({ l1 }) end to end: scikit-learn's saga optimum (datasets' l1-reference-optima.json),
// reached by proximal Newton, with its zeros exactly 0.
describe("LogisticRegression with an L1 penalty, fitted by proximal Newton", () => {
  for (const problem of breastCancerL1Problems()) {
    it(`${problem.label}: scikit-learn's coefficients to 1e-6, and its zeros exactly`, () => {
      const labels = Array.from(problem.y);
      const model = new LogisticRegression({
        optimizer: newton({ mode: "exact" }),
        l1: problem.l1,
        l2: problem.l2,
        tol: 1e-10,
        maxIter: 100,
      }).fit(problem.X, labels);
      expect(model.result?.converged).toBe(true);
      // F at the optimum, as minimize reports it: the smooth part plus λ1‖w‖₁.
      expect(Math.abs(model.result!.loss - problem.optimum.f)).toBeLessThanOrEqual(1e-10 * problem.optimum.f);
      problem.optimum.w.forEach((w, j) => {
        if (w === 0) expect(model.coef[j]).toBe(0);
        else expect(Math.abs(model.coef[j]! - w)).toBeLessThan(1e-6);
      });
      expect(Math.abs(model.intercept[0]! - problem.optimum.b)).toBeLessThan(1e-6);
      const restored = LogisticRegression.fromJSON(JSON.stringify(model));
      expect(restored.toJSON()).toEqual({ ...model.toJSON(), optimizer: null });
    });
  }

  it("with l1 alone, λ2 is 0 (scikit-learn's penalty='l1'), and a larger λ1 zeroes more weights", () => {
    const data = standardized(loadIris());
    const X = { data: data.data, shape: data.shape };
    const zeros = [0.001, 0.05].map((l1) => {
      const model = new LogisticRegression({ optimizer: newton({ mode: "exact" }), l1 }).fit(X, data.labels);
      expect(model.toJSON().l2).toBe(0);
      expect(model.toJSON().l1).toBe(l1);
      return Array.from(model.coef).filter((w) => w === 0).length;
    });
    expect(zeros[1]!).toBeGreaterThan(zeros[0]!);
  });
});
