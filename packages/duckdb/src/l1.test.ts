import { join } from "node:path";
import {
  type AnyOptimizer,
  logisticObjective,
  type MinimizeResult,
  minimize,
  multinomialObjective,
} from "@descent/core";
import { breastCancerL1Problems, irisMultinomialProblems } from "@descent/datasets";
import { lbfgs } from "@descent/lbfgs";
import { newton } from "@descent/newton";
import { afterAll, describe, expect, it } from "vitest";
import { csvToParquet, relativeError, temporaryDirectory, writeCsv } from "../test/files.js";
import { duckdbMultinomialObjective, duckdbObjective } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());

/** The indices of θ's penalized coordinates that are exactly 0. */
function zeroSet(theta: Float64Array, penalizedCount: number): number[] {
  return Array.from({ length: penalizedCount }, (_, j) => j).filter((j) => theta[j] === 0);
}

// Proximal Newton (newton) and OWL-QN (lbfgs) read λ1 from the objective's `l1` and `penalizedCount`: the
// DuckDB objective carries them as core's do, so both optimizers minimize F = f + λ1‖w‖₁ on it unchanged.
const optimizers: [string, () => AnyOptimizer, number, number][] = [
  ["newton (proximal Newton)", () => newton(), 1e-10, 100],
  ["lbfgs (OWL-QN)", () => lbfgs(), 1e-10, 3000],
];

describe.each(breastCancerL1Problems().map((problem) => [problem.label, problem] as const))(
  "binary L1 on DuckDB: %s",
  (_label, problem) => {
    it.each(optimizers)(
      "%s reaches the in-memory proximal-Newton optimum, with the same zero set",
      async (_name, optimizer, tol, maxIter) => {
        const csv = join(directory.path, `${problem.name.replace(/[^a-z0-9]+/gi, "-")}.csv`);
        const features = writeCsv(csv, problem.X, problem.y);
        const parquet = csv.replace(/\.csv$/, ".parquet");
        await csvToParquet(csv, parquet);
        const objective = await duckdbObjective({
          relation: { file: parquet },
          label: "y",
          features,
          l1: problem.l1,
          l2: problem.l2,
        });
        try {
          expect(objective.l1).toBe(problem.l1);
          expect(objective.penalizedCount).toBe(features.length);
          const reference = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
          const inMemory = minimize(reference, newton(), { tol: 1e-12, maxIter: 100 });
          const inDuckDB: MinimizeResult = minimize(objective, optimizer(), { tol, maxIter });
          expect(inDuckDB.converged).toBe(true);
          expect(Math.abs(inDuckDB.loss - inMemory.loss) / inMemory.loss).toBeLessThanOrEqual(1e-10);
          // scikit-learn's saga optimum, F(θ*), as well.
          expect(Math.abs(inDuckDB.loss - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-8);
          expect(zeroSet(inDuckDB.theta, features.length)).toEqual(zeroSet(inMemory.theta, features.length));
          expect(features.length - zeroSet(inDuckDB.theta, features.length).length).toBe(
            problem.optimum.nonZero,
          );
        } finally {
          objective.close();
        }
      },
    );
  },
);

describe("multinomial L1 on DuckDB: iris, λ1 = 0.01", () => {
  it("proximal Newton reaches the in-memory optimum, with the same zero set", async () => {
    const [problem] = irisMultinomialProblems();
    const csv = join(directory.path, "iris-l1.csv");
    const features = writeCsv(csv, problem!.X, problem!.labels);
    const objective = await duckdbMultinomialObjective({
      relation: { file: csv },
      label: "y",
      features,
      l1: 0.01,
      l2: problem!.l2,
    });
    try {
      expect(objective.penalizedCount).toBe(3 * features.length);
      const reference = multinomialObjective({
        X: problem!.X,
        y: problem!.y,
        classes: 3,
        l1: 0.01,
        l2: problem!.l2,
      });
      const inMemory = minimize(reference, newton(), { tol: 1e-12, maxIter: 200 });
      const inDuckDB = minimize(objective, newton(), { tol: 1e-12, maxIter: 200 });
      expect(inMemory.converged).toBe(true);
      expect(inDuckDB.converged).toBe(true);
      expect(Math.abs(inDuckDB.loss - inMemory.loss) / inMemory.loss).toBeLessThanOrEqual(1e-10);
      const zeros = zeroSet(inMemory.theta, objective.penalizedCount);
      expect(zeros.length).toBeGreaterThan(0);
      expect(zeroSet(inDuckDB.theta, objective.penalizedCount)).toEqual(zeros);
      expect(relativeError(inDuckDB.theta, inMemory.theta)).toBeLessThanOrEqual(1e-8);
    } finally {
      objective.close();
    }
  });
});

describe("l1 is checked", () => {
  it.each([-1, Number.NaN, "0.1"])("refuses l1 = %s with INVALID_OPTION", async (l1) => {
    await expect(
      duckdbObjective({ relation: { file: "x.parquet" }, label: "y", features: ["a"], l1: l1 as number }),
    ).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(
      duckdbMultinomialObjective({
        relation: { file: "x.parquet" },
        label: "y",
        features: ["a"],
        l1: l1 as number,
      }),
    ).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});
