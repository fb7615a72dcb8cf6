import {
  checkGradient,
  checkHessianVectorProduct,
  constantSchedule,
  gradientTransformationOptimizer,
  LogisticRegression,
  type MultinomialObjective,
  type MultinomialObjectiveOptions,
  multinomialObjective,
  scaleByLearningRate,
} from "@descent/core";
import { multinomialReferenceProblems } from "@descent/datasets";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bitsOf, expectClose } from "../test/agreement.js";
import { caught } from "../test/caught.js";
import { createCsrMatrix } from "./csrStorage.js";
import { createDenseMatrix } from "./denseStorage.js";
import { type KernelsOptions, kernels } from "./kernelsBackend.js";
import { createThreadPool } from "./threads/nodeThreadPool.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

// The kernels sum in another order than the reference (blocks of 8 rows, pairs of columns, the intercepts'
// sums per block) and their exp and log1p are within 2 ulp of Math's, so the two differ by rounding alone:
// about 1e-16 relative here. 1e-12 leaves room for sums of a few thousand terms; a wrong term is off by O(1).
const AGREEMENT = 1e-12;

/** Everything one objective computes at θ: f, ∇f, Hv and the minibatch forms on `rows`. */
function evaluate(objective: MultinomialObjective, theta: Float64Array, v: Float64Array, rows: Int32Array) {
  const d = objective.dim;
  const grad = new Float64Array(d);
  const f = objective.valueAndGradient(theta, grad);
  const hv = new Float64Array(d);
  objective.hessianVectorProduct(theta, v, hv);
  const batchGrad = new Float64Array(d);
  const batchF = objective.valueAndGradientOnRows(theta, batchGrad, rows, 1, rows.length);
  return {
    f,
    value: objective.value(theta),
    grad,
    hv,
    batchF,
    batchValue: objective.valueOnRows(theta, rows, 1, rows.length),
    batchGrad,
  };
}

type Evaluation = ReturnType<typeof evaluate>;

function expectAgreement(actual: Evaluation, expected: Evaluation): void {
  expectClose([actual.f, actual.value], [expected.f, expected.value], AGREEMENT);
  expectClose([actual.batchF, actual.batchValue], [expected.batchF, expected.batchValue], AGREEMENT);
  expectClose(actual.grad, expected.grad, AGREEMENT);
  expectClose(actual.hv, expected.hv, AGREEMENT);
  expectClose(actual.batchGrad, expected.batchGrad, AGREEMENT);
}

function bitsOfEvaluation(evaluation: Evaluation): string[] {
  return Object.values(evaluation).map((entry) => bitsOf(entry));
}

/** The objective on the kernels (one thread unless said), checked to really run there. */
function onKernels(options: Omit<MultinomialObjectiveOptions, "backend">, backend: KernelsOptions = {}) {
  const objective = multinomialObjective({ ...options, backend: kernels({ threads: 1, ...backend }) });
  expect(objective.backend).toBe("kernels");
  return objective;
}

/** A point near θ* and a direction, both deterministic. */
function pointAndDirection(theta: Float64Array) {
  return {
    theta: theta.map((t, j) => t + 0.3 * Math.sin(j)),
    v: theta.map((_, j) => Math.cos(3 * j + 1)),
  };
}

/** Rows for a minibatch: repeats, out of order, and longer than m for small X. */
function batchRows(m: number, length: number): Int32Array {
  return Int32Array.from({ length }, (_, k) => (k * 7919 + 3) % m);
}

/** A random dense problem: Gaussian-ish X, labels from a softmax model, positive weights. */
function randomProblem(rows: number, columns: number, classes: number, seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const data = Float64Array.from({ length: rows * columns }, () => 2 * (next() + next() + next()) - 3);
  const y = Int32Array.from({ length: rows }, () => Math.floor(next() * classes));
  const sampleWeight = Float64Array.from({ length: rows }, () => 0.1 + 3 * next());
  const theta = Float64Array.from({ length: classes * (columns + 1) }, () => 2 * next() - 1);
  return { X: { data, shape: [rows, columns] as [number, number] }, y, sampleWeight, theta };
}

/** Dense row-major data as CSR input, its zeros left out. */
function toCsr(data: Float64Array, shape: readonly [number, number]) {
  const [rows, columns] = shape;
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const x = data[i * columns + j]!;
      if (x !== 0) {
        indices.push(j);
        values.push(x);
      }
    }
    indptr.push(indices.length);
  }
  return { indptr, indices, values, shape: [rows, columns] as [number, number] };
}

describe.runIf(hasWebAssemblySimd())("multinomial kernels against core's TypeScript reference", () => {
  for (const problem of multinomialReferenceProblems()) {
    for (const [fitIntercept, form] of [
      [true, "dense"],
      [false, "dense"],
      [true, "CSR"],
    ] as const) {
      it(`${problem.label}, ${form}${fitIntercept ? "" : ", no intercepts"}: f, ∇f, Hv and minibatches agree to 1e-12`, () => {
        const options = {
          X: form === "dense" ? problem.X : toCsr(problem.X.data, problem.X.shape),
          y: problem.y,
          classes: problem.classes.length,
          l2: problem.l2,
          fitIntercept,
          ...(problem.sampleWeight === null ? {} : { sampleWeight: problem.sampleWeight }),
        };
        const reference = multinomialObjective(options);
        const objective = onKernels(options);
        const d = reference.dim;
        const rows = batchRows(problem.y.length, 97);
        const { theta, v } = pointAndDirection(problem.theta);
        const near = evaluate(reference, theta.subarray(0, d), v.subarray(0, d), rows);
        expectAgreement(evaluate(objective, theta.subarray(0, d), v.subarray(0, d), rows), near);
        // At θ* itself ∇f is a cancellation of terms of the size of ∇f near it, down to ~1e-16 of them: the
        // two paths' gradients there are held to 1e-12 of that size, everything else to 1e-12 relative.
        const atOptimum = evaluate(objective, problem.theta.subarray(0, d), v.subarray(0, d), rows);
        const referenceAtOptimum = evaluate(reference, problem.theta.subarray(0, d), v.subarray(0, d), rows);
        expectAgreement({ ...atOptimum, grad: near.grad }, { ...referenceAtOptimum, grad: near.grad });
        let scale = 0;
        for (const g of near.grad) scale = Math.max(scale, Math.abs(g));
        for (let j = 0; j < d; j++) {
          expect(Math.abs(atOptimum.grad[j]! - referenceAtOptimum.grad[j]!)).toBeLessThanOrEqual(
            AGREEMENT * scale,
          );
        }
        if (problem.classes.length === 3) {
          // The Hessian is the reference's own, over the kernels' copy of X (digits' 650² is left out: slow).
          const H = new Float64Array(d * d);
          const referenceH = new Float64Array(d * d);
          objective.hessian(problem.theta.subarray(0, d), H);
          reference.hessian(problem.theta.subarray(0, d), referenceH);
          expect(bitsOf(H)).toBe(bitsOf(referenceH));
        }
      });
    }
  }

  it("random problems, weighted or not, every remainder of the 8-row blocks, K from 2 to 7, float64, float32 and CSR", () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 40 }),
          columns: fc.integer({ min: 1, max: 13 }),
          classes: fc.integer({ min: 2, max: 7 }),
          seed: fc.nat(),
          weighted: fc.boolean(),
          fitIntercept: fc.boolean(),
          l2: fc.double({ min: 0, max: 1, noNaN: true }),
          form: fc.constantFrom("float64", "float32", "CSR"),
        }),
        (p) => {
          const random = randomProblem(p.rows, p.columns, p.classes, p.seed);
          // float32 storage: the reference gets the same rounded X, so both compute on equal data. CSR: about
          // half of X zero (every other row's entries beyond its first, and every third entry).
          const data =
            p.form === "float32"
              ? Float64Array.from(Float32Array.from(random.X.data))
              : p.form === "CSR"
                ? random.X.data.map((x, k) =>
                    k % 3 === 0 || (Math.floor(k / p.columns) % 2 === 1 && k % p.columns > 0) ? 0 : x,
                  )
                : random.X.data;
          const options = {
            X: p.form === "CSR" ? toCsr(data, random.X.shape) : { data, shape: random.X.shape },
            y: random.y,
            classes: p.classes,
            l2: p.l2,
            fitIntercept: p.fitIntercept,
            ...(p.weighted ? { sampleWeight: random.sampleWeight } : {}),
          };
          const reference = multinomialObjective(options);
          const objective = onKernels(options, p.form === "float32" ? { precision: "float32" } : {});
          const d = reference.dim;
          const { theta, v } = pointAndDirection(random.theta);
          const rows = batchRows(p.rows, 2 * p.rows + 5);
          expectAgreement(
            evaluate(objective, theta.subarray(0, d), v.subarray(0, d), rows),
            evaluate(reference, theta.subarray(0, d), v.subarray(0, d), rows),
          );
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it("gradient and Hessian-vector product against central finite differences", () => {
    // h = 1e-6 (gradient), 1e-5 (Hv) on f of order 1: truncation and rounding both below 1e-7, while a
    // wrong term is off by 1e-2 or more (as core's multinomial tests).
    for (const seed of [1, 2, 3]) {
      const random = randomProblem(29, 6, 4, seed);
      const objective = onKernels({
        X: random.X,
        y: random.y,
        classes: 4,
        l2: 0.05,
        sampleWeight: random.sampleWeight,
      });
      const { theta, v } = pointAndDirection(random.theta);
      expect(checkGradient(objective, theta).maxError).toBeLessThan(1e-7);
      expect(checkHessianVectorProduct(objective, theta, v).maxError).toBeLessThan(1e-7);
    }
  });

  describe("extreme logits (one example, x = 1, no intercepts: θ holds the logits)", () => {
    it.each([
      { logits: [1000, -1000, 0], y: 0 },
      { logits: [1000, -1000, 0], y: 1 },
      { logits: [-1000, -1000, 1000], y: 0 },
      { logits: [-1000, 1000, 1000], y: 1 },
      { logits: [40, 0, 0], y: 0 },
      { logits: [40, 0, 0], y: 2 },
      { logits: [0, 0, 0], y: 2 },
    ])("logits $logits, class $y: f and ∇f as the reference's, within 2 ulp", ({ logits, y }) => {
      const options = { X: [[1]], y: [y], classes: 3, fitIntercept: false };
      const reference = multinomialObjective(options);
      const objective = onKernels(options);
      const theta = Float64Array.from(logits);
      const grad = new Float64Array(3);
      const referenceGrad = new Float64Array(3);
      const f = objective.valueAndGradient(theta, grad);
      const referenceF = reference.valueAndGradient(theta, referenceGrad);
      expect(Math.abs(f - referenceF)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(referenceF));
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(grad[k]! - referenceGrad[k]!)).toBeLessThanOrEqual(
          2 * Number.EPSILON * Math.abs(referenceGrad[k]!),
        );
      }
      const product = new Float64Array(3);
      objective.hessianVectorProduct(theta, Float64Array.of(1, 2, 3), product);
      for (const entry of product) expect(Number.isFinite(entry)).toBe(true);
    });
  });

  it("carries what it was built from as the reference does: λ1, the penalized count, K, weights, intercepts", () => {
    const random = randomProblem(12, 3, 4, 5);
    const options = {
      X: random.X,
      y: random.y,
      classes: 4,
      l2: 0.3,
      l1: 0.05,
      fitIntercept: false,
      sampleWeight: random.sampleWeight,
    };
    const reference = multinomialObjective(options);
    const objective = onKernels(options);
    for (const key of [
      "dim",
      "examples",
      "features",
      "classes",
      "l1",
      "l2",
      "penalizedCount",
      "fitIntercept",
    ] as const) {
      expect(objective[key]).toBe(reference[key]);
    }
    expect(objective.penalizedCount).toBe(12);
    expect(objective.matrix.rows).toBe(12);
    expect(Array.from(objective.weights!)).toEqual(Array.from(reference.weights!));
    expect(Array.from(objective.targets)).toEqual(Array.from(random.y));
  });

  it("a row index outside X in a minibatch is refused as the reference refuses it", () => {
    const random = randomProblem(20, 3, 3, 9);
    const options = { X: random.X, y: random.y, classes: 3 };
    const grad = new Float64Array(12);
    const rows = Int32Array.of(0, 5, 20);
    const messageOf = (objective: MultinomialObjective) => {
      try {
        objective.valueAndGradientOnRows(random.theta, grad, rows, 0, 3);
      } catch (error) {
        return [(error as { code: string }).code, (error as Error).message];
      }
      return undefined;
    };
    expect(messageOf(onKernels(options))).toEqual(messageOf(multinomialObjective(options)));
    expect(messageOf(onKernels(options))?.[0]).toBe("LENGTH_MISMATCH");
  });

  it("CSR rows that repeat a column, or hold no entry, agree with the reference", () => {
    const X = {
      indptr: [0, 3, 3, 5, 6],
      indices: [1, 1, 0, 2, 2, 0],
      values: [0.5, -1.5, 2, 1, 3, -0.25],
      shape: [4, 3] as [number, number],
    };
    const options = { X, y: [0, 2, 1, 2], classes: 3, l2: 0.1, sampleWeight: [1, 2, 0.5, 1] };
    const reference = multinomialObjective(options);
    const objective = onKernels(options);
    const theta = Float64Array.from({ length: reference.dim }, (_, j) => Math.sin(j + 1));
    const v = Float64Array.from({ length: reference.dim }, (_, j) => Math.cos(2 * j));
    const rows = Int32Array.of(3, 1, 1, 0, 2, 3, 0);
    expectAgreement(evaluate(objective, theta, v, rows), evaluate(reference, theta, v, rows));
  });

  it("a dense matrix made by createDenseMatrix with classes: K runs where it is (a write after building shows)", () => {
    const random = randomProblem(50, 5, 4, 23);
    const matrix = createDenseMatrix(50, 5, { threads: 1, classes: 4 });
    matrix.data.set(random.X.data);
    const objective = onKernels({ X: matrix, y: random.y, classes: 4 });
    const reference = multinomialObjective({ X: random.X, y: random.y, classes: 4 });
    const { theta, v } = pointAndDirection(random.theta);
    const rows = batchRows(50, 20);
    expectAgreement(evaluate(objective, theta, v, rows), evaluate(reference, theta, v, rows));
    // Not a copy: the objective reads the loader's memory (which is why X must not change during a fit).
    const before = objective.value(theta);
    matrix.data[0] = matrix.data[0]! + 1;
    expect(objective.value(theta)).not.toBe(before);
    expect(caught(() => createDenseMatrix(2, 2, { classes: 1.5 })).code).toBe("INVALID_OPTION");
  });

  it("a CSR matrix made by createCsrMatrix with classes: K runs where it is, and agrees", () => {
    const X = {
      indptr: [0, 2, 3, 5],
      indices: [0, 2, 1, 0, 1],
      values: [1, -2, 0.5, 3, 1.5],
      shape: [3, 3] as [number, number],
    };
    const matrix = createCsrMatrix(3, 3, 5, { threads: 1, classes: 3 });
    matrix.indptr.set(X.indptr);
    matrix.indices.set(X.indices);
    matrix.values.set(X.values);
    const objective = onKernels({ X: matrix, y: [2, 0, 1], classes: 3, l2: 0.2 });
    const reference = multinomialObjective({ X, y: [2, 0, 1], classes: 3, l2: 0.2 });
    const theta = Float64Array.from({ length: 12 }, (_, j) => Math.sin(j + 2));
    const v = Float64Array.from({ length: 12 }, (_, j) => Math.cos(j));
    const rows = Int32Array.of(2, 0, 1, 2);
    expectAgreement(evaluate(objective, theta, v, rows), evaluate(reference, theta, v, rows));
    const before = objective.value(theta);
    matrix.values[0] = 4;
    expect(objective.value(theta)).not.toBe(before);
    expect(caught(() => createCsrMatrix(2, 2, 1, { classes: 0 })).code).toBe("INVALID_OPTION");
  });

  it("a dense matrix made by createDenseMatrix (laid out for the binary kernels) is copied once, and agrees", () => {
    const random = randomProblem(50, 5, 4, 17);
    const matrix = createDenseMatrix(50, 5, { threads: 1 });
    matrix.data.set(random.X.data);
    const objective = onKernels({ X: matrix, y: random.y, classes: 4 });
    const reference = multinomialObjective({ X: random.X, y: random.y, classes: 4 });
    expect(objective.matrix).toBe(matrix);
    const { theta, v } = pointAndDirection(random.theta);
    const rows = batchRows(50, 20);
    expectAgreement(evaluate(objective, theta, v, rows), evaluate(reference, theta, v, rows));
  });
});

describe.runIf(hasWebAssemblySimd())("multinomial kernels on threads", () => {
  const random = randomProblem(1003, 17, 5, 41);
  const denseOptions = { X: random.X, y: random.y, classes: 5, l2: 0.01, sampleWeight: random.sampleWeight };
  const { theta, v } = pointAndDirection(random.theta);
  const rows = batchRows(1003, 300);

  const sparseOptions = {
    ...denseOptions,
    X: toCsr(
      random.X.data.map((x, k) => (k % 4 === 0 ? x : 0)),
      random.X.shape,
    ),
  };
  for (const [threads, form] of [
    [2, "dense"],
    [3, "dense"],
    [2, "CSR"],
    [3, "CSR"],
  ] as const) {
    it(`${threads} threads, ${form}: bit-for-bit repeats, and agreement with one thread to 1e-12`, () => {
      const pool = createThreadPool({ threads });
      const options = form === "dense" ? denseOptions : sparseOptions;
      try {
        const objective = multinomialObjective({
          ...options,
          backend: kernels({ threads: pool, threadedMinimumEntries: 0 }),
        });
        expect(objective.backend).toBe("kernels");
        expect((objective as unknown as { threads: number }).threads).toBe(threads);
        const first = evaluate(objective, theta, v, rows);
        const again = evaluate(objective, theta, v, rows);
        expect(bitsOfEvaluation(again)).toEqual(bitsOfEvaluation(first));
        // A second objective on a pool of the same size repeats the first bit for bit too.
        const other = multinomialObjective({
          ...options,
          backend: kernels({ threads: pool, threadedMinimumEntries: 0 }),
        });
        expect(bitsOfEvaluation(evaluate(other, theta, v, rows))).toEqual(bitsOfEvaluation(first));
        other.release?.();
        expectAgreement(first, evaluate(onKernels(options), theta, v, rows));
        expectAgreement(first, evaluate(multinomialObjective(options), theta, v, rows));
        objective.release?.();
      } finally {
        pool.close();
      }
    });
  }
});

describe.runIf(hasWebAssemblySimd())("LogisticRegression with backend: kernels() for K ≥ 3", () => {
  it("fits the same model as on the reference (digits, 10 classes), to the optimizer's tolerance", () => {
    const problem = multinomialReferenceProblems().find((p) => p.label === "digits K=10 C=1")!;
    // Gradient descent with step 1, built from core's transforms (no optimizer package is a dependency of a
    // backend); lbfgs and newton reach the optimum on this backend in the testkit's conformance suite.
    const optimizer = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {
      learningRate: 1,
    });
    const fit = (backend: ReturnType<typeof kernels> | undefined) =>
      new LogisticRegression({
        optimizer,
        maxIter: 30,
        tol: 0,
        ...(backend === undefined ? {} : { backend }),
      }).fit(problem.X, problem.labels);
    const onKernels = fit(kernels({ threads: 1 }));
    const onReference = fit(undefined);
    expect(onKernels.coefShape).toEqual([10, 64]);
    expectClose(onKernels.coef, onReference.coef, 1e-10);
    expectClose(onKernels.intercept, onReference.intercept, 1e-10);
  });
});
