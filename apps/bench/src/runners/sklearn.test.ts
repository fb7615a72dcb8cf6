import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { logisticObjective } from "@descent/core";
import { afterAll, describe, expect, it } from "vitest";
import { solveL1Reference, supportMismatches } from "../l1/l1Reference.js";
import { DEFAULT_PYTHON } from "../paths.js";
import { writeProblem } from "../problemStore.js";
import { buildProblem, type CsrFeatures, type DenseFeatures, type ProblemSpec } from "../problems.js";
import { solveReference } from "../referenceSolver.js";
import { sklearnEcho, sklearnFit, sklearnPath, sklearnVersion } from "./sklearn.js";

const python = process.env.DESCENT_BENCH_PYTHON ?? DEFAULT_PYTHON;
const version = await sklearnVersion(python);

describe.skipIf(version === null)(`the hand-off to scikit-learn (${python}, sklearn ${version})`, () => {
  const cache = mkdtempSync(join(tmpdir(), "descent-bench-sklearn-"));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it.each<[string, Extract<ProblemSpec, { kind: "dense" | "sparse" }>]>([
    ["dense", { kind: "dense", rows: 300, columns: 6, testRows: 50, seed: 3 }],
    ["sparse", { kind: "sparse", rows: 300, columns: 40, nonZerosPerRow: 4, testRows: 50, seed: 4 }],
  ])("Python reads back the %s problem the bench wrote", async (name, spec) => {
    const problem = buildProblem(spec);
    const dir = join(cache, name);
    writeProblem(dir, problem);
    const echo = await sklearnEcho(python, dir);
    const X = problem.train.X;
    expect(echo.shape).toEqual([300, spec.columns]);
    expect(echo.sparse).toBe(X.kind === "csr");
    const values = X.kind === "dense" ? (X as DenseFeatures).data : (X as CsrFeatures).values;
    // The same float64 values summed in another order: equal to a few ulps of the sum's magnitude.
    expect(echo.sumX).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      10,
    );
    expect(echo.sumY).toBe(problem.train.y.reduce((a, b) => a + b, 0));
    expect(echo.lastY).toBe(problem.train.y[299]);
    const firstRow = new Array<number>(spec.columns).fill(0);
    if (X.kind === "dense") for (let j = 0; j < spec.columns; j++) firstRow[j] = X.data[j]!;
    else for (let k = X.indptr[0]!; k < X.indptr[1]!; k++) firstRow[X.indices[k]!] = X.values[k]!;
    expect(echo.firstRow).toEqual(firstRow);
  });

  it("fits the same function: scikit-learn's newton-cholesky with C = 1/(λm) lands on descent's f*", async () => {
    const problem = buildProblem({ kind: "dense", rows: 400, columns: 5, testRows: 10, seed: 8 });
    const dir = join(cache, "fit");
    writeProblem(dir, problem);
    const reply = await sklearnFit(
      python,
      {
        problemDir: dir,
        solver: "newton-cholesky",
        C: 1 / (problem.l2 * 400),
        tol: 1e-10,
        maxIter: [100],
        repeats: 1,
        budgetSeconds: 30,
      },
      120,
    );
    const fit = reply.fits[0]!;
    const objective = logisticObjective({ X: problem.train.X, y: problem.train.y, l2: problem.l2 });
    const f = objective.value(Float64Array.from([...fit.coef, fit.intercept]));
    const fStar = solveReference(objective).f;
    // Both at machine precision of f: they agree to rounding, not merely to a tolerance.
    expect(Math.abs(f - fStar) / fStar).toBeLessThan(1e-12);
    expect(reply.maxRssBytes).toBeGreaterThan(0);
  });

  it("fits the same L1 path: saga with C = 1/(s m), one fit per strength, lands on descent's F* and zero set", async () => {
    const spec: ProblemSpec = { kind: "dense", rows: 400, columns: 8, testRows: 10, seed: 9, informative: 3 };
    const problem = buildProblem(spec);
    const dir = join(cache, "path");
    writeProblem(dir, problem);
    const strengths = [0.05, 0.02];
    const reply = await sklearnPath(
      python,
      {
        problemDir: dir,
        solver: "saga",
        Cs: strengths.map((s) => 1 / (s * 400)),
        tol: 1e-12,
        maxIter: 100_000,
        estimator: { penalty: "l1" },
      },
      120,
    );
    expect(reply.points.map((point) => point.C)).toEqual([0.05, 0.125]);
    for (const [k, point] of reply.points.entries()) {
      const objective = logisticObjective({ X: problem.train.X, y: problem.train.y, l1: strengths[k]! });
      const reference = solveL1Reference(objective);
      const theta = Float64Array.from([...point.coef, point.intercept]);
      const F = objective.value(theta) + strengths[k]! * point.coef.reduce((sum, w) => sum + Math.abs(w), 0);
      expect((F - reference.f) / reference.f).toBeLessThan(1e-10);
      expect(F).toBeGreaterThanOrEqual(reference.f - 1e-15);
      expect(supportMismatches(point.coef, reference.support, 8)).toBe(0);
    }
  });
});
