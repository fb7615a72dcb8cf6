import { logisticObjective, minimize } from "@descent/core";
import { expectNoiseStall, referenceProblems } from "@descent/testkit";
import { describe, it } from "vitest";
import { lbfgs } from "./lbfgs.js";

// An objective whose f and ∇f change in the last bits from call to call, as DuckDB's multi-threaded sums do
// (±16 ulps on f, ±1e-14 on each entry of ∇f): at tol = 1e-16 a run must still end, stalled, soon after it
// reaches that floor (before, some ran to maxIter), and at the exact objective's optimum (see
// expectNoiseStall; the intercept's curvature, the mean of σ(1 − σ), is larger than λ on these problems).
describe.each(referenceProblems().map((problem) => [problem.label, problem] as const))(
  "lbfgs on a noisy objective: %s",
  (_, problem) => {
    const exact = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
    const optimum = minimize(exact, lbfgs(), { tol: 1e-13, maxIter: 1000 });

    it("at tol 1e-16, stops stalled soon after the noise floor, at the exact optimum", () => {
      expectNoiseStall(lbfgs(), { exact, optimum: optimum.theta, l2: problem.l2 });
    });
  },
);
