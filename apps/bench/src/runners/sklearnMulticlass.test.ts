import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PYTHON } from "../paths.js";
import { problemObjective } from "../problemObjective.js";
import { writeProblem } from "../problemStore.js";
import { buildProblem } from "../problems.js";
import { solveReference } from "../referenceSolver.js";
import { type SklearnFit, type SklearnSolver, sklearnFit, sklearnTheta, sklearnVersion } from "./sklearn.js";

const python = process.env.DESCENT_BENCH_PYTHON ?? DEFAULT_PYTHON;
const version = await sklearnVersion(python);

describe("sklearnTheta", () => {
  const fit: SklearnFit = {
    maxIter: 10,
    seconds: [0.1],
    iterations: 3,
    coef: [1, 2, 3, 4, 5, 6],
    intercept: 0.5,
    intercepts: [0.5, -0.25, -0.25],
  };

  it("lays a multiclass fit out as descent's multinomial θ: coef_ row by row, then intercept_", () => {
    expect([...sklearnTheta(fit, 3)]).toEqual([1, 2, 3, 4, 5, 6, 0.5, -0.25, -0.25]);
  });

  it("lays a binary fit out as [w, b]", () => {
    expect([...sklearnTheta({ ...fit, coef: [1, 2], intercepts: [0.5] }, 2)]).toEqual([1, 2, 0.5]);
  });
});

describe.skipIf(version === null)(`scikit-learn on a multiclass problem (sklearn ${version})`, () => {
  const cache = mkdtempSync(join(tmpdir(), "descent-bench-sklearn-multiclass-"));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const problem = buildProblem({
    kind: "multiclass-dense",
    rows: 500,
    columns: 5,
    classes: 4,
    testRows: 10,
    seed: 41,
  });
  const dir = join(cache, "multiclass");
  writeProblem(dir, problem);
  const objective = problemObjective(problem.train, problem.l2, problem.classes);
  const fStar = solveReference(objective).f;

  it.each<[SklearnSolver, number]>([
    // newton-cg stops on the gradient at tol 1e-10: f* to rounding.
    ["newton-cg", 1e-12],
    // scipy's L-BFGS-B also stops once a step lowers f by less than its ftol, 2.2e-9 relative, which
    // scikit-learn leaves at scipy's default: a gap near 1e-10 remains.
    ["lbfgs", 1e-8],
    // sag stops when an epoch moves the coefficients by less than tol relative: close, not exact.
    ["sag", 1e-8],
  ])("fits the multinomial loss with %s: C = 1/(λm) lands on descent's f*", async (solver, tolerance) => {
    const reply = await sklearnFit(
      python,
      {
        problemDir: dir,
        solver,
        C: 1 / (problem.l2 * 500),
        tol: 1e-10,
        maxIter: [10_000],
        repeats: 1,
        budgetSeconds: 30,
      },
      120,
    );
    expect(reply.classes).toBe(4);
    const fit = reply.fits[0]!;
    expect(fit.coef).toHaveLength(4 * 5);
    expect(fit.intercepts).toHaveLength(4);
    const f = objective.value(sklearnTheta(fit, reply.classes));
    expect(Math.abs(f - fStar) / fStar).toBeLessThan(tolerance);
  });

  it("refuses liblinear, which would fit one-vs-rest", async () => {
    await expect(
      sklearnFit(
        python,
        {
          problemDir: dir,
          solver: "liblinear" as SklearnSolver,
          C: 1,
          tol: 1e-4,
          maxIter: [10],
          repeats: 1,
          budgetSeconds: 5,
        },
        60,
      ),
    ).rejects.toThrow(/one-vs-rest/);
  });
});
