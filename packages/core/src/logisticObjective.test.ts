import { referenceProblems } from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkGradient, checkHessian, checkHessianVectorProduct } from "./finiteDifferences.js";
import { logisticObjective } from "./logisticObjective.js";
import type { CsrMatrixInput } from "./matrix.js";

describe("logisticObjective at scikit-learn's optima", () => {
  for (const problem of referenceProblems()) {
    it(`${problem.label}: f matches to 1e-12 relative and ‖∇f‖∞ ≤ 1e-8`, () => {
      const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
      const grad = new Float64Array(objective.dim);
      const f = objective.valueAndGradient(problem.theta, grad);
      expect(Math.abs(f - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-12);
      expect(
        Math.abs(objective.value(problem.theta) - problem.optimum.f) / problem.optimum.f,
      ).toBeLessThanOrEqual(1e-12);
      expect(Math.max(...grad.map(Math.abs))).toBeLessThanOrEqual(1e-8);
    });
  }
});

/** A random problem: dense rows with about a third of the entries zero, so its CSR form is genuinely sparse. */
const problemArbitrary = fc
  .record({ rows: fc.integer({ min: 1, max: 12 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      X: fc.array(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true })), {
          minLength: columns,
          maxLength: columns,
        }),
        { minLength: rows, maxLength: rows },
      ),
      y: fc.array(fc.constantFrom(0, 1), { minLength: rows, maxLength: rows }),
      theta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: columns + 1,
        maxLength: columns + 1,
      }),
      weights: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: rows, maxLength: rows }),
      l2: fc.double({ min: 0, max: 1, noNaN: true }),
      fitIntercept: fc.boolean(),
    }),
  );

function toCsr(X: number[][]): CsrMatrixInput {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of X) {
    row.forEach((value, column) => {
      if (value !== 0) {
        indices.push(column);
        values.push(value);
      }
    });
    indptr.push(values.length);
  }
  return { indptr, indices, values, shape: [X.length, X[0]!.length] };
}

// Central differences with h = 1e-6 (gradient) and 1e-5 (Hessian) on f of order 1: truncation O(h²) and
// rounding O(1e-16/h) both stay below 1e-7, while a wrong term would be off by O(1).
const FD_TOLERANCE = 1e-7;

describe("derivatives against central finite differences", () => {
  it("dense and sparse, weighted or not: gradient, Hessian and Hessian-vector product", () => {
    fc.assert(
      fc.property(problemArbitrary, fc.boolean(), (p, weighted) => {
        const theta = Float64Array.from(p.fitIntercept ? p.theta : p.theta.slice(0, -1));
        const v = theta.map((t, j) => Math.cos(j + t));
        for (const X of [p.X, toCsr(p.X)]) {
          const objective = logisticObjective({
            X,
            y: p.y,
            l2: p.l2,
            fitIntercept: p.fitIntercept,
            ...(weighted ? { sampleWeight: p.weights } : {}),
          });
          expect(checkGradient(objective, theta).maxError).toBeLessThan(FD_TOLERANCE);
          expect(checkHessian(objective, theta).maxError).toBeLessThan(FD_TOLERANCE);
          expect(checkHessianVectorProduct(objective, theta, v).maxError).toBeLessThan(FD_TOLERANCE);
        }
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it("the Hessian-vector product equals the Hessian times the vector", () => {
    const problem = referenceProblems()[1]!;
    const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
    const d = objective.dim;
    const H = new Float64Array(d * d);
    objective.hessian(problem.theta, H);
    const v = Float64Array.from({ length: d }, (_, j) => Math.sin(j + 1));
    const product = new Float64Array(d);
    objective.hessianVectorProduct(problem.theta, v, product);
    for (let j = 0; j < d; j++) {
      let expected = 0;
      for (let k = 0; k < d; k++) expected += H[j * d + k]! * v[k]!;
      // Two summation orders of the same 569-term sums: rounding differences of order 1e-15 · Σ|terms|.
      expect(product[j]).toBeCloseTo(expected, 12);
    }
  });
});

describe("dense and sparse input", () => {
  it("give the same f and ∇f", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const theta = Float64Array.from(p.fitIntercept ? p.theta : p.theta.slice(0, -1));
        const dense = logisticObjective({ X: p.X, y: p.y, l2: p.l2, fitIntercept: p.fitIntercept });
        const flat = logisticObjective({
          X: { data: Float64Array.from(p.X.flat()), shape: [p.X.length, p.X[0]!.length] },
          y: p.y,
          l2: p.l2,
          fitIntercept: p.fitIntercept,
        });
        const sparse = logisticObjective({ X: toCsr(p.X), y: p.y, l2: p.l2, fitIntercept: p.fitIntercept });
        const g1 = new Float64Array(theta.length);
        const g2 = new Float64Array(theta.length);
        const g3 = new Float64Array(theta.length);
        const f1 = dense.valueAndGradient(theta, g1);
        const f2 = flat.valueAndGradient(theta, g2);
        const f3 = sparse.valueAndGradient(theta, g3);
        expect(f2).toBe(f1);
        expect(g2).toEqual(g1);
        // Sparse skips the zero products, which changes nothing but the order of additions of exact zeros.
        expect(Math.abs(f3 - f1)).toBeLessThanOrEqual(1e-14 * Math.max(1, f1));
        for (let j = 0; j < theta.length; j++) expect(Math.abs(g3[j]! - g1[j]!)).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe("numerical stability at extreme logits", () => {
  // One example with x = 1 and θ = [w]: the logit is w. Exact values: for z = −1000 and y = 1 the loss is
  // log(1 + e^1000) = 1000 + log1p(e^-1000) = 1000 to double precision; for y = 0 it is log1p(e^-1000) = 0
  // to double precision (e^-1000 underflows), and the gradient σ(z) − y is 1 − 1 = 0 or −1 exactly.
  it.each([
    { z: -1000, y: 1, f: 1000, g: -1 },
    { z: -1000, y: 0, f: 0, g: 0 },
    { z: 1000, y: 0, f: 1000, g: 1 },
    { z: 1000, y: 1, f: 0, g: 0 },
    { z: 40, y: 1, f: Math.exp(-40), g: -Math.exp(-40) / (1 + Math.exp(-40)) },
    { z: -40, y: 0, f: Math.exp(-40), g: Math.exp(-40) / (1 + Math.exp(-40)) },
  ])("logit $z, label $y: f = $f, ∇f = $g", ({ z, y, f, g }) => {
    const objective = logisticObjective({ X: [[1]], y: [y], fitIntercept: false });
    const grad = new Float64Array(1);
    const value = objective.valueAndGradient(Float64Array.of(z), grad);
    expect(value).toBe(objective.value(Float64Array.of(z)));
    // Exact to rounding: within 2 ulp of the true value.
    expect(Math.abs(value - f)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(f));
    expect(Math.abs(grad[0]! - g)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(g));
    const hessian = new Float64Array(1);
    objective.hessian(Float64Array.of(z), hessian);
    expect(Number.isFinite(hessian[0])).toBe(true);
  });
});

describe("minibatches and sample weights", () => {
  const problem = referenceProblems()[0]!;
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  const m = objective.examples;

  it("evaluating on all rows, in any order, equals the full objective", () => {
    const rows = Int32Array.from({ length: m }, (_, i) => m - 1 - i);
    const full = new Float64Array(objective.dim);
    const batch = new Float64Array(objective.dim);
    const f = objective.valueAndGradient(problem.theta, full);
    const fb = objective.valueAndGradientOnRows(problem.theta, batch, rows, 0, m);
    // The same terms summed in reverse order.
    expect(Math.abs(fb - f)).toBeLessThanOrEqual(1e-14);
    for (let j = 0; j < objective.dim; j++) expect(Math.abs(batch[j]! - full[j]!)).toBeLessThanOrEqual(1e-14);
    expect(objective.valueOnRows(problem.theta, rows, 0, m)).toBeCloseTo(f, 14);
  });

  it("a minibatch is the mean over its rows plus the full penalty", () => {
    const rows = Int32Array.of(5, 17, 3);
    const single = (i: number) =>
      logisticObjective({
        X: [Array.from(problem.X.data.subarray(i * 30, i * 30 + 30))],
        y: [problem.y[i]!],
        l2: problem.l2,
      });
    const expected =
      (single(5).value(problem.theta) + single(17).value(problem.theta) + single(3).value(problem.theta)) / 3;
    expect(objective.valueOnRows(problem.theta, rows, 0, 3)).toBeCloseTo(expected, 14);
  });

  it("integer weights equal repeated rows", () => {
    const X = [
      [1, 2],
      [-1, 0.5],
      [0.3, -2],
    ];
    const y = [1, 0, 0];
    const theta = Float64Array.of(0.2, -0.4, 0.1);
    const weighted = logisticObjective({ X, y, l2: 0.1, sampleWeight: [2, 1, 3] });
    const repeated = logisticObjective({
      X: [X[0]!, X[0]!, X[1]!, X[2]!, X[2]!, X[2]!],
      y: [1, 1, 0, 0, 0, 0],
      l2: 0.1,
    });
    const g1 = new Float64Array(3);
    const g2 = new Float64Array(3);
    expect(weighted.valueAndGradient(theta, g1)).toBeCloseTo(repeated.valueAndGradient(theta, g2), 14);
    for (let j = 0; j < 3; j++) expect(g1[j]).toBeCloseTo(g2[j]!, 14);
  });
});
