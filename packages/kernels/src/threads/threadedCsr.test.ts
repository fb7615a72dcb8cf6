import type { CsrMatrix } from "@descent/core";
import { createRandomState, isDescentError, nextUniform } from "@descent/core";
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
import { createCsrMatrix } from "../csrStorage.js";
import { csrRowShares } from "../threadedWorkers.js";
import { hasWebAssemblySimd } from "../webAssembly.js";
import { createThreadPool } from "./nodeThreadPool.js";

// Two pools of each size, to show that a result depends on the number of threads, not on the pool.
const pools = {
  2: [createThreadPool({ threads: 2 }), createThreadPool({ threads: 2 })],
  3: [createThreadPool({ threads: 3 }), createThreadPool({ threads: 3 })],
} as const;
afterAll(() => {
  for (const pool of [...pools[2], ...pools[3]]) pool.close();
});

interface SparseProblem {
  readonly X: {
    readonly indptr: Int32Array;
    readonly indices: Int32Array;
    readonly values: Float64Array;
    readonly shape: readonly [number, number];
  };
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
  readonly theta: Float64Array;
  readonly v: Float64Array;
}

/**
 * A random CSR problem; with `skewed`, the first tenth of the rows hold ten times as many non-zeros as the
 * rest, so that an even split by rows would not be one by work.
 */
function sparseProblem(rows: number, columns: number, perRow: number, seed: number, skewed = false) {
  const random = createRandomState(seed);
  const uniform = () => nextUniform(random) * 2 - 1;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const mean = skewed && i < rows / 10 ? 10 * perRow : perRow;
    const count = Math.min(columns, Math.floor(nextUniform(random) * (2 * mean + 1)));
    for (let k = 0; k < count; k++) {
      // Columns may repeat within a row: CSR allows it (the entries add), and the kernels must too.
      indices.push(Math.floor(nextUniform(random) * columns));
      values.push(uniform());
    }
    indptr[i + 1] = values.length;
  }
  const problem: SparseProblem = {
    X: {
      indptr,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      shape: [rows, columns],
    },
    y: Float64Array.from({ length: rows }, () => (nextUniform(random) < 0.5 ? 0 : 1)),
    sampleWeight: Float64Array.from({ length: rows }, () => nextUniform(random) * 3),
    theta: Float64Array.from({ length: columns + 1 }, uniform),
    v: Float64Array.from({ length: columns + 1 }, uniform),
  };
  return problem;
}

/** The problem's X written into a matrix laid out for `pool`, as a loader would. */
function sharedMatrix(problem: SparseProblem, pool?: (typeof pools)[2][number]): CsrMatrix {
  const { indptr, indices, values, shape } = problem.X;
  const matrix = createCsrMatrix(
    shape[0],
    shape[1],
    values.length,
    pool === undefined ? {} : { threads: pool },
  );
  matrix.indptr.set(indptr);
  matrix.indices.set(indices);
  matrix.values.set(values);
  return matrix;
}

describe("csrRowShares", () => {
  it("cuts contiguous shares of about equal non-zeros plus rows, from indptr alone", () => {
    const { indptr } = sparseProblem(10_000, 50, 5, 1, true).X;
    const m = indptr.length - 1;
    const total = indptr[m]! + m;
    for (const threads of [1, 2, 3, 4, 7]) {
      const starts = csrRowShares(indptr, threads);
      expect(starts[0]).toBe(0);
      expect(starts[threads]).toBe(m);
      for (let t = 0; t < threads; t++) {
        expect(starts[t + 1]!).toBeGreaterThanOrEqual(starts[t]!);
        const work = indptr[starts[t + 1]!]! + starts[t + 1]! - (indptr[starts[t]!]! + starts[t]!);
        // Each share is within one row's work (at most 50 non-zeros, one per column, plus 1) of an even split.
        expect(Math.abs(work - total / threads)).toBeLessThanOrEqual(51);
      }
      expect(Array.from(csrRowShares(Int32Array.from(indptr), threads))).toEqual(Array.from(starts));
    }
    // The skew moves the first cut well before the middle row.
    expect(csrRowShares(indptr, 2)[1]).toBeLessThan(m / 3);
  });

  it("spreads rows without non-zeros, and gives a thread no rows when there are fewer rows than threads", () => {
    expect(Array.from(csrRowShares(new Int32Array(7), 3))).toEqual([0, 2, 4, 6]);
    expect(Array.from(csrRowShares(Int32Array.of(0, 4), 3))).toEqual([0, 1, 1, 1]);
  });
});

describe.runIf(hasWebAssemblySimd())("threads on CSR X", () => {
  const cases = [
    { rows: 1, columns: 3, perRow: 2, weighted: false, fitIntercept: true, skewed: false },
    { rows: 13, columns: 5, perRow: 2, weighted: true, fitIntercept: true, skewed: false },
    { rows: 101, columns: 17, perRow: 4, weighted: false, fitIntercept: false, skewed: false },
    { rows: 1003, columns: 40, perRow: 6, weighted: true, fitIntercept: true, skewed: true },
    { rows: 4099, columns: 300, perRow: 20, weighted: false, fitIntercept: true, skewed: false },
  ] as const;

  for (const threads of [2, 3] as const) {
    for (const [index, { rows, columns, perRow, weighted, fitIntercept, skewed }] of cases.entries()) {
      it(`${threads} threads, ${rows} × ${columns}, ~${perRow}/row${skewed ? " skewed" : ""}${weighted ? ", weighted" : ""}${fitIntercept ? "" : ", no intercept"}: as one thread to 1e-12, and bit for bit across calls and pools`, () => {
        const problem = sparseProblem(rows, columns, perRow, 100 + index, skewed);
        const base = { X: problem.X, y: problem.y, l2: 0.01, fitIntercept, backend: "kernels" } as const;
        const options = weighted ? { ...base, sampleWeight: problem.sampleWeight } : base;
        const single = fullPasses(testObjective(options), problem);
        const threaded = pools[threads].map((pool) =>
          testObjective({ ...options, threads: pool, threadedMinimumEntries: 0 }),
        );
        expect(threaded[0]!.constructor.name).toBe("ThreadedLogisticObjective");
        expect(threaded[0]!.threads).toBe(threads);
        const first = fullPasses(threaded[0]!, problem);
        expectCloseToOneThread(first, single);
        for (const repeat of [fullPasses(threaded[0]!, problem), fullPasses(threaded[1]!, problem)]) {
          expectSameBits(repeat, first);
        }
        // The Hessian and the passes over selected rows run on the calling thread, as with one thread.
        const d = threaded[0]!.dim;
        const theta = problem.theta.subarray(0, d);
        const hessian = new Float64Array(d * d);
        const singleHessian = new Float64Array(d * d);
        threaded[0]!.hessian(theta, hessian);
        testObjective(options).hessian(theta, singleHessian);
        expect(bitsOf(hessian)).toBe(bitsOf(singleHessian));
      });
    }
  }

  it("gradient descent with minimize on two threads takes the same steps on every pool, and those of one thread to 1e-12", () => {
    const problem = sparseProblem(2003, 30, 5, 11);
    const options = { X: problem.X, y: problem.y, l2: 0.01 } as const;
    const single = fiftyGradientSteps(testObjective(options));
    const threaded = pools[2].map((pool) =>
      fiftyGradientSteps(testObjective({ ...options, threads: pool, threadedMinimumEntries: 0 })),
    );
    expect(threaded[0]!.iterations).toBe(50);
    expect(bitsOf(threaded[1]!.theta)).toBe(bitsOf(threaded[0]!.theta));
    expect(bitsOf(threaded[1]!.loss)).toBe(bitsOf(threaded[0]!.loss));
    // A step of 1 is below 2/L (‖X‖ is small: values in [−1, 1), ~5 per row): the iteration contracts, so
    // rounding does not grow.
    expectClose(threaded[0]!.theta, single.theta, THREADED_AGREEMENT);
  });

  it("below threadedMinimumEntries (counted in stored non-zeros) one thread runs the passes", () => {
    const problem = sparseProblem(1000, 100, 5, 5);
    const nonZeros = problem.X.values.length;
    const objective = (threadedMinimumEntries?: number) =>
      testObjective({
        X: problem.X,
        y: problem.y,
        threads: pools[2][0]!,
        ...(threadedMinimumEntries === undefined ? {} : { threadedMinimumEntries }),
      });
    expect(objective().threads).toBe(1);
    expect(objective(nonZeros + 1).threads).toBe(1);
    expect(objective(nonZeros).threads).toBe(2);
  });

  describe("createCsrMatrix(…, { threads: pool }): X in shared memory, never copied", () => {
    for (const threads of [2, 3] as const) {
      it(`${threads} threads: the objective runs on the matrix's own arrays, bit for bit as the copying path`, () => {
        const problem = sparseProblem(1003, 40, 6, 21, true);
        const pool = pools[threads][0]!;
        const matrix = sharedMatrix(problem, pool);
        const options = {
          y: problem.y,
          sampleWeight: problem.sampleWeight,
          l2: 0.01,
          threads: pool,
          threadedMinimumEntries: 0,
        } as const;
        const onMatrix = testObjective({ ...options, X: matrix });
        const copied = testObjective({ ...options, X: problem.X });
        expect(onMatrix.constructor.name).toBe("ThreadedLogisticObjective");
        expect(onMatrix.threads).toBe(threads);
        const used = onMatrix.matrix as CsrMatrix;
        expect(used.values).toBe(matrix.values);
        expect(used.indices).toBe(matrix.indices);
        expect(used.indptr).toBe(matrix.indptr);
        expectSameBits(fullPasses(onMatrix, problem), fullPasses(copied, problem));
        // On a pool of another size, or on one thread, the same matrix gives what a copy gives.
        const other = pools[threads === 2 ? 3 : 2][0]!;
        expectSameBits(
          fullPasses(testObjective({ ...options, threads: other, X: matrix }), problem),
          fullPasses(testObjective({ ...options, threads: other, X: problem.X }), problem),
        );
        const { threads: _, ...alone } = options;
        const single = testObjective({ ...alone, X: matrix });
        expect((single.matrix as CsrMatrix).values).toBe(matrix.values);
        expectSameBits(
          fullPasses(single, problem),
          fullPasses(testObjective({ ...alone, X: problem.X }), problem),
        );
      });
    }

    it("a bad fill is refused before any thread reads it, with its row, column and value", () => {
      const problem = sparseProblem(300, 7, 3, 25);
      const build = (matrix: CsrMatrix) =>
        testObjective({ X: matrix, y: problem.y, threads: pools[2][0]!, threadedMinimumEntries: 0 });
      const first = sharedMatrix(problem, pools[2][0]!);
      expect(build(first).threads).toBe(2);
      // The first row from 200 on that holds a non-zero.
      let row = 200;
      while (first.indptr[row + 1] === first.indptr[row]) row++;
      first.values[first.indptr[row]!] = Number.NaN;
      let error: unknown;
      try {
        build(first);
      } catch (caught) {
        error = caught;
      }
      expect(isDescentError(error, "NON_FINITE_VALUE") && [error.row, error.column]).toEqual([
        row,
        first.indices[first.indptr[row]!],
      ]);
      const second = sharedMatrix(problem, pools[2][0]!);
      second.indices[second.indptr[row]!] = 7;
      error = undefined;
      try {
        build(second);
      } catch (caught) {
        error = caught;
      }
      expect(isDescentError(error, "INVALID_SPARSE_MATRIX") && [error.row, error.value]).toEqual([row, 7]);
    });
  });
});
