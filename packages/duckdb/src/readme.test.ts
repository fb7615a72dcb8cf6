import { describeReadmeExample } from "@descent/config/readme";
import { expect } from "vitest";

describeReadmeExample(import.meta.url, (printed) => {
  expect(printed[0]![0]).toMatch(/^newton converged/);
  // Benign sorts before malignant, so malignant is y = 1, and the standardized problem at λ = 1e-3 is
  // reference-optima.json's: scikit-learn's f* to 1e-10 (the engine's means and scales agree with
  // StandardScaler's to 1e-14).
  expect(printed[1]![0]).toEqual(["benign", "malignant"]);
  const optimum = 0.05982793727108946;
  expect(Math.abs((printed[1]![1] as number) - optimum) / optimum).toBeLessThanOrEqual(1e-10);
});
