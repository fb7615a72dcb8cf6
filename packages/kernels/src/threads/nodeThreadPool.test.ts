import {
  constantSchedule,
  createRandomState,
  gradientTransformationOptimizer,
  isDescentError,
  LogisticRegression,
  nextUniform,
  scaleByLearningRate,
} from "@descent/core";
import { breastCancerProblems } from "@descent/datasets";
import { afterAll, describe, expect, it } from "vitest";
import {
  bitsOf,
  expectClose,
  expectCloseToOneThread,
  expectSameBits,
  fiftyGradientSteps,
  fullPasses,
  THREADED_AGREEMENT,
} from "../../test/agreement.js";
import { testObjective } from "../../test/objectives.js";
import { createDenseMatrix } from "../denseStorage.js";
import { kernels } from "../kernelsBackend.js";
import type { ObjectiveThreadPool } from "../objectiveThreadPool.js";
import { hasWebAssemblySimd } from "../webAssembly.js";
import { createThreadPool, startThreadPool } from "./nodeThreadPool.js";

const pools = [createThreadPool({ threads: 2 }), createThreadPool({ threads: 2 })];
afterAll(() => {
  for (const pool of pools) pool.close();
});

interface Problem {
  readonly X: { readonly data: Float64Array; readonly shape: readonly [number, number] };
  readonly y: Float64Array;
  readonly sampleWeight?: Float64Array;
  readonly theta: Float64Array;
  readonly v: Float64Array;
}

function randomProblem(rows: number, columns: number, seed: number, weighted: boolean): Problem {
  const random = createRandomState(seed);
  const uniform = () => nextUniform(random) * 2 - 1;
  const data = Float64Array.from({ length: rows * columns }, uniform);
  const y = Float64Array.from({ length: rows }, () => (nextUniform(random) < 0.5 ? 0 : 1));
  const theta = Float64Array.from({ length: columns + 1 }, uniform);
  const v = Float64Array.from({ length: columns + 1 }, uniform);
  const sampleWeight = weighted
    ? Float64Array.from({ length: rows }, () => nextUniform(random) * 3)
    : undefined;
  return { X: { data, shape: [rows, columns] }, y, theta, v, ...(sampleWeight ? { sampleWeight } : {}) };
}

describe.runIf(hasWebAssemblySimd())("threads", () => {
  const cases = [
    { rows: 1, columns: 3, weighted: false, fitIntercept: true, precision: "float64" },
    { rows: 13, columns: 5, weighted: true, fitIntercept: true, precision: "float64" },
    { rows: 101, columns: 17, weighted: false, fitIntercept: false, precision: "float64" },
    { rows: 1003, columns: 9, weighted: true, fitIntercept: true, precision: "float32" },
    { rows: 2048, columns: 31, weighted: false, fitIntercept: true, precision: "float32" },
    { rows: 4099, columns: 8, weighted: false, fitIntercept: true, precision: "float64" },
  ] as const;

  for (const [index, { rows, columns, weighted, fitIntercept, precision }] of cases.entries()) {
    it(`${rows} × ${columns} ${precision}${weighted ? ", weighted" : ""}${fitIntercept ? "" : ", no intercept"}: agrees with one thread to 1e-12 and repeats bit for bit across calls and pools`, () => {
      const problem = randomProblem(rows, columns, 100 + index, weighted);
      const base = {
        X: problem.X,
        y: problem.y,
        l2: 0.01,
        fitIntercept,
        precision,
        backend: "kernels",
      } as const;
      const options = problem.sampleWeight ? { ...base, sampleWeight: problem.sampleWeight } : base;
      const single = fullPasses(testObjective(options), problem);
      const threaded = pools.map((pool) =>
        testObjective({ ...options, threads: pool, threadedMinimumEntries: 0 }),
      );
      expect(threaded[0]!.constructor.name).toBe("ThreadedLogisticObjective");
      const first = fullPasses(threaded[0]!, problem);
      expectCloseToOneThread(first, single);
      for (const repeat of [fullPasses(threaded[0]!, problem), fullPasses(threaded[1]!, problem)]) {
        expectSameBits(repeat, first);
      }
    });
  }

  for (const problem of breastCancerProblems()) {
    it(`${problem.label} on threads: f matches scikit-learn to 1e-12 relative and ‖∇f‖∞ ≤ 1e-8`, () => {
      const objective = testObjective({
        X: problem.X,
        y: problem.y,
        l2: problem.l2,
        threads: pools[0]!,
        threadedMinimumEntries: 0,
      });
      expect(objective.constructor.name).toBe("ThreadedLogisticObjective");
      const grad = new Float64Array(objective.dim);
      const f = objective.valueAndGradient(problem.theta, grad);
      expect(Math.abs(f - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-12);
      expect(
        Math.abs(objective.value(problem.theta) - problem.optimum.f) / problem.optimum.f,
      ).toBeLessThanOrEqual(1e-12);
      expect(Math.max(...grad.map(Math.abs))).toBeLessThanOrEqual(1e-8);
    });
  }

  it("gradient descent with minimize on threads takes the same steps on every pool, and those of one thread to 1e-12", () => {
    const problem = randomProblem(1003, 9, 11, false);
    const options = { X: problem.X, y: problem.y, l2: 0.01 } as const;
    const single = fiftyGradientSteps(testObjective(options));
    const threaded = pools.map((pool) =>
      fiftyGradientSteps(testObjective({ ...options, threads: pool, threadedMinimumEntries: 0 })),
    );
    expect(threaded[0]!.iterations).toBe(50);
    expect(bitsOf(threaded[1]!.theta)).toBe(bitsOf(threaded[0]!.theta));
    expect(bitsOf(threaded[1]!.loss)).toBe(bitsOf(threaded[0]!.loss));
    // A step of 1 is far below 2/L (L ≈ 0.26 on this data): the iteration contracts, so rounding does not grow.
    expectClose(threaded[0]!.theta, single.theta, THREADED_AGREEMENT);
  });

  it("three threads (two workers, each with its own region) agree with one thread to 1e-12", () => {
    const pool = createThreadPool({ threads: 3 });
    try {
      const problem = randomProblem(1001, 12, 12, true);
      const options = {
        X: problem.X,
        y: problem.y,
        sampleWeight: problem.sampleWeight!,
        l2: 0.01,
      } as const;
      const single = fullPasses(testObjective(options), problem);
      const threaded = fullPasses(
        testObjective({ ...options, threads: pool, threadedMinimumEntries: 0 }),
        problem,
      );
      expectCloseToOneThread(threaded, single);
    } finally {
      pool.close();
    }
  });

  it("below threadedMinimumEntries (default 2^20) one thread runs the passes", () => {
    const problem = randomProblem(100, 10, 5, false);
    const objective = testObjective({ X: problem.X, y: problem.y, threads: pools[0]! });
    expect(objective.threads).toBe(1);
  });

  it("LogisticRegression fits on a pool: bit for bit across pools, and as one thread to 1e-12", () => {
    // 16384 × 64 = 2^20 entries: just large enough for the default threshold.
    const problem = randomProblem(16384, 64, 8, false);
    const labels = Array.from(problem.y);
    const fit = (threads?: (typeof pools)[number]) =>
      new LogisticRegression({
        optimizer: gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {}),
        maxIter: 20,
        tol: 0,
        backend: kernels({ threads: threads ?? 1 }),
      }).fit(problem.X, labels);
    expect(testObjective({ X: problem.X, y: problem.y, threads: pools[0]! }).threads).toBe(2);
    const first = fit(pools[0]);
    const second = fit(pools[1]);
    const single = fit();
    expect(second.coef).toEqual(first.coef);
    first.coef.forEach((w, j) => {
      expect(Math.abs(w - single.coef[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
    });
  });

  describe("createDenseMatrix(…, { threads: pool }): X in shared memory, never copied", () => {
    /** The problem's X written into a matrix laid out for `pool`, as a loader would. */
    function sharedMatrix(problem: Problem, pool: ObjectiveThreadPool, precision: "float64" | "float32") {
      const [rows, columns] = problem.X.shape;
      const matrix = createDenseMatrix(rows, columns, { precision, threads: pool });
      matrix.data.set(problem.X.data);
      return matrix;
    }

    /** Counts the pool's attachments (each one an instance of the kernels in every worker). */
    function countingPool(pool: ObjectiveThreadPool): ObjectiveThreadPool & { readonly count: number } {
      let count = 0;
      return {
        threads: pool.threads,
        get count() {
          return count;
        },
        attach(memory, module, bases, kernels) {
          count++;
          return pool.attach(memory, module, bases, kernels);
        },
      };
    }

    for (const precision of ["float64", "float32"] as const) {
      it(`${precision}: the objective runs on the matrix's own memory, bit for bit as the copying path`, () => {
        const problem = randomProblem(1003, 9, 21, true);
        const matrix = sharedMatrix(problem, pools[0]!, precision);
        const options = {
          y: problem.y,
          sampleWeight: problem.sampleWeight!,
          l2: 0.01,
          precision,
          threads: pools[0]!,
          threadedMinimumEntries: 0,
        } as const;
        const onMatrix = testObjective({ ...options, X: matrix });
        const copied = testObjective({ ...options, X: problem.X });
        expect(onMatrix.constructor.name).toBe("ThreadedLogisticObjective");
        expect(onMatrix.threads).toBe(2);
        expect((onMatrix.matrix as unknown as { data: unknown }).data).toBe(matrix.data);
        const expected = fullPasses(copied, problem);
        const actual = fullPasses(onMatrix, problem);
        expectSameBits(actual, expected);
        // Without a pool (or below threadedMinimumEntries) one thread runs on the same memory, as on a copy.
        const { threads: _, ...single } = options;
        const alone = fullPasses(testObjective({ ...single, X: matrix }), problem);
        const aloneCopied = fullPasses(testObjective({ ...single, X: problem.X }), problem);
        expectSameBits(alone, aloneCopied);
      });
    }

    it("two objectives with different y (one weighted) on one matrix, used alternately, each give their own results", () => {
      const problem = randomProblem(1001, 12, 22, true);
      const other = randomProblem(1001, 12, 23, false);
      const matrix = sharedMatrix(problem, pools[0]!, "float64");
      const common = { l2: 0.01, threads: pools[0]!, threadedMinimumEntries: 0 } as const;
      const first = { ...common, y: problem.y, sampleWeight: problem.sampleWeight! };
      const second = { ...common, y: other.y };
      const objectives = [testObjective({ ...first, X: matrix }), testObjective({ ...second, X: matrix })];
      const references = [
        testObjective({ ...first, X: problem.X }),
        testObjective({ ...second, X: problem.X }),
      ];
      const rows = Int32Array.from({ length: 100 }, (_, k) => (k * 37) % 1001);
      for (let round = 0; round < 2; round++) {
        for (const index of [0, 1]) {
          const objective = objectives[index]!;
          const reference = references[index]!;
          const actual = fullPasses(objective, problem);
          const expected = fullPasses(reference, problem);
          expectSameBits(actual, expected);
          // A pass over selected rows runs on the calling thread, on the same memory: it too must reload y.
          const theta = problem.theta.subarray(0, objective.dim);
          expect(bitsOf(objective.valueOnRows(theta, rows, 0, rows.length))).toBe(
            bitsOf(reference.valueOnRows(theta, rows, 0, rows.length)),
          );
        }
      }
    });

    it("many objectives on one matrix attach its memory to the pool once", () => {
      const problem = randomProblem(257, 6, 24, false);
      const matrix = sharedMatrix(problem, pools[0]!, "float64");
      const counting = countingPool(pools[0]!);
      for (let k = 0; k < 10; k++) {
        const objective = testObjective({
          X: matrix,
          y: problem.y,
          threads: counting,
          threadedMinimumEntries: 0,
        });
        expect(objective.threads).toBe(2);
        objective.value(problem.theta);
      }
      expect(counting.count).toBe(1);
    });

    it("a non-finite value written into it is refused with its row and column (NON_FINITE_VALUE)", () => {
      const problem = randomProblem(300, 7, 25, false);
      for (const precision of ["float64", "float32"] as const) {
        const matrix = sharedMatrix(problem, pools[0]!, precision);
        matrix.data[203 * 7 + 4] = Number.NaN;
        let error: unknown;
        try {
          testObjective({ X: matrix, y: problem.y, threads: pools[0]!, threadedMinimumEntries: 0 });
        } catch (caught) {
          error = caught;
        }
        expect(isDescentError(error, "NON_FINITE_VALUE") && [error.row, error.column]).toEqual([203, 4]);
      }
    });
  });

  it("a closed pool refuses to run a pass (INVALID_STATE)", () => {
    const pool = createThreadPool({ threads: 2 });
    const problem = randomProblem(64, 4, 6, false);
    const objective = testObjective({
      X: problem.X,
      y: problem.y,
      threads: pool,
      threadedMinimumEntries: 0,
    });
    pool.close();
    expect(pool.closed).toBe(true);
    let error: unknown;
    try {
      objective.value(problem.theta);
    } catch (caught) {
      error = caught;
    }
    expect(isDescentError(error) && error.code).toBe("INVALID_STATE");
  });

  it("threads must be a whole number from 1 to 256 (INVALID_OPTION)", async () => {
    for (const threads of [0, 1.5, Number.NaN]) {
      expect(() => createThreadPool({ threads })).toThrow(/threads must be an integer/);
      await expect(startThreadPool({ threads })).rejects.toThrow(/threads must be an integer/);
    }
  });

  it("startThreadPool (the form that also works in browsers) resolves to a pool that computes as createThreadPool's, bit for bit", async () => {
    const pool = await startThreadPool({ threads: 2 });
    try {
      expect([pool.threads, pool.closed]).toEqual([2, false]);
      const problem = randomProblem(1003, 9, 31, true);
      const options = {
        X: problem.X,
        y: problem.y,
        sampleWeight: problem.sampleWeight!,
        l2: 0.01,
        threadedMinimumEntries: 0,
      } as const;
      const started = testObjective({ ...options, threads: pool });
      expect(started.threads).toBe(2);
      const actual = fullPasses(started, problem);
      const expected = fullPasses(testObjective({ ...options, threads: pools[0]! }), problem);
      expectSameBits(actual, expected);
    } finally {
      pool.close();
    }
    expect(pool.closed).toBe(true);
  });
});
