import { LogisticRegression, logisticObjective, minimize } from "@descent/core";
import { describe, expect, it } from "vitest";
import { newton } from "./index.js";

// The code blocks of README.md, line for line; only the console.log calls became assertions.
describe("README", () => {
  it("the shortest program", () => {
    // Hours studied and hours slept, and whether the exam was passed.
    // biome-ignore format: the README's layout
    const X = [[1, 8], [2, 5], [3, 7], [4, 4], [5, 8], [6, 5], [7, 7], [8, 6]];
    const y = ["fail", "fail", "fail", "pass", "fail", "pass", "pass", "pass"];

    const model = new LogisticRegression({ optimizer: newton(), tol: 1e-10 }).fit(X, y);
    expect(model.result?.message).toMatch(/^newton converged: .* after 6 iterations/);
    // biome-ignore format: the README's layout
    expect(model.predict([[2, 6], [7, 8]])).toEqual(["fail", "pass"]);
    // The printed digits: the fit is converged to ‖∇f‖∞ ≤ 1e-10, far below the last one shown.
    expect(Array.from(model.coef, (c) => c.toFixed(4))).toEqual(["0.9820", "-0.8244"]);
    expect(Array.from(model.intercept, (b) => b.toFixed(4))).toEqual(["0.5569"]);
  });

  it("driving minimize() with a truncated Newton", () => {
    // biome-ignore format: the README's layout
    const X = [[1, 8], [2, 5], [3, 7], [4, 4], [5, 8], [6, 5], [7, 7], [8, 6]];
    const y = [0, 0, 0, 1, 0, 1, 1, 1];

    const objective = logisticObjective({ X, y, l2: 0.125 });
    const norms: number[] = [];
    const result = minimize(objective, newton({ mode: "truncated" }), {
      tol: 1e-10,
      onProgress: ({ gradientNorm }) => norms.push(gradientNorm),
    });
    expect(result.message).toMatch(/after 7 iterations/);
    expect(result.evaluations).toMatchObject({ gradient: 8, hessian: 0, hessianVectorProduct: 17 });
    expect(norms).toHaveLength(7);
    expect(norms.at(-1)).toBeLessThanOrEqual(1e-10);
    // The same optimum as the estimator above (it uses λ = 1/m = 0.125 by default).
    expect(Array.from(result.theta, (c) => c.toFixed(4))).toEqual(["0.9820", "-0.8244", "0.5569"]);
  });
});
