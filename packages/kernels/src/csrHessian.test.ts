import type { LogisticObjective } from "@descent/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "../test/agreement.js";
import { testObjective } from "../test/objectives.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

// The kernel and the TypeScript path add the same terms in the same order; they differ only in the
// curvatures D_i (the kernel's exp is within an ulp of Math.exp), so by rounding: about 1e-16 relative.
// 1e-12 leaves room for that and nothing more; a missing or doubled term is off by O(1/m).
const AGREEMENT = 1e-12;

function hessianOf(objective: LogisticObjective, theta: Float64Array): Float64Array {
  const out = new Float64Array(objective.dim * objective.dim).fill(Number.NaN);
  objective.hessian(theta, out);
  return out;
}

/**
 * Random CSR problems whose rows hold up to 12 entries at random columns, in random order, a column possibly
 * more than once (CSR allows it: the entries add up), with the same X dense, its repeats summed.
 */
const problemArbitrary = fc
  .record({ rows: fc.integer({ min: 1, max: 40 }), columns: fc.integer({ min: 1, max: 13 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      rows: fc.constant(rows),
      columns: fc.constant(columns),
      entries: fc.array(
        fc.array(
          fc.record({
            column: fc.nat({ max: columns - 1 }),
            value: fc.double({ min: -3, max: 3, noNaN: true }),
          }),
          { maxLength: 12 },
        ),
        { minLength: rows, maxLength: rows },
      ),
      y: fc.array(fc.constantFrom(0, 1), { minLength: rows, maxLength: rows }),
      theta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: columns + 1,
        maxLength: columns + 1,
      }),
      weights: fc.option(
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: rows, maxLength: rows }),
      ),
      l2: fc.double({ min: 0, max: 1, noNaN: true }),
      fitIntercept: fc.boolean(),
    }),
  );

type Problem = typeof problemArbitrary extends fc.Arbitrary<infer T> ? T : never;

function objectives(p: Problem) {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const dense = new Float64Array(p.rows * p.columns);
  p.entries.forEach((row, i) => {
    for (const { column, value } of row) {
      indices.push(column);
      values.push(value);
      dense[i * p.columns + column]! += value;
    }
    indptr.push(values.length);
  });
  const common = {
    y: p.y,
    l2: p.l2,
    fitIntercept: p.fitIntercept,
    ...(p.weights === null ? {} : { sampleWeight: p.weights }),
  };
  const csr = { indptr, indices, values, shape: [p.rows, p.columns] as const };
  return {
    csrWasm: testObjective({ ...common, X: csr, backend: "kernels" }),
    csrJs: testObjective({ ...common, X: csr, backend: "typescript" }),
    denseJs: testObjective({
      ...common,
      X: { data: dense, shape: [p.rows, p.columns] },
      backend: "typescript",
    }),
  };
}

describe.runIf(hasWebAssemblySimd())("the CSR Hessian kernel", () => {
  it("agrees to 1e-12 with the TypeScript path and with the Hessian of the same X dense, repeats summed", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const { csrWasm, csrJs, denseJs } = objectives(p);
        const theta = Float64Array.from(p.fitIntercept ? p.theta : p.theta.slice(0, -1));
        const kernel = hessianOf(csrWasm, theta);
        expectClose(kernel, hessianOf(csrJs, theta), AGREEMENT);
        expectClose(kernel, hessianOf(denseJs, theta), AGREEMENT);
        expectClose(hessianOf(csrJs, theta), hessianOf(denseJs, theta), AGREEMENT);
        // Symmetric (the caller mirrors the upper triangle), and the same on a second call.
        const dim = csrWasm.dim;
        for (let j = 0; j < dim; j++) {
          for (let k = 0; k < j; k++) expect(kernel[j * dim + k]).toBe(kernel[k * dim + j]);
        }
        expect(Array.from(hessianOf(csrWasm, theta))).toEqual(Array.from(kernel));
      }),
      { numRuns: 200, seed: 20260807 },
    );
  });

  it("gives a repeated column its full square: (a + b)² for a row holding a and b at one column", () => {
    // One row, one column, stored as two entries 2 and 3: x = 5. At θ = 0, D = σ(0)σ(0) = 1/4, so
    // H = [[x² D, x D], [x D, D]] = [[25/4, 5/4], [5/4, 1/4]], exact in binary.
    const X = { indptr: [0, 2], indices: [0, 0], values: [2, 3], shape: [1, 1] as const };
    for (const backend of ["kernels", "typescript"] as const) {
      const objective = testObjective({ X, y: [1], backend });
      expect(Array.from(hessianOf(objective, new Float64Array(2)))).toEqual([25 / 4, 5 / 4, 5 / 4, 1 / 4]);
    }
  });
});
