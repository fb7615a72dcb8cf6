import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { logisticObjective } from "./logisticObjective.js";
import { MAXIMUM_COLUMNS, MAXIMUM_ROWS } from "./matrix.js";

// Issue 13: what typed arrays would silently coerce, and sizes beyond what descent can hold.
describe("values that a typed array would coerce are refused where they are", () => {
  const shape = [2, 2] as const;
  it.each([
    ["1.5", [0, 1.5, 2]],
    ["2^32 + 1", [0, 2 ** 32 + 1, 2]],
    ["null", [0, null, 2]],
  ])("a CSR row pointer of %s: INVALID_SPARSE_MATRIX naming it", (shown, indptr) => {
    const error = caught(() =>
      logisticObjective({
        X: { indptr: indptr as number[], indices: [0, 1], values: [1, 2], shape },
        y: [0, 1],
      }),
    );
    expect(error.code).toBe("INVALID_SPARSE_MATRIX");
    expect(error.message).toContain(`X.indptr[1] is ${shown === "2^32 + 1" ? 2 ** 32 + 1 : shown}`);
  });

  it("a null CSR value, and a null or string entry of dense data: NON_FINITE_VALUE with row and column", () => {
    const sparse = caught(() =>
      logisticObjective({
        X: { indptr: [0, 1, 2], indices: [0, 1], values: [1, null as unknown as number], shape },
        y: [0, 1],
      }),
    );
    expect(sparse).toMatchObject({ code: "NON_FINITE_VALUE", row: 1, column: 1, value: null });
    for (const bad of [null, "1"]) {
      const dense = caught(() =>
        logisticObjective({ X: { data: [1, 2, bad as unknown as number, 4], shape }, y: [0, 1] }),
      );
      expect(dense).toMatchObject({ code: "NON_FINITE_VALUE", row: 1, column: 0, value: bad });
      expect(dense.message).toContain("a value that is not a number");
    }
  });
});

describe("sizes have bounds, named in the refusal", () => {
  it(`more than ${MAXIMUM_COLUMNS} columns (sparse X of shape [4, 2^31], say) is INVALID_SHAPE, before anything is allocated`, () => {
    const error = caught(() =>
      logisticObjective({
        X: { indptr: [0, 0, 0, 0, 0], indices: [], values: [], shape: [4, 2 ** 31] },
        y: [0, 1, 0, 1],
      }),
    );
    expect(error.code).toBe("INVALID_SHAPE");
    expect(error.message).toContain(`at most ${MAXIMUM_COLUMNS}`);
  });

  it(`more than ${MAXIMUM_ROWS} rows is INVALID_SHAPE`, () => {
    const error = caught(() => logisticObjective({ X: { data: [], shape: [2 ** 31, 1] }, y: [] }));
    expect(error.code).toBe("INVALID_SHAPE");
    expect(error.message).toContain(`at most ${MAXIMUM_ROWS}`);
  });
});
