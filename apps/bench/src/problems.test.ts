import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { referenceProblems } from "@descent/datasets";
import { afterAll, describe, expect, it } from "vitest";
import { ensureProblem, problemDirectory, readProblem, specKey, writeProblem } from "./problemStore.js";
import {
  buildProblem,
  type CsrFeatures,
  type DenseFeatures,
  type Features,
  type ProblemSpec,
  problemId,
} from "./problems.js";

const dense: ProblemSpec = { kind: "dense", rows: 500, columns: 7, testRows: 120, seed: 11 };
const sparse: ProblemSpec = {
  kind: "sparse",
  rows: 400,
  columns: 60,
  nonZerosPerRow: 5,
  testRows: 100,
  seed: 12,
};
const breastCancer = referenceProblems()[1]!;
const reference: ProblemSpec = {
  kind: "reference",
  reference: breastCancer.name,
  testFraction: 0.2,
  seed: 13,
};

const bytes = (array: Float64Array | Int32Array) =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength);

describe("problem generation", () => {
  it.each([
    ["dense", dense],
    ["sparse", sparse],
    ["reference", reference],
  ])("repeats the %s problem bit for bit from its spec", (_, spec) => {
    const first = buildProblem(spec);
    const second = buildProblem(spec);
    for (const split of ["train", "test"] as const) {
      const a = first[split].X;
      const b = second[split].X;
      if (a.kind === "dense") expect(bytes(a.data).equals(bytes((b as DenseFeatures).data))).toBe(true);
      else {
        expect(bytes(a.values).equals(bytes((b as CsrFeatures).values))).toBe(true);
        expect(bytes(a.indices).equals(bytes((b as CsrFeatures).indices))).toBe(true);
      }
      expect(bytes(first[split].y).equals(bytes(second[split].y))).toBe(true);
    }
  });

  it("draws another problem from another seed", () => {
    const other = buildProblem({ ...dense, seed: 99 });
    expect(
      bytes((other.train.X as DenseFeatures).data).equals(
        bytes((buildProblem(dense).train.X as DenseFeatures).data),
      ),
    ).toBe(false);
  });

  it("makes dense Gaussian features, 0/1 labels from a logistic model, and λ = 1/m", () => {
    const problem = buildProblem({ ...dense, rows: 20_000 });
    const X = problem.train.X as DenseFeatures;
    expect(X.shape).toEqual([20_000, 7]);
    expect(problem.test.y.length).toBe(120);
    expect(problem.l2).toBe(1 / 20_000);
    let sum = 0;
    let squares = 0;
    for (const value of X.data) {
      sum += value;
      squares += value * value;
    }
    // 140k standard normal draws: the mean is within 5 standard errors (5/√140k ≈ 0.013) of 0.
    expect(Math.abs(sum / X.data.length)).toBeLessThan(0.013);
    expect(Math.abs(squares / X.data.length - 1)).toBeLessThan(0.02);
    expect(problem.train.y.every((label) => label === 0 || label === 1)).toBe(true);
    // Both classes occur, in neither a trivial nor a degenerate share.
    const positives = problem.train.y.reduce((a, b) => a + b, 0) / problem.train.y.length;
    expect(positives).toBeGreaterThan(0.3);
    expect(positives).toBeLessThan(0.7);
  });

  it("makes CSR rows of distinct, sorted columns, nonZerosPerRow each", () => {
    const X = buildProblem(sparse).train.X as CsrFeatures;
    expect(X.indptr.length).toBe(401);
    for (let i = 0; i < 400; i++) {
      expect(X.indptr[i + 1]! - X.indptr[i]!).toBe(5);
      for (let k = X.indptr[i]! + 1; k < X.indptr[i + 1]!; k++)
        expect(X.indices[k]!).toBeGreaterThan(X.indices[k - 1]!);
    }
    expect(Math.max(...X.indices)).toBeLessThan(60);
  });

  it("splits a reference data set into disjoint train and test rows that make up the whole", () => {
    const problem = buildProblem(reference);
    const [rows, columns] = breastCancer.X.shape;
    expect(problem.test.y.length).toBe(Math.round(rows * 0.2));
    expect(problem.train.y.length + problem.test.y.length).toBe(rows);
    expect(problem.l2).toBe(breastCancer.l2);
    const key = (data: Float64Array, row: number) =>
      Array.from(data.subarray(row * columns, (row + 1) * columns)).join(",");
    const original = new Set(Array.from({ length: rows }, (_, row) => key(breastCancer.X.data, row)));
    const seen = new Set<string>();
    for (const split of [problem.train, problem.test]) {
      const X = split.X as DenseFeatures;
      for (let row = 0; row < split.y.length; row++) seen.add(key(X.data, row));
    }
    expect(seen).toEqual(original);
  });

  it("names problems for files and people", () => {
    expect(problemId(dense)).toBe("dense-500x7");
    expect(problemId(sparse)).toBe("sparse-400x60-nnz5");
    expect(problemId(reference)).toBe("breast-cancer-l2=0.001");
  });
});

describe("problem store", () => {
  const cache = mkdtempSync(join(tmpdir(), "descent-bench-store-"));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it.each([
    ["dense", dense],
    ["sparse", sparse],
  ])("writes and reads back the %s problem exactly", (_, spec) => {
    const problem = buildProblem(spec);
    const dir = join(cache, `roundtrip-${spec.kind}`);
    writeProblem(dir, problem);
    const read = readProblem(dir);
    expect(read.l2).toBe(problem.l2);
    expect(read.spec).toEqual(problem.spec);
    // X is read into kernel memory (a DenseMatrix or CsrMatrix); compare what it holds.
    const contents = (X: Features) =>
      X.kind === "dense"
        ? { kind: X.kind, data: X.data, shape: [...X.shape] }
        : { kind: X.kind, indptr: X.indptr, indices: X.indices, values: X.values, shape: [...X.shape] };
    for (const split of ["train", "test"] as const) {
      expect(contents(read[split].X)).toEqual(contents(problem[split].X));
      expect(read[split].y).toEqual(problem[split].y);
    }
  });

  it("keys the cache by spec, and generates only once", () => {
    expect(specKey(dense)).toBe(specKey({ ...dense }));
    expect(specKey(dense)).not.toBe(specKey({ ...dense, seed: 12 }));
    expect(ensureProblem(cache, dense)).toEqual({ dir: problemDirectory(cache, dense), generated: true });
    expect(ensureProblem(cache, dense).generated).toBe(false);
  });
});
