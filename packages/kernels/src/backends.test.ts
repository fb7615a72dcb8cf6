import {
  isDescentError,
  type LogisticObjective,
  type LogisticObjectiveOptions,
  logisticObjective,
} from "@descent/core";
import { referenceProblems } from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bitsOf, expectClose } from "../test/agreement.js";
import { type TestObjectiveOptions, testObjective } from "../test/objectives.js";
import { createCsrMatrix } from "./csrStorage.js";
import { createDenseMatrix } from "./denseStorage.js";
import { createKernelArena, KERNEL_HESSIAN_LIMIT_BYTES, kernelLayout } from "./kernelMemory.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

// The two paths sum in different orders (the kernels in blocks of 8 rows and in pairs of columns) and the
// kernels' exp is within an ulp of Math.exp, so they differ by rounding: about 1e-16 relative on these
// problems. 1e-12 leaves room for sums of a few hundred terms and nothing more; a wrong term is off by O(1).
const AGREEMENT = 1e-12;

function expectCloseValue(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(AGREEMENT * Math.abs(a));
}

/** Everything one objective computes at θ: f, ∇f, Hv, H and the minibatch forms on `rows`. */
function evaluate(objective: LogisticObjective, theta: Float64Array, v: Float64Array, rows: Int32Array) {
  const d = objective.dim;
  const grad = new Float64Array(d);
  const f = objective.valueAndGradient(theta, grad);
  const hv = new Float64Array(d);
  objective.hessianVectorProduct(theta, v, hv);
  const hessian = new Float64Array(d * d);
  objective.hessian(theta, hessian);
  const batchGrad = new Float64Array(d);
  const batchF = objective.valueAndGradientOnRows(theta, batchGrad, rows, 1, rows.length);
  return {
    f,
    value: objective.value(theta),
    grad,
    hv,
    hessian,
    batchF,
    batchValue: objective.valueOnRows(theta, rows, 1, rows.length),
    batchGrad,
  };
}

/** Random dense problems: sizes that leave every remainder of the 8-row blocks and both column parities. */
const problemArbitrary = fc
  .record({ rows: fc.integer({ min: 1, max: 40 }), columns: fc.integer({ min: 1, max: 13 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      rows: fc.constant(rows),
      columns: fc.constant(columns),
      X: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
        minLength: rows * columns,
        maxLength: rows * columns,
      }),
      y: fc.array(fc.constantFrom(0, 1), { minLength: rows, maxLength: rows }),
      theta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: columns + 1,
        maxLength: columns + 1,
      }),
      weights: fc.option(
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: rows, maxLength: rows }),
      ),
      batch: fc.array(fc.nat({ max: rows - 1 }), { minLength: 2, maxLength: 30 }),
      l2: fc.double({ min: 0, max: 1, noNaN: true }),
      fitIntercept: fc.boolean(),
    }),
  );

type Problem = typeof problemArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The same problems with about half of X zero, for the CSR kernels. */
const sparseProblemArbitrary = problemArbitrary.chain((p) =>
  fc
    .array(fc.boolean(), { minLength: p.X.length, maxLength: p.X.length })
    .map((zeros) => ({ ...p, X: p.X.map((x, k) => (zeros[k] ? 0 : x)) })),
);

/** X of a problem in CSR form (its non-zeros, row by row, in column order). */
function csrOptions(p: Problem): LogisticObjectiveOptions {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.columns; j++) {
      const value = p.X[i * p.columns + j]!;
      if (value !== 0) {
        indices.push(j);
        values.push(value);
      }
    }
    indptr.push(values.length);
  }
  return { ...options(p), X: { indptr, indices, values, shape: [p.rows, p.columns] } };
}

function options(p: Problem): LogisticObjectiveOptions {
  return {
    X: { data: Float64Array.from(p.X), shape: [p.rows, p.columns] },
    y: p.y,
    l2: p.l2,
    fitIntercept: p.fitIntercept,
    ...(p.weights === null ? {} : { sampleWeight: p.weights }),
  };
}

function point(p: Problem) {
  const theta = Float64Array.from(p.fitIntercept ? p.theta : p.theta.slice(0, -1));
  return { theta, v: theta.map((t, j) => Math.cos(j + t)), rows: Int32Array.from(p.batch) };
}

describe.runIf(hasWebAssemblySimd())("the WebAssembly kernels against the TypeScript reference", () => {
  it('"auto" picks the kernels, for dense and sparse X alike', () => {
    expect(testObjective({ X: [[1], [2]], y: [0, 1] }).backend).toBe("kernels");
    const sparse = { indptr: [0, 1, 1], indices: [0], values: [1], shape: [2, 1] as const };
    expect(testObjective({ X: sparse, y: [0, 1] }).backend).toBe("kernels");
    expect(testObjective({ X: [[1], [2]], y: [0, 1], backend: "typescript" }).backend).toBe("typescript");
    expect(testObjective({ X: sparse, y: [0, 1], backend: "typescript" }).backend).toBe("typescript");
  });

  it("agree to 1e-12 on f, ∇f, Hv, H and the minibatch forms, with and without intercept and weights", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const { theta, v, rows } = point(p);
        const js = evaluate(testObjective({ ...options(p), backend: "typescript" }), theta, v, rows);
        const wasm = evaluate(testObjective({ ...options(p), backend: "kernels" }), theta, v, rows);
        expectCloseValue(js.f, wasm.f);
        expectCloseValue(js.value, wasm.value);
        expectCloseValue(js.batchF, wasm.batchF);
        expectCloseValue(js.batchValue, wasm.batchValue);
        expectClose(wasm.grad, js.grad, AGREEMENT);
        expectClose(wasm.batchGrad, js.batchGrad, AGREEMENT);
        expectClose(wasm.hv, js.hv, AGREEMENT);
        expectClose(wasm.hessian, js.hessian, AGREEMENT);
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it("agree to 1e-12 on sparse (CSR) X as well, and the CSR kernels agree with the dense ones", () => {
    fc.assert(
      fc.property(sparseProblemArbitrary, (p) => {
        const { theta, v, rows } = point(p);
        const js = evaluate(testObjective({ ...csrOptions(p), backend: "typescript" }), theta, v, rows);
        const sparse = testObjective({ ...csrOptions(p), backend: "kernels" });
        expect(sparse.matrix.kind).toBe("csr");
        const wasm = evaluate(sparse, theta, v, rows);
        const dense = evaluate(testObjective({ ...options(p), backend: "kernels" }), theta, v, rows);
        for (const other of [wasm, dense]) {
          expectCloseValue(js.f, other.f);
          expectCloseValue(js.value, other.value);
          expectCloseValue(js.batchF, other.batchF);
          expectCloseValue(js.batchValue, other.batchValue);
          expectClose(other.grad, js.grad, AGREEMENT);
          expectClose(other.batchGrad, js.batchGrad, AGREEMENT);
          expectClose(other.hv, js.hv, AGREEMENT);
          expectClose(other.hessian, js.hessian, AGREEMENT);
        }
        const again = evaluate(sparse, theta, v, rows);
        for (const key of Object.keys(wasm) as (keyof typeof wasm)[]) {
          expect(bitsOf(again[key])).toBe(bitsOf(wasm[key]));
        }
      }),
      { numRuns: 150, seed: 1126 },
    );
  });

  it("each repeat bit for bit, across calls and across objectives built from the same data", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const { theta, v, rows } = point(p);
        for (const backend of ["typescript", "kernels"] as const) {
          const objective = testObjective({ ...options(p), backend });
          const first = evaluate(objective, theta, v, rows);
          const again = evaluate(objective, theta, v, rows);
          const fresh = evaluate(testObjective({ ...options(p), backend }), theta, v, rows);
          for (const other of [again, fresh]) {
            for (const key of Object.keys(first) as (keyof typeof first)[]) {
              expect(bitsOf(other[key])).toBe(bitsOf(first[key]));
            }
          }
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  for (const problem of referenceProblems()) {
    it(`${problem.label} on "kernels": f matches scikit-learn to 1e-12 relative and ‖∇f‖∞ ≤ 1e-8`, () => {
      const objective = testObjective({ X: problem.X, y: problem.y, l2: problem.l2, backend: "kernels" });
      const grad = new Float64Array(objective.dim);
      const f = objective.valueAndGradient(problem.theta, grad);
      expect(Math.abs(f - problem.optimum.f) / problem.optimum.f).toBeLessThanOrEqual(1e-12);
      expect(
        Math.abs(objective.value(problem.theta) - problem.optimum.f) / problem.optimum.f,
      ).toBeLessThanOrEqual(1e-12);
      expect(Math.max(...grad.map(Math.abs))).toBeLessThanOrEqual(1e-8);
    });
  }

  it("a selection longer than m (rows repeated) agrees with the reference", () => {
    const problem = referenceProblems()[3]!;
    const m = problem.y.length;
    const rows = Int32Array.from({ length: 3 * m + 5 }, (_, k) => (k * 7) % m);
    const results = (["typescript", "kernels"] as const).map((backend) => {
      const objective = testObjective({ X: problem.X, y: problem.y, l2: problem.l2, backend });
      const grad = new Float64Array(objective.dim);
      return { f: objective.valueAndGradientOnRows(problem.theta, grad, rows, 2, rows.length), grad };
    });
    expectCloseValue(results[0]!.f, results[1]!.f);
    expectClose(results[1]!.grad, results[0]!.grad, AGREEMENT);
  });

  it("X too large for a WebAssembly memory gets no kernel memory, so the kernels decline", () => {
    // 2^29 stored values of 12 bytes each are 6.4 GB: over the 4 GiB of a WebAssembly memory. Nothing is
    // allocated: the layout is refused from its size.
    const shape = { kind: "csr", rows: 1, columns: 2 ** 24, nonZeros: 2 ** 29 } as const;
    expect(kernelLayout(shape).bytes).toBeGreaterThan(2 ** 32);
    expect(createKernelArena(shape)).toBeUndefined();
  });

  it("refuses a minibatch row outside X", () => {
    const objective = testObjective({ X: [[1], [2]], y: [0, 1], backend: "kernels" });
    const grad = new Float64Array(objective.dim);
    for (const row of [2, -1]) {
      expect(() =>
        objective.valueAndGradientOnRows(Float64Array.of(0.1, 0), grad, Int32Array.of(0, row), 0, 2),
      ).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
    }
  });

  it("a Hessian too large for kernel memory is formed by the TypeScript path, identically", () => {
    const columns = Math.ceil(Math.sqrt(KERNEL_HESSIAN_LIMIT_BYTES / 8));
    const rows = 3;
    const X = createDenseMatrix(rows, columns);
    for (let k = 0; k < X.data.length; k++) X.data[k] = Math.sin(k);
    const y = [0, 1, 1];
    const theta = Float64Array.from({ length: columns + 1 }, (_, j) => 0.001 * Math.cos(j));
    const hessians = (["typescript", "kernels"] as const).map((backend) => {
      const objective = testObjective({ X, y, l2: 0.5, backend });
      const out = new Float64Array(objective.dim * objective.dim);
      objective.hessian(theta, out);
      return out;
    });
    const [reference, kernel] = hessians.map((h) => new Uint32Array(h.buffer));
    let differing = 0;
    for (let k = 0; k < reference!.length; k++) if (reference![k] !== kernel![k]) differing += 1;
    expect(differing).toBe(0);
  });
});

describe("numerical stability at extreme logits, on both backends", () => {
  // As in logisticObjective.test.ts: one example with x = 1 and θ = [w], so the logit is w. For z = −1000 and
  // y = 1 the loss is 1000 + log1p(e^-1000) = 1000; for y = 0 it is log1p(e^-1000) = 0 (e^-1000 underflows),
  // and the gradient σ(z) − y is exactly −1 or 0.
  const backends = hasWebAssemblySimd() ? (["typescript", "kernels"] as const) : (["typescript"] as const);
  const cases = [
    { z: -1000, y: 1, f: 1000, g: -1 },
    { z: -1000, y: 0, f: 0, g: 0 },
    { z: 1000, y: 0, f: 1000, g: 1 },
    { z: 1000, y: 1, f: 0, g: 0 },
    { z: 40, y: 1, f: Math.exp(-40), g: -Math.exp(-40) / (1 + Math.exp(-40)) },
    { z: -40, y: 0, f: Math.exp(-40), g: Math.exp(-40) / (1 + Math.exp(-40)) },
    { z: -720, y: 0, f: Math.exp(-720), g: Math.exp(-720) },
  ];
  const inputs = {
    dense: [[1]],
    sparse: { indptr: [0, 1], indices: [0], values: [1], shape: [1, 1] as const },
  };
  for (const [backend, input] of backends.flatMap((b) =>
    (["dense", "sparse"] as const).map((i) => [b, i] as const),
  )) {
    it.each(cases)(`${backend}, ${input} X: logit $z, label $y: f = $f, ∇f = $g`, ({ z, y, f, g }) => {
      const objective = testObjective({ X: inputs[input], y: [y], fitIntercept: false, backend });
      const grad = new Float64Array(1);
      const value = objective.valueAndGradient(Float64Array.of(z), grad);
      expect(value).toBe(objective.value(Float64Array.of(z)));
      // Exact to rounding: within 2 ulp of the true value (for z = −720 the values are subnormal, where an
      // ulp is the spacing 2^-1074).
      expect(Math.abs(value - f)).toBeLessThanOrEqual(Math.max(2 * Number.EPSILON * Math.abs(f), 2 ** -1073));
      expect(Math.abs(grad[0]! - g)).toBeLessThanOrEqual(
        Math.max(2 * Number.EPSILON * Math.abs(g), 2 ** -1073),
      );
      const hessian = new Float64Array(1);
      objective.hessian(Float64Array.of(z), hessian);
      expect(Number.isFinite(hessian[0])).toBe(true);
      const product = new Float64Array(1);
      objective.hessianVectorProduct(Float64Array.of(z), Float64Array.of(1), product);
      expect(product[0]).toBe(hessian[0]);
    });
  }
});

describe.runIf(hasWebAssemblySimd())("float32 storage, an option of the kernels", () => {
  const backends = ["kernels"] as const;

  it("equals float64 storage bit for bit on data that float32 holds exactly", () => {
    fc.assert(
      fc.property(problemArbitrary, (p) => {
        const exact = { ...p, X: p.X.map(Math.fround) };
        const { theta, v, rows } = point(exact);
        for (const backend of backends) {
          const wide = testObjective({ ...options(exact), backend });
          const narrow = testObjective({ ...options(exact), backend, precision: "float32" });
          expect(narrow.precision).toBe("float32");
          const a = evaluate(wide, theta, v, rows);
          const b = evaluate(narrow, theta, v, rows);
          for (const key of Object.keys(a) as (keyof typeof a)[]) expect(bitsOf(b[key])).toBe(bitsOf(a[key]));
        }
      }),
      { numRuns: 60, seed: 32 },
    );
  });

  it("rounds other data once, to float32, and keeps working in float64", () => {
    const X = [
      [0.1, 0.2],
      [0.3, -0.7],
      [1 / 3, 2.5],
    ];
    const rounded = X.map((row) => row.map(Math.fround));
    const theta = Float64Array.of(0.3, -0.2, 0.1);
    for (const backend of backends) {
      const narrow = testObjective({ X, y: [0, 1, 1], backend, precision: "float32" });
      const reference = testObjective({ X: rounded, y: [0, 1, 1], backend });
      expect(narrow.value(theta)).toBe(reference.value(theta));
    }
  });

  it("refuses a value beyond float32's range, naming where it is", () => {
    for (const backend of backends) {
      let thrown: unknown;
      try {
        testObjective({ X: [[1], [1e39]], y: [0, 1], backend, precision: "float32" });
      } catch (error) {
        thrown = error;
      }
      expect(isDescentError(thrown, "NON_FINITE_VALUE")).toBe(true);
      expect(thrown).toMatchObject({ row: 1, column: 0, value: 1e39 });
    }
  });
});

describe("createDenseMatrix", () => {
  const backends = hasWebAssemblySimd() ? (["typescript", "kernels"] as const) : (["typescript"] as const);

  it.runIf(hasWebAssemblySimd())("is read by the kernels in place: the data are held once", () => {
    const X = createDenseMatrix(5, 3);
    X.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((x) => x / 10));
    const objective = testObjective({ X, y: [0, 1, 0, 1, 1] });
    expect(objective.backend).toBe("kernels");
    expect(objective.matrix).toBe(X);
    const narrow = createDenseMatrix(5, 3, { precision: "float32" });
    narrow.data.set(X.data);
    const fromNarrow = testObjective({ X: narrow, y: [0, 1, 0, 1, 1] });
    expect(fromNarrow.precision).toBe("float32");
    expect(fromNarrow.matrix).toBe(narrow);
  });

  it("gives the same objective as the same data passed as a plain Float64Array", () => {
    const X = createDenseMatrix(11, 3);
    for (let k = 0; k < X.data.length; k++) X.data[k] = Math.sin(3 * k);
    const y = Array.from({ length: 11 }, (_, i) => i % 2);
    const theta = Float64Array.of(0.5, -1, 0.25, 0.1);
    for (const backend of backends) {
      const inPlace = testObjective({ X, y, l2: 0.1, backend });
      const copied = testObjective({
        X: { data: Float64Array.from(X.data), shape: [11, 3] },
        y,
        l2: 0.1,
        backend,
      });
      const g1 = new Float64Array(4);
      const g2 = new Float64Array(4);
      expect(bitsOf(inPlace.valueAndGradient(theta, g1))).toBe(bitsOf(copied.valueAndGradient(theta, g2)));
      expect(bitsOf(g1)).toBe(bitsOf(g2));
    }
  });

  it("keeps each objective's own targets when several share one matrix", () => {
    const X = createDenseMatrix(9, 2);
    for (let k = 0; k < X.data.length; k++) X.data[k] = Math.cos(k);
    const theta = Float64Array.of(0.4, -0.3, 0.2);
    const labels = [
      [0, 1, 1, 0, 1, 0, 0, 1, 1],
      [1, 1, 0, 0, 0, 1, 0, 1, 0],
    ];
    const solo = labels.map((y) => testObjective({ X, y, sampleWeight: y.map((t) => 1 + t) }).value(theta));
    const shared = labels.map((y) => testObjective({ X, y, sampleWeight: y.map((t) => 1 + t) }));
    for (let round = 0; round < 3; round++) {
      expect(shared[0]!.value(theta)).toBe(solo[0]);
      expect(shared[1]!.value(theta)).toBe(solo[1]);
    }
  });

  it("has its values checked when an objective is built from it", () => {
    for (const precision of ["float64", "float32"] as const) {
      for (const backend of backends) {
        const X = createDenseMatrix(4, 3, { precision });
        X.data.fill(1);
        X.data[7] = Number.NaN;
        let thrown: unknown;
        try {
          testObjective({ X, y: [0, 1, 0, 1], backend });
        } catch (error) {
          thrown = error;
        }
        expect(isDescentError(thrown, "NON_FINITE_VALUE")).toBe(true);
        expect(thrown).toMatchObject({ row: 2, column: 1 });
      }
    }
  });

  it("refuses an empty or non-integer shape", () => {
    expect(() => createDenseMatrix(0, 3)).toThrow(expect.objectContaining({ code: "EMPTY_DATA" }));
    expect(() => createDenseMatrix(3, 0)).toThrow(expect.objectContaining({ code: "EMPTY_DATA" }));
    expect(() => createDenseMatrix(2.5, 3)).toThrow(expect.objectContaining({ code: "INVALID_SHAPE" }));
    expect(() => createDenseMatrix(2, 3, { precision: "float16" as never })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
});

describe("sizes the runtime cannot hold", () => {
  it("createDenseMatrix(1e6, 1e6) and createCsrMatrix beyond a typed array are INVALID_SHAPE with the size, not a RangeError", () => {
    for (const make of [() => createDenseMatrix(1e6, 1e6), () => createCsrMatrix(10, 10, 2 ** 33)]) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(isDescentError(thrown, "INVALID_SHAPE")).toBe(true);
      expect((thrown as Error).message).toMatch(/would hold \d+ values \([\d.]+ [KMGTP]?B\)/);
    }
  });
});

describe("backend and precision options", () => {
  const sparse = { indptr: [0, 1, 2], indices: [0, 0], values: [1, -1], shape: [2, 1] as const };

  it("refuse what cannot be honoured, with INVALID_OPTION", () => {
    expect(() => logisticObjective({ X: [[1]], y: [1], backend: "gpu" as never })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    const refusals: TestObjectiveOptions[] = [
      { X: [[1]], y: [1], precision: "float16" as never },
      { X: sparse, y: [0, 1], precision: "float32" },
    ];
    for (const refused of refusals) {
      expect(() => testObjective(refused)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
  });

  it.runIf(!hasWebAssemblySimd())(
    "the kernels decline where WebAssembly SIMD is missing: the reference runs",
    () => {
      expect(testObjective({ X: [[1]], y: [1], backend: "kernels" }).backend).toBe("typescript");
    },
  );
});
