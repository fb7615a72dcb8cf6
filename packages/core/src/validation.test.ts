import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import type { DescentErrorCode } from "./errors.js";
import { logisticObjective } from "./logisticObjective.js";
import { LogisticRegression } from "./logisticRegression.js";
import { CsrMatrix, DenseMatrix, type MatrixInput } from "./matrix.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate } from "./transforms.js";

const gradientDescent = () =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(0.5)), {});

interface BadInput {
  readonly what: string;
  readonly X: MatrixInput;
  readonly y: readonly (number | string | boolean)[];
  readonly sampleWeight?: readonly number[];
  readonly code: DescentErrorCode;
  readonly message: RegExp;
  readonly row?: number;
  readonly column?: number;
}

const badInputs: BadInput[] = [
  { what: "an empty data set", X: [], y: [], code: "EMPTY_DATA", message: /X has no rows/ },
  { what: "rows without columns", X: [[], []], y: [0, 1], code: "EMPTY_DATA", message: /no columns/ },
  {
    what: "NaN in a row",
    X: [
      [1, 2],
      [3, Number.NaN],
    ],
    y: [0, 1],
    code: "NON_FINITE_VALUE",
    message: /row 1, column 1: NaN/,
    row: 1,
    column: 1,
  },
  {
    what: "Infinity in flat data",
    X: { data: Float64Array.of(1, 2, 3, Number.POSITIVE_INFINITY, 5, 6), shape: [3, 2] },
    y: [0, 1, 0],
    code: "NON_FINITE_VALUE",
    message: /row 1, column 1: Infinity/,
    row: 1,
    column: 1,
  },
  {
    what: "a string cell",
    X: [
      [1, 2],
      ["3" as unknown as number, 4],
    ],
    y: [0, 1],
    code: "NON_FINITE_VALUE",
    message: /row 1, column 0: "3"/,
    row: 1,
    column: 0,
  },
  {
    what: "NaN in a sparse matrix",
    X: { indptr: [0, 1, 2], indices: [0, 1], values: [1, Number.NaN], shape: [2, 2] },
    y: [0, 1],
    code: "NON_FINITE_VALUE",
    message: /row 1, column 1: NaN/,
    row: 1,
    column: 1,
  },
  {
    what: "ragged rows",
    X: [[1, 2], [3]],
    y: [0, 1],
    code: "RAGGED_ROWS",
    message: /row 1 has 1 columns, but row 0 has 2/,
    row: 1,
  },
  {
    what: "a shape that does not fit the data",
    X: { data: Float64Array.of(1, 2, 3), shape: [2, 2] },
    y: [0, 1],
    code: "LENGTH_MISMATCH",
    message: /3 values, but shape \[2, 2\] needs 4/,
  },
  {
    what: "a sparse column index out of range",
    X: { indptr: [0, 1, 2], indices: [0, 5], values: [1, 2], shape: [2, 2] },
    y: [0, 1],
    code: "INVALID_SPARSE_MATRIX",
    message: /row 1 has column index 5/,
    row: 1,
  },
  {
    what: "fewer labels than rows",
    X: [[1], [2], [3]],
    y: [0, 1],
    code: "LENGTH_MISMATCH",
    message: /y has 2 labels, but X has 3 rows/,
  },
  {
    what: "a single class",
    X: [[1], [2]],
    y: ["a", "a"],
    code: "NOT_TWO_CLASSES",
    message: /a single class \("a"\)/,
  },
  {
    what: "mixed label types",
    X: [[1], [2]],
    y: [0, "1"],
    code: "INVALID_LABEL",
    message: /y\[1\] is "1" \(a string\)/,
    row: 1,
  },
  {
    what: "a NaN label",
    X: [[1], [2]],
    y: [0, Number.NaN],
    code: "INVALID_LABEL",
    message: /y\[1\] is NaN/,
    row: 1,
  },
  {
    what: "a negative sample weight",
    X: [[1], [2]],
    y: [0, 1],
    sampleWeight: [1, -2],
    code: "INVALID_SAMPLE_WEIGHT",
    message: /sampleWeight\[1\] is -2/,
    row: 1,
  },
  {
    what: "a non-finite sample weight",
    X: [[1], [2]],
    y: [0, 1],
    sampleWeight: [Number.POSITIVE_INFINITY, 1],
    code: "INVALID_SAMPLE_WEIGHT",
    message: /sampleWeight\[0\] is Infinity/,
    row: 0,
  },
  {
    what: "sample weights that sum to 0",
    X: [[1], [2]],
    y: [0, 1],
    sampleWeight: [0, 0],
    code: "INVALID_SAMPLE_WEIGHT",
    message: /sums to 0/,
  },
  {
    what: "too few sample weights",
    X: [[1], [2]],
    y: [0, 1],
    sampleWeight: [1],
    code: "LENGTH_MISMATCH",
    message: /sampleWeight has 1 entries, but X has 2 rows/,
  },
];

describe("bad input is refused at the edge, naming what and where", () => {
  it.each(badInputs)("$what → $code", (bad) => {
    const model = new LogisticRegression({ optimizer: gradientDescent(), maxIter: 5 });
    const error = caught(() =>
      model.fit(bad.X, bad.y, bad.sampleWeight === undefined ? {} : { sampleWeight: bad.sampleWeight }),
    );
    expect(error.code).toBe(bad.code);
    expect(error.message).toMatch(bad.message);
    if (bad.row !== undefined) expect(error.row).toBe(bad.row);
    if (bad.column !== undefined) expect(error.column).toBe(bad.column);
  });

  it("the objective refuses targets other than 0 and 1, with the row", () => {
    const error = caught(() => logisticObjective({ X: [[1], [2]], y: [0, 2] }));
    expect(error.code).toBe("INVALID_LABEL");
    expect(error.row).toBe(1);
  });

  it("the objective refuses a negative l2", () => {
    expect(caught(() => logisticObjective({ X: [[1]], y: [0], l2: -1 })).code).toBe("INVALID_OPTION");
  });

  it("predicting with a different number of features", () => {
    const model = new LogisticRegression({ optimizer: gradientDescent(), maxIter: 5 }).fit(
      [
        [0, 1],
        [1, 0],
      ],
      [0, 1],
    );
    const error = caught(() => model.predict([[1, 2, 3]]));
    expect(error.code).toBe("FEATURE_COUNT_MISMATCH");
    expect(error.message).toBe("X has 3 features, but the model was fitted on 2.");
  });

  it("predicting before fitting", () => {
    const model = new LogisticRegression({ optimizer: gradientDescent() });
    expect(caught(() => model.predict([[1]])).code).toBe("NOT_FITTED");
  });

  it.each([
    [{ l2: -1 }, /l2 must be a finite number ≥ 0, got -1/],
    [{ maxIter: 1.5 }, /maxIter must be an integer ≥ 0, got 1.5/],
    [{ tol: Number.NaN }, /tol must be a finite number ≥ 0, got NaN/],
    [{ batchSize: 0 }, /batchSize must be an integer ≥ 1, got 0/],
  ])("estimator option %o is refused", (options, message) => {
    const error = caught(() => new LogisticRegression({ optimizer: gradientDescent(), ...options }));
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toMatch(message);
  });

  it("an estimator without an optimizer", () => {
    expect(caught(() => new LogisticRegression({} as never)).code).toBe("INVALID_OPTION");
  });
});

describe("matrices built by hand are checked too", () => {
  it("a DenseMatrix holding NaN is refused with its row and column", () => {
    const X = new DenseMatrix(Float64Array.of(1, 2, 3, Number.NaN), 2, 2);
    const error = caught(() => logisticObjective({ X, y: [0, 1] }));
    expect(error.code).toBe("NON_FINITE_VALUE");
    expect([error.row, error.column]).toEqual([1, 1]);
  });

  it("a DenseMatrix whose data do not hold rows × columns values is refused", () => {
    for (const length of [3, 5]) {
      const X = new DenseMatrix(new Float64Array(length), 2, 2);
      const error = caught(() => logisticObjective({ X, y: [0, 1] }));
      expect(error.code).toBe("LENGTH_MISMATCH");
      expect(error.message).toBe(`X.data has ${length} values, but shape [2, 2] needs 4.`);
    }
  });

  it("a matrix is checked each time it is passed, since its arrays may have been written since", () => {
    const X = new DenseMatrix(Float64Array.of(1, 2, 3, 4), 2, 2);
    logisticObjective({ X, y: [0, 1] });
    X.data[2] = Number.POSITIVE_INFINITY;
    expect(caught(() => logisticObjective({ X, y: [0, 1] }))).toMatchObject({
      code: "NON_FINITE_VALUE",
      row: 1,
      column: 0,
    });
  });

  it("the string backends of 0.1 are refused with what to pass instead", () => {
    for (const backend of ["js", "wasm", "auto"]) {
      const error = caught(() => logisticObjective({ X: [[1]], y: [0], backend: backend as never }));
      expect(error.code).toBe("INVALID_OPTION");
      expect(error.message).toMatch(/kernels\(\) from @descent\/kernels/);
    }
  });

  it("a CsrMatrix with a column index out of range is refused before any kernel reads it", () => {
    const X = new CsrMatrix(Int32Array.of(0, 1, 2), Int32Array.of(0, 7), Float64Array.of(1, 2), 2, 2);
    const error = caught(() => logisticObjective({ X, y: [0, 1] }));
    expect(error.code).toBe("INVALID_SPARSE_MATRIX");
    expect(error.row).toBe(1);
  });
});
