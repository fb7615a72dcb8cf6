import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]![0]).toMatch(/^lbfgs converged/);
  // Standardized breast cancer is nearly separable: a fit near the optimum scores ≥ 0.98 on its training rows.
  expect(printed[1]![0]).toBeGreaterThan(0.98);
  // 61 evaluations of f and ∇f (57 iterations) reach ‖∇f‖∞ ≤ 1e-8 at λ = 1e-3.
  expect(printed[1]![1]).toBeLessThan(100);
});
