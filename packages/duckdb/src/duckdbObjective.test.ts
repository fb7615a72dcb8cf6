import { join } from "node:path";
import { type AnyOptimizer, type LogisticObjective, logisticObjective, minimize } from "@descent/core";
import { type ReferenceProblem, referenceProblems } from "@descent/datasets";
import { lbfgs } from "@descent/lbfgs";
import { newton } from "@descent/newton";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  csvToParquet,
  expectSamePasses,
  relativeError,
  temporaryDirectory,
  writeCsv,
} from "../test/files.js";
import { type DuckDBLogisticObjective, duckdbObjective } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());

/** Points where f and ∇f are far from their minimum, so a relative error is meaningful: 0, half of θ*, and θ* moved by a fixed pattern. */
function probePoints(problem: ReferenceProblem): Float64Array[] {
  const perturbed = Float64Array.from(problem.theta, (value, j) => value + 0.3 * Math.sin(7 * j + 1));
  return [new Float64Array(problem.theta.length), Float64Array.from(problem.theta, (v) => v / 2), perturbed];
}

// The SQL computes every row's terms as core's reference does, in the same order (see logisticSql.ts): the
// differences left are the order in which the engine adds rows, and exp/ln of the C library against V8's,
// a few ulps per term. Both are bounded by m·ε relative to the sum of the terms' magnitudes, so vectors are
// compared in ∞-norm relative to their size (a component that cancels to 1e-5 of the norm keeps only the
// norm's absolute accuracy, in the engine and in core alike).
const AGREEMENT = 1e-12;

for (const format of ["csv", "parquet"] as const) {
  describe.each(referenceProblems().map((problem) => [problem.label, problem] as const))(
    `${format}: %s`,
    (_label, problem) => {
      let objective: DuckDBLogisticObjective;
      let reference: LogisticObjective;

      beforeAll(async () => {
        const csv = join(directory.path, `${problem.name.replace(/[^a-z0-9]+/gi, "-")}.csv`);
        const features = writeCsv(csv, problem.X, problem.y);
        const file = format === "csv" ? csv : csv.replace(/\.csv$/, ".parquet");
        if (format === "parquet") await csvToParquet(csv, file);
        objective = await duckdbObjective({ relation: { file }, label: "y", features, l2: problem.l2 });
        reference = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
      });
      afterAll(() => objective?.close());

      it("has core's dimension, row count and classes (0 < 1)", () => {
        expect(objective.dim).toBe(reference.dim);
        expect(objective.examples).toBe(problem.X.shape[0]);
        expect(objective.classes).toEqual([0, 1]);
      });

      it(`f, ∇f, Hv and H equal core's in-memory objective to ${AGREEMENT} relative`, () => {
        for (const theta of probePoints(problem)) expectSamePasses(objective, reference, theta, AGREEMENT);
      });

      it("the asynchronous passes give the same numbers as the synchronous ones, bit for bit", async () => {
        // One thread per pass on these small files (one row group), so the two runs sum in one order.
        const theta = probePoints(problem)[2]!;
        const grad = new Float64Array(objective.dim);
        const asyncGrad = new Float64Array(objective.dim);
        const f = objective.valueAndGradient(theta, grad);
        expect(await objective.valueAndGradientAsync(theta, asyncGrad)).toBe(f);
        expect(asyncGrad).toEqual(grad);
      });

      // The fits run on Parquet only: the passes are checked on both formats above, and an optimizer sees
      // nothing but the passes.
      if (format === "parquet")
        it.each([
          ["newton", (): AnyOptimizer => newton({ mode: "exact" }), 1e-12, 30],
          ["lbfgs", (): AnyOptimizer => lbfgs(), 1e-14, 1000],
        ] as const)(
          "%s reaches the optimum it reaches in memory, to 1e-10",
          (_name, optimizer, tol, maxIter) => {
            // A run stopped at ‖∇f‖∞ ≤ tol lies within about tol/μ of the minimizer, μ the least curvature (≥ λ).
            // Newton overshoots tol quadratically and lands on the rounding floor either way; L-BFGS stops just
            // under tol, and on breast cancer at λ = 1e-4 (μ ≈ 1e-4) tol = 1e-12 leaves the two runs 9e-10 apart
            // in θ, 1e-13 leaves 2e-10, and 1e-14 (still above the gradient's rounding floor) 6e-12.
            const inMemory = minimize(reference, optimizer(), { tol, maxIter });
            const inDuckDB = minimize(objective, optimizer(), { tol, maxIter });
            expect(inDuckDB.converged).toBe(true);
            expect(inMemory.converged).toBe(true);
            expect(Math.abs(inDuckDB.loss - inMemory.loss) / inMemory.loss).toBeLessThanOrEqual(1e-10);
            expect(Math.abs(inDuckDB.loss - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(
              1e-10,
            );
            expect(relativeError(inDuckDB.theta, inMemory.theta)).toBeLessThanOrEqual(1e-10);
          },
        );
    },
  );
}
