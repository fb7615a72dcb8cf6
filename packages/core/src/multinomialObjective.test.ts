import { multinomialReferenceProblems } from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import type { MultinomialProblem, ObjectiveBackend } from "./backend.js";
import { checkGradient, checkHessian, checkHessianVectorProduct } from "./finiteDifferences.js";
import { logisticObjective } from "./logisticObjective.js";
import { LogisticRegression } from "./logisticRegression.js";
import type { CsrMatrixInput } from "./matrix.js";
import { multinomialObjective, referenceMultinomialObjective } from "./multinomialObjective.js";
import { constantSchedule } from "./schedules.js";
import { gradientTransformationOptimizer, scaleByLearningRate } from "./transforms.js";

/** A random problem: K classes, dense rows with about a third of the entries zero (so CSR is sparse). */
const problemArbitrary = fc
  .record({
    rows: fc.integer({ min: 1, max: 10 }),
    columns: fc.integer({ min: 1, max: 5 }),
    classes: fc.integer({ min: 2, max: 4 }),
    fitIntercept: fc.boolean(),
  })
  .chain(({ rows, columns, classes, fitIntercept }) =>
    fc.record({
      classes: fc.constant(classes),
      fitIntercept: fc.constant(fitIntercept),
      X: fc.array(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true })), {
          minLength: columns,
          maxLength: columns,
        }),
        { minLength: rows, maxLength: rows },
      ),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
      theta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: classes * (columns + (fitIntercept ? 1 : 0)),
        maxLength: classes * (columns + (fitIntercept ? 1 : 0)),
      }),
      weights: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: rows, maxLength: rows }),
      l2: fc.double({ min: 0, max: 1, noNaN: true }),
      weighted: fc.boolean(),
    }),
  );

type Problem = typeof problemArbitrary extends fc.Arbitrary<infer P> ? P : never;

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

function objectiveFor(p: Problem, X: number[][] | CsrMatrixInput) {
  return multinomialObjective({
    X,
    y: p.y,
    classes: p.classes,
    l2: p.l2,
    fitIntercept: p.fitIntercept,
    ...(p.weighted ? { sampleWeight: p.weights } : {}),
  });
}

// Central differences with h = 1e-6 (gradient) and 1e-5 (Hessian) on f of order 1: truncation O(h²) and
// rounding O(1e-16/h) both stay below 1e-7, while a wrong term would be off by O(1e-2) or more.
const FD_TOLERANCE = 1e-7;

describe("multinomialObjective: derivatives against central finite differences", () => {
  it("dense and sparse, weighted or not, with or without intercepts: gradient, Hessian, Hessian-vector product", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const theta = Float64Array.from(p.theta);
        const v = theta.map((t, j) => Math.cos(j + t));
        for (const X of [p.X, toCsr(p.X)]) {
          const objective = objectiveFor(p, X);
          expect(objective.dim).toBe(theta.length);
          expect(checkGradient(objective, theta).maxError).toBeLessThan(FD_TOLERANCE);
          expect(checkHessian(objective, theta).maxError).toBeLessThan(FD_TOLERANCE);
          expect(checkHessianVectorProduct(objective, theta, v).maxError).toBeLessThan(FD_TOLERANCE);
        }
      }),
      { numRuns: 60, seed: 20261204 },
    );
  });

  it("the Hessian is symmetric, its product with v is the Hessian-vector product, and (0, 1_K) is in its null space", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const objective = objectiveFor(p, p.X);
        const d = objective.dim;
        const theta = Float64Array.from(p.theta);
        const H = new Float64Array(d * d);
        objective.hessian(theta, H);
        const v = theta.map((t, j) => Math.sin(2 * j + t));
        const product = new Float64Array(d);
        objective.hessianVectorProduct(theta, v, product);
        let scale = 1;
        for (let j = 0; j < d * d; j++) scale = Math.max(scale, Math.abs(H[j]!));
        for (let r = 0; r < d; r++) {
          let expected = 0;
          for (let c = 0; c < d; c++) {
            expect(H[r * d + c]).toBe(H[c * d + r]);
            expected += H[r * d + c]! * v[c]!;
          }
          // The same sums in two orders: rounding of order 1e-15 of their terms' size.
          expect(Math.abs(product[r]! - expected)).toBeLessThanOrEqual(1e-13 * scale * d);
        }
        if (p.fitIntercept) {
          const shift = new Float64Array(d);
          shift.fill(1, p.classes * p.X[0]!.length);
          objective.hessianVectorProduct(theta, shift, product);
          for (let j = 0; j < d; j++) expect(Math.abs(product[j]!)).toBeLessThanOrEqual(1e-15 * scale);
        }
      }),
      { numRuns: 40, seed: 4 },
    );
  });
});

describe("multinomialObjective: dense and sparse input", () => {
  it("give the same f, ∇f, ∇²f v and ∇²f to 1e-14", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const theta = Float64Array.from(p.theta);
        const dense = objectiveFor(p, p.X);
        const sparse = objectiveFor(p, toCsr(p.X));
        const d = dense.dim;
        const g1 = new Float64Array(d);
        const g2 = new Float64Array(d);
        const f1 = dense.valueAndGradient(theta, g1);
        const f2 = sparse.valueAndGradient(theta, g2);
        // Sparse skips the zero products, which changes nothing but the order of additions of exact zeros.
        expect(Math.abs(f2 - f1)).toBeLessThanOrEqual(1e-14 * Math.max(1, f1));
        const v = theta.map((t, j) => Math.cos(j - t));
        const hv1 = new Float64Array(d);
        const hv2 = new Float64Array(d);
        dense.hessianVectorProduct(theta, v, hv1);
        sparse.hessianVectorProduct(theta, v, hv2);
        const h1 = new Float64Array(d * d);
        const h2 = new Float64Array(d * d);
        dense.hessian(theta, h1);
        sparse.hessian(theta, h2);
        for (let j = 0; j < d; j++) {
          expect(Math.abs(g2[j]! - g1[j]!)).toBeLessThanOrEqual(1e-14);
          expect(Math.abs(hv2[j]! - hv1[j]!)).toBeLessThanOrEqual(1e-14);
        }
        for (let j = 0; j < d * d; j++) expect(Math.abs(h2[j]! - h1[j]!)).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it("a CSR row that repeats or shuffles its columns means their sum, as dense", () => {
    const csr = { indptr: [0, 3, 4], indices: [1, 0, 1], values: [0.5, 2, 1.5, -1], shape: [2, 2] } as const;
    const fixed = {
      indptr: [0, 3, 4],
      indices: [1, 0, 1, 0],
      values: [0.5, 2, 1.5, -1],
      shape: [2, 2],
    } as const;
    const dense = [
      [2, 2],
      [-1, 0],
    ];
    const theta = Float64Array.from({ length: 9 }, (_, j) => Math.sin(j + 1));
    const a = multinomialObjective({ X: fixed, y: [2, 0], classes: 3, l2: 0.1 });
    const b = multinomialObjective({ X: dense, y: [2, 0], classes: 3, l2: 0.1 });
    expect(caught(() => multinomialObjective({ X: csr, y: [2, 0], classes: 3 })).code).toBe(
      "INVALID_SPARSE_MATRIX",
    );
    const ha = new Float64Array(81);
    const hb = new Float64Array(81);
    a.hessian(theta, ha);
    b.hessian(theta, hb);
    for (let j = 0; j < 81; j++) expect(ha[j]).toBeCloseTo(hb[j]!, 15);
    expect(a.value(theta)).toBeCloseTo(b.value(theta), 15);
  });
});

describe("multinomialObjective: two classes", () => {
  it("with w = w₁ − w₀ and b = b₁ − b₀ it is the binary logistic loss (softmax of two logits is σ of their difference)", () => {
    const X = [
      [1, 2],
      [-1, 0.5],
      [0.3, -2],
      [2, 1],
    ];
    const y = [1, 0, 0, 1];
    // W₀ = 0, b₀ = 0: the multinomial θ is [0, 0, w₁, w₂, 0, b]; the penalty then matches too.
    const multinomial = multinomialObjective({ X, y, classes: 2, l2: 0.3 });
    const binary = logisticObjective({ X, y, l2: 0.3 });
    const theta = Float64Array.of(0, 0, 0.7, -0.4, 0, 0.2);
    expect(multinomial.value(theta)).toBeCloseTo(binary.value(Float64Array.of(0.7, -0.4, 0.2)), 15);
  });
});

describe("multinomialObjective: extreme logits", () => {
  // One example with x = 1 and no intercept, so θ = W (K × 1) are the logits themselves.
  // logits [1000, −1000, 0]: logsumexp = 1000 + log1p(e^-2000 + e^-1000) = 1000 to double precision.
  it.each([
    { logits: [1000, -1000, 0], y: 0, f: 0, g: [0, 0, 0] },
    { logits: [1000, -1000, 0], y: 1, f: 2000, g: [1, -1, 0] },
    { logits: [1000, -1000, 0], y: 2, f: 1000, g: [1, 0, -1] },
    { logits: [-1000, -1000, 1000], y: 0, f: 2000, g: [-1, 0, 1] },
    { logits: [-1000, 1000, 1000], y: 1, f: Math.LN2, g: [0, -0.5, 0.5] },
    // A confidently right example keeps its tiny loss and residual to full relative precision.
    {
      logits: [40, 0, 0],
      y: 0,
      f: Math.log1p(2 * Math.exp(-40)),
      g: [
        (-2 * Math.exp(-40)) / (1 + 2 * Math.exp(-40)),
        Math.exp(-40) / (1 + 2 * Math.exp(-40)),
        Math.exp(-40) / (1 + 2 * Math.exp(-40)),
      ],
    },
  ])("logits $logits, class $y: f = $f, ∇f = $g", ({ logits, y, f, g }) => {
    const objective = multinomialObjective({ X: [[1]], y: [y], classes: 3, fitIntercept: false });
    const theta = Float64Array.from(logits);
    const grad = new Float64Array(3);
    const value = objective.valueAndGradient(theta, grad);
    expect(value).toBe(objective.value(theta));
    // Exact to rounding: within 2 ulp of the true value.
    expect(Math.abs(value - f)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(f));
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(grad[k]! - g[k]!)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(g[k]!));
    }
    const hessian = new Float64Array(9);
    objective.hessian(theta, hessian);
    const product = new Float64Array(3);
    objective.hessianVectorProduct(theta, Float64Array.of(1, 2, 3), product);
    for (const entry of [...hessian, ...product]) expect(Number.isFinite(entry)).toBe(true);
  });
});

describe("multinomialObjective: minibatches and weights", () => {
  const rows = 40;
  const X = Array.from({ length: rows }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7 - 0.5]);
  const y = Array.from({ length: rows }, (_, i) => i % 4);
  const objective = multinomialObjective({ X, y, classes: 4, l2: 0.05 });
  const theta = Float64Array.from({ length: objective.dim }, (_, j) => Math.sin(j) / 2);

  it("evaluating on all rows, in any order, equals the full objective", () => {
    const order = Int32Array.from({ length: rows }, (_, i) => rows - 1 - i);
    const full = new Float64Array(objective.dim);
    const batch = new Float64Array(objective.dim);
    const f = objective.valueAndGradient(theta, full);
    const fb = objective.valueAndGradientOnRows(theta, batch, order, 0, rows);
    // The same terms summed in reverse order.
    expect(Math.abs(fb - f)).toBeLessThanOrEqual(1e-14);
    for (let j = 0; j < objective.dim; j++) expect(Math.abs(batch[j]! - full[j]!)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(objective.valueOnRows(theta, order, 0, rows) - f)).toBeLessThanOrEqual(1e-14);
  });

  it("a minibatch is the mean over its rows plus the full penalty", () => {
    const batchRows = Int32Array.of(0, 5, 17, 3, 9);
    const single = (i: number) => multinomialObjective({ X: [X[i]!], y: [y[i]!], classes: 4, l2: 0.05 });
    const expected = (single(5).value(theta) + single(17).value(theta) + single(3).value(theta)) / 3;
    expect(objective.valueOnRows(theta, batchRows, 1, 4)).toBeCloseTo(expected, 14);
    const grad = new Float64Array(objective.dim);
    const expectedGrad = new Float64Array(objective.dim);
    const part = new Float64Array(objective.dim);
    for (const i of [5, 17, 3]) {
      single(i).valueAndGradient(theta, part);
      for (let j = 0; j < objective.dim; j++) expectedGrad[j]! += part[j]! / 3;
    }
    objective.valueAndGradientOnRows(theta, grad, batchRows, 1, 4);
    for (let j = 0; j < objective.dim; j++) expect(grad[j]).toBeCloseTo(expectedGrad[j]!, 14);
  });

  it("integer weights equal repeated rows", () => {
    const weighted = multinomialObjective({
      X: X.slice(0, 3),
      y: [0, 2, 1],
      classes: 3,
      l2: 0.1,
      sampleWeight: [2, 1, 3],
    });
    const repeated = multinomialObjective({
      X: [X[0]!, X[0]!, X[1]!, X[2]!, X[2]!, X[2]!],
      y: [0, 0, 2, 1, 1, 1],
      classes: 3,
      l2: 0.1,
    });
    const point = Float64Array.from({ length: weighted.dim }, (_, j) => Math.cos(j));
    const g1 = new Float64Array(weighted.dim);
    const g2 = new Float64Array(weighted.dim);
    expect(weighted.valueAndGradient(point, g1)).toBeCloseTo(repeated.valueAndGradient(point, g2), 14);
    for (let j = 0; j < weighted.dim; j++) expect(g1[j]).toBeCloseTo(g2[j]!, 14);
  });

  it("second-order products follow θ, however it changed since the last full pass", () => {
    const fresh = () => multinomialObjective({ X, y, classes: 4, l2: 0.05 });
    const v = theta.map((t) => Math.cos(3 * t));
    const expected = new Float64Array(objective.dim);
    fresh().hessianVectorProduct(theta, v, expected);
    const reused = fresh();
    const point = theta.slice();
    const grad = new Float64Array(objective.dim);
    reused.valueAndGradient(point, grad);
    point[3]! += 0.25; // the same buffer, changed in place
    reused.hessianVectorProduct(point, v, grad);
    const changed = new Float64Array(objective.dim);
    fresh().hessianVectorProduct(point, v, changed);
    expect(grad).toEqual(changed);
    reused.valueAndGradientOnRows(theta, grad, Int32Array.of(1, 2), 0, 2);
    reused.hessianVectorProduct(theta, v, grad);
    expect(grad).toEqual(expected);
    const H = new Float64Array(objective.dim ** 2);
    const freshH = new Float64Array(objective.dim ** 2);
    reused.hessian(point, H);
    fresh().hessian(point, freshH);
    expect(H).toEqual(freshH);
  });

  it("the intercepts' gradient sums to zero: f does not change when all of them shift together", () => {
    const grad = new Float64Array(objective.dim);
    objective.valueAndGradient(theta, grad);
    const interceptStart = 4 * 3;
    let sum = 0;
    for (let k = 0; k < 4; k++) sum += grad[interceptStart + k]!;
    expect(Math.abs(sum)).toBeLessThanOrEqual(1e-16);
    const shifted = theta.slice();
    for (let k = 0; k < 4; k++) shifted[interceptStart + k]! += 3;
    expect(objective.value(shifted)).toBeCloseTo(objective.value(theta), 14);
  });
});

describe("multinomialObjective: refuses bad input", () => {
  const X = [
    [1, 2],
    [3, 4],
  ];
  it.each([
    ["a class index of K", { X, y: [0, 3], classes: 3 }, "INVALID_LABEL", { row: 1, value: 3 }],
    ["a negative class index", { X, y: [-1, 0], classes: 3 }, "INVALID_LABEL", { row: 0, value: -1 }],
    ["a fractional class", { X, y: [0, 1.5], classes: 3 }, "INVALID_LABEL", { row: 1, value: 1.5 }],
    ["a NaN class", { X, y: [Number.NaN, 1], classes: 3 }, "INVALID_LABEL", { row: 0 }],
    ["one class", { X, y: [0, 0], classes: 1 }, "NOT_TWO_CLASSES", { value: 1 }],
    ["a fractional K", { X, y: [0, 0], classes: 2.5 }, "INVALID_OPTION", { value: 2.5 }],
    ["y of another length", { X, y: [0, 1, 2], classes: 3 }, "LENGTH_MISMATCH", {}],
    ["weights of another length", { X, y: [0, 1], classes: 3, sampleWeight: [1] }, "LENGTH_MISMATCH", {}],
    ["a negative l2", { X, y: [0, 1], classes: 3, l2: -1 }, "INVALID_OPTION", { value: -1 }],
    [
      "a non-finite X",
      {
        X: [
          [1, Number.NaN],
          [0, 0],
        ],
        y: [0, 1],
        classes: 3,
      },
      "NON_FINITE_VALUE",
      { row: 0, column: 1 },
    ],
  ] as const)("%s", (_, options, code, location) => {
    const error = caught(() => multinomialObjective(options as Parameters<typeof multinomialObjective>[0]));
    expect(error.code).toBe(code);
    expect(error).toMatchObject(location);
  });
});

describe("multinomialObjective at scikit-learn's optima", () => {
  for (const problem of multinomialReferenceProblems()) {
    it(`${problem.label}: f matches to 1e-13 relative and ‖∇f‖∞ ≤ 1e-14`, () => {
      const objective = multinomialObjective({
        X: problem.X,
        y: problem.y,
        classes: problem.classes.length,
        l2: problem.l2,
        ...(problem.sampleWeight === null ? {} : { sampleWeight: problem.sampleWeight }),
      });
      const grad = new Float64Array(objective.dim);
      const f = objective.valueAndGradient(problem.theta, grad);
      // The reference is polished to ‖∇f‖∞ ≤ 6e-16 in numpy; the two differ by summation order only.
      expect(Math.abs(f - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-13);
      expect(Math.max(...grad.map(Math.abs))).toBeLessThanOrEqual(1e-14);
    });
  }
});

describe("multinomialObjective: the backend option", () => {
  const X = [
    [1, 2],
    [0, -1],
    [3, 1],
  ];
  const y = [0, 2, 1];

  /** A backend that hands out the reference (tagged with its own name), or declines, and keeps the problem. */
  function recordingBackend(decline: boolean) {
    const seen: MultinomialProblem[] = [];
    const backend: ObjectiveBackend = {
      name: "recording",
      logisticObjective: () => undefined,
      multinomialObjective(problem) {
        seen.push(problem);
        if (decline) return undefined;
        return Object.assign(referenceMultinomialObjective(problem), { backend: "recording" });
      },
    };
    return { backend, seen };
  }

  it("runs on the backend with the checked problem (weights normalized, labels as Int32Array)", () => {
    const { backend, seen } = recordingBackend(false);
    const objective = multinomialObjective({ X, y, classes: 3, l2: 0.5, sampleWeight: [1, 2, 3], backend });
    expect(objective.backend).toBe("recording");
    expect(seen).toHaveLength(1);
    const problem = seen[0]!;
    expect(Array.from(problem.targets)).toEqual(y);
    expect(problem.classes).toBe(3);
    expect(Array.from(problem.weights!)).toEqual([0.5, 1, 1.5]);
    expect(problem.l2).toBe(0.5);
    expect(problem.fitIntercept).toBe(true);
  });

  it("runs on the reference where the backend declines or has no multinomial objective", () => {
    const { backend, seen } = recordingBackend(true);
    expect(multinomialObjective({ X, y, classes: 3, backend }).backend).toBe("typescript");
    expect(seen).toHaveLength(1);
    const binaryOnly: ObjectiveBackend = { name: "binary only", logisticObjective: () => undefined };
    expect(multinomialObjective({ X, y, classes: 3, backend: binaryOnly }).backend).toBe("typescript");
  });

  it("refuses a backend that is not an ObjectiveBackend", () => {
    const error = caught(() =>
      multinomialObjective({ X, y, classes: 3, backend: "kernels" as unknown as ObjectiveBackend }),
    );
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toContain("backend must be an ObjectiveBackend");
  });

  it("LogisticRegression sends K ≥ 3 through its backend, and two classes through logisticObjective", () => {
    const { backend, seen } = recordingBackend(false);
    const model = new LogisticRegression({
      optimizer: gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(0.5)), {
        learningRate: 0.5,
      }),
      maxIter: 3,
      backend,
    });
    model.fit(X, ["a", "c", "b"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.classes).toBe(3);
    model.fit(X, ["a", "b", "b"]);
    expect(seen).toHaveLength(1);
  });
});
