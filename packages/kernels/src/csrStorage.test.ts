import type { CsrMatrix, DescentErrorCode } from "@descent/core";
import {
  constantSchedule,
  createRandomState,
  gradientTransformationOptimizer,
  type LogisticObjective,
  LogisticRegression,
  nextUniform,
  scaleByLearningRate,
} from "@descent/core";
import { describe, expect, it } from "vitest";
import { bitsOf } from "../test/agreement.js";
import { caught } from "../test/caught.js";
import { testObjective } from "../test/objectives.js";
import { type CreateCsrMatrixOptions, createCsrMatrix } from "./csrStorage.js";
import { createThreadPool } from "./threads/nodeThreadPool.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

interface SparseProblem {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
  readonly theta: Float64Array;
  readonly v: Float64Array;
}

/** A random CSR problem whose rows hold 0 to 2·perRow non-zeros, at distinct columns in random order. */
function sparseProblem(rows: number, columns: number, perRow: number, seed: number): SparseProblem {
  const random = createRandomState(seed);
  const uniform = () => nextUniform(random) * 2 - 1;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const count = Math.min(columns, Math.floor(nextUniform(random) * (2 * perRow + 1)));
    const taken = new Set<number>();
    while (taken.size < count) taken.add(Math.floor(nextUniform(random) * columns));
    for (const column of taken) {
      indices.push(column);
      values.push(uniform());
    }
    indptr[i + 1] = values.length;
  }
  return {
    indptr,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    rows,
    columns,
    y: Float64Array.from({ length: rows }, () => (nextUniform(random) < 0.5 ? 0 : 1)),
    sampleWeight: Float64Array.from({ length: rows }, () => nextUniform(random) * 3),
    theta: Float64Array.from({ length: columns + 1 }, uniform),
    v: Float64Array.from({ length: columns + 1 }, uniform),
  };
}

/** The problem's X written into createCsrMatrix's arrays, as a loader would. */
function filledMatrix(problem: SparseProblem, options: CreateCsrMatrixOptions = {}): CsrMatrix {
  const matrix = createCsrMatrix(problem.rows, problem.columns, problem.values.length, options);
  matrix.indptr.set(problem.indptr);
  matrix.indices.set(problem.indices);
  matrix.values.set(problem.values);
  return matrix;
}

function plainInput(problem: SparseProblem) {
  const { indptr, indices, values, rows, columns } = problem;
  return { indptr, indices, values, shape: [rows, columns] as const };
}

/** Everything an objective computes at the problem's θ, in bits. */
function bitsOfEverything(objective: LogisticObjective, problem: SparseProblem): string[] {
  const d = objective.dim;
  const theta = problem.theta.subarray(0, d);
  const grad = new Float64Array(d);
  const hv = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const batchGrad = new Float64Array(d);
  const rows = Int32Array.from({ length: 40 }, (_, k) => (k * 7) % problem.rows);
  const f = objective.valueAndGradient(theta, grad);
  objective.hessianVectorProduct(theta, problem.v.subarray(0, d), hv);
  objective.hessian(theta, hessian);
  const batchF = objective.valueAndGradientOnRows(theta, batchGrad, rows, 0, rows.length);
  const numbers = [f, objective.value(theta), batchF, objective.valueOnRows(theta, rows, 3, 30)];
  return [numbers, grad, hv, hessian, batchGrad].map(bitsOf);
}

describe("createCsrMatrix", () => {
  it("returns zero-filled arrays of the requested sizes", () => {
    const matrix = createCsrMatrix(5, 3, 7);
    expect([matrix.rows, matrix.columns, matrix.kind]).toEqual([5, 3, "csr"]);
    expect(Array.from(matrix.indptr)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(matrix.indices)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(matrix.values)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // No non-zeros at all is a valid (all-zero) X.
    const empty = createCsrMatrix(2, 2, 0);
    expect(testObjective({ X: empty, y: [0, 1] }).value(new Float64Array(3))).toBe(Math.LN2);
  });

  it("refuses a size that is not a non-negative integer (INVALID_SHAPE), an empty X (EMPTY_DATA) and bad threads", () => {
    const cases: [() => unknown, DescentErrorCode, RegExp][] = [
      [() => createCsrMatrix(-1, 2, 0), "INVALID_SHAPE", /rows must be a non-negative integer, got -1/],
      [() => createCsrMatrix(2, 1.5, 0), "INVALID_SHAPE", /columns must be a non-negative integer/],
      [() => createCsrMatrix(2, 2, Number.NaN), "INVALID_SHAPE", /nonZeros must be .* got NaN/],
      [() => createCsrMatrix(0, 2, 0), "EMPTY_DATA", /rows is 0/],
      [() => createCsrMatrix(2, 0, 0), "EMPTY_DATA", /columns is 0/],
      [() => createCsrMatrix(2, 2, 0, { threads: 0 }), "INVALID_OPTION", /threads must be/],
    ];
    for (const [action, code, message] of cases) {
      const error = caught(action);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
  });

  for (const backend of ["kernels", "typescript"] as const) {
    it.runIf(backend === "typescript" || hasWebAssemblySimd())(
      `${backend}: results equal those on the same X given as plain arrays, bit for bit`,
      () => {
        const problem = sparseProblem(203, 11, 3, 1);
        const matrix = filledMatrix(problem);
        for (const fitIntercept of [true, false]) {
          const common = { y: problem.y, l2: 0.01, fitIntercept, backend } as const;
          for (const weights of [{}, { sampleWeight: problem.sampleWeight }]) {
            const onMatrix = testObjective({ ...common, ...weights, X: matrix });
            const plain = testObjective({ ...common, ...weights, X: plainInput(problem) });
            expect(onMatrix.backend).toBe(backend);
            expect(bitsOfEverything(onMatrix, problem)).toEqual(bitsOfEverything(plain, problem));
          }
        }
      },
    );
  }

  it.runIf(hasWebAssemblySimd())(
    "the objective runs on the matrix's own arrays: kernel memory, not a copy",
    () => {
      const problem = sparseProblem(100, 9, 2, 2);
      const matrix = filledMatrix(problem);
      const objective = testObjective({ X: matrix, y: problem.y });
      expect(objective.backend).toBe("kernels");
      const used = objective.matrix as CsrMatrix;
      expect(used.values).toBe(matrix.values);
      expect(used.indices).toBe(matrix.indices);
      expect(used.indptr).toBe(matrix.indptr);
      // A plain input is copied into kernel memory instead: writing it after the build changes nothing.
      const plain = plainInput(problem);
      const copied = testObjective({ X: plain, y: problem.y });
      const copiedBefore = copied.value(problem.theta);
      plain.values[0] = plain.values[0]! + 1;
      expect(copied.value(problem.theta)).toBe(copiedBefore);
      plain.values[0] = plain.values[0]! - 1;
      // What a loader writes after the objective is built is what the next pass reads.
      const theta = problem.theta;
      const before = objective.value(theta);
      matrix.values[0] = matrix.values[0]! + 1;
      expect(objective.value(theta)).not.toBe(before);
    },
  );

  describe("a bad fill is refused when an objective is built, with the exact error of plain CSR input", () => {
    const cases: {
      what: string;
      spoil: (matrix: CsrMatrix) => void;
      code: DescentErrorCode;
      message: RegExp;
      location: { row?: number; column?: number; value?: unknown };
    }[] = [
      {
        what: "indptr not filled (ends at 0, not at the number of non-zeros)",
        spoil: (matrix) => matrix.indptr.fill(0),
        code: "INVALID_SPARSE_MATRIX",
        message: /indptr must start at 0 and end at the number of stored values \(\d+\), got 0 … 0/,
        location: {},
      },
      {
        what: "indptr not starting at 0",
        spoil: (matrix) => {
          matrix.indptr[0] = 1;
        },
        code: "INVALID_SPARSE_MATRIX",
        message: /indptr must start at 0/,
        location: {},
      },
      {
        what: "indptr decreasing at row 17",
        spoil: (matrix) => {
          matrix.indptr[18] = matrix.indptr[17]! - 1;
        },
        code: "INVALID_SPARSE_MATRIX",
        message: /indptr decreases at row 17/,
        location: { row: 17 },
      },
      {
        what: "a column index out of range in row 40",
        spoil: (matrix) => {
          matrix.indices[matrix.indptr[40]!] = 11;
        },
        code: "INVALID_SPARSE_MATRIX",
        message: /X row 40 has column index 11, outside \[0, 11\)/,
        location: { row: 40, value: 11 },
      },
      {
        what: "a negative column index in row 3",
        spoil: (matrix) => {
          matrix.indices[matrix.indptr[3]!] = -2;
        },
        code: "INVALID_SPARSE_MATRIX",
        message: /X row 3 has column index -2/,
        location: { row: 3, value: -2 },
      },
      {
        what: "a NaN value in row 60",
        spoil: (matrix) => {
          matrix.values[matrix.indptr[60]! + 1] = Number.NaN;
        },
        code: "NON_FINITE_VALUE",
        message: /X has a non-finite value at row 60, column \d+: NaN/,
        location: { row: 60, value: Number.NaN },
      },
      {
        what: "an infinite value in the last row",
        spoil: (matrix) => {
          matrix.values[matrix.values.length - 1] = Number.NEGATIVE_INFINITY;
        },
        code: "NON_FINITE_VALUE",
        message: /X has a non-finite value at row 99, column \d+: -Infinity/,
        location: { row: 99, value: Number.NEGATIVE_INFINITY },
      },
    ];
    // Every row of this problem holds at least two non-zeros, so that each spoiled entry exists.
    const problem = sparseProblem(100, 11, 0, 3);
    const dense = Array.from({ length: 100 }, (_, i) =>
      Array.from({ length: 11 }, (_, j) => (j % 5 === i % 5 || j === 10 ? (i + 1) * (j + 1) * 0.01 : 0)),
    );
    const full = csrOf(dense, problem);

    for (const { what, spoil, code, message, location } of cases) {
      it(what, () => {
        const matrix = filledMatrix(full);
        spoil(matrix);
        const plain = {
          indptr: Int32Array.from(matrix.indptr),
          indices: Int32Array.from(matrix.indices),
          values: Float64Array.from(matrix.values),
          shape: [matrix.rows, matrix.columns] as const,
        };
        for (const backend of ["kernels", "typescript"] as const) {
          const error = caught(() => testObjective({ X: matrix, y: full.y, backend }));
          expect(error.code).toBe(code);
          expect(error.message).toMatch(message);
          expect({ row: error.row, column: error.column, value: error.value }).toMatchObject(location);
          // Exactly the refusal that the same arrays get as plain CSR input.
          const plainError = caught(() => testObjective({ X: plain, y: full.y, backend }));
          expect([error.code, error.message, error.row, error.column]).toEqual([
            plainError.code,
            plainError.message,
            plainError.row,
            plainError.column,
          ]);
        }
        // And by LogisticRegression, whose fit builds an objective on it.
        const fitError = caught(() =>
          new LogisticRegression({ optimizer: gradientDescent(), maxIter: 1 }).fit(
            matrix,
            Array.from(full.y),
          ),
        );
        expect(fitError.code).toBe(code);
      });
    }

    it("checks each time an objective is built, as the loader may have written since", () => {
      const matrix = filledMatrix(full);
      testObjective({ X: matrix, y: full.y });
      matrix.values[5] = Number.POSITIVE_INFINITY;
      expect(caught(() => testObjective({ X: matrix, y: full.y })).code).toBe("NON_FINITE_VALUE");
      matrix.values[5] = 1;
      matrix.indices[5] = 99;
      expect(caught(() => testObjective({ X: matrix, y: full.y })).code).toBe("INVALID_SPARSE_MATRIX");
    });
  });

  describe.runIf(hasWebAssemblySimd())(
    "written after the objective was built, a bad index or row end never reaches kernel memory",
    () => {
      const problem = sparseProblem(300, 8, 3, 9);
      const cases = [
        { what: "a column index past X", write: (m: CsrMatrix) => (m.indices[m.indptr[7]!] = 99_999) },
        { what: "a negative column index", write: (m: CsrMatrix) => (m.indices[m.indptr[7]!] = -3) },
        { what: "a row end past the stored values", write: (m: CsrMatrix) => (m.indptr[8] = 2 ** 30) },
      ];
      for (const threads of [1, 2]) {
        for (const { what, write } of cases) {
          it(`${what}, on ${threads} thread${threads > 1 ? "s" : ""}: the objective computes on the structure it checked, bit for bit; a new one refuses it`, () => {
            const pool = threads > 1 ? createThreadPool({ threads }) : undefined;
            try {
              // Laid out for the pool, so that the threaded objective runs on the loader's arrays, not a copy.
              const matrix = filledMatrix(problem, pool === undefined ? {} : { threads: pool });
              const options = {
                X: matrix,
                y: problem.y,
                sampleWeight: problem.sampleWeight,
                ...(pool === undefined ? {} : { threads: pool, threadedMinimumEntries: 0 }),
              };
              const objective = testObjective(options);
              const before = bitsOfEverything(objective, problem);
              write(matrix);
              // Every pass (values, gradients, products, the Hessian, minibatch rows) as before the write: the
              // kernels read the private copy of the structure, so nothing outside X, θ and the buffers moved.
              expect(bitsOfEverything(objective, problem)).toEqual(before);
              const error = caught(() => testObjective(options));
              expect(error.code).toBe("INVALID_SPARSE_MATRIX");
            } finally {
              pool?.close();
            }
          });
        }
      }
    },
  );

  it("LogisticRegression fits on it as on the same plain CSR input, bit for bit", () => {
    const problem = sparseProblem(300, 8, 3, 4);
    const labels = Array.from(problem.y, (y) => (y === 1 ? "yes" : "no"));
    const fit = (X: CsrMatrix | ReturnType<typeof plainInput>) =>
      new LogisticRegression({ optimizer: gradientDescent(), maxIter: 30, tol: 0 }).fit(X, labels);
    const onMatrix = fit(filledMatrix(problem));
    const plain = fit(plainInput(problem));
    expect(onMatrix.coef).toEqual(plain.coef);
    expect(onMatrix.intercept).toEqual(plain.intercept);
  });
});

function gradientDescent() {
  return gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(0.5)), {});
}

/** The non-zeros of `rows` as the CSR arrays of a problem (y and the rest from `problem`). */
function csrOf(rows: number[][], problem: SparseProblem): SparseProblem {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    row.forEach((value, column) => {
      if (value !== 0) {
        indices.push(column);
        values.push(value);
      }
    });
    indptr.push(values.length);
  }
  return {
    ...problem,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    rows: rows.length,
    columns: rows[0]!.length,
  };
}
