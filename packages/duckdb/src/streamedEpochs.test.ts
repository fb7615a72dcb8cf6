import { join } from "node:path";
import { adam } from "@descent/adam";
import {
  type AnyOptimizer,
  cosineDecay,
  DenseMatrix,
  type FiniteSumObjective,
  inverseScaling,
  type LogisticObjective,
  logisticObjective,
  minimize,
  referenceLogisticObjective,
  shuffleWithinBlocks,
} from "@descent/core";
import { breastCancerProblems, loadBreastCancer } from "@descent/datasets";
import { lbfgs } from "@descent/lbfgs";
import { newton } from "@descent/newton";
import { sgd } from "@descent/sgd";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvToParquet, temporaryDirectory, writeCsv } from "../test/files.js";
import { type DuckDBLogisticObjective, duckdbObjective } from "./index.js";

const directory = temporaryDirectory();
afterAll(() => directory.remove());

const bitsOf = (values: Float64Array) => Array.from(new BigUint64Array(new Float64Array(values).buffer));

/** The in-memory objective with the streamed epoch's order: the same minibatches as DuckDB's, row for row. */
function withBlockOrder(objective: LogisticObjective, blockRows: number): FiniteSumObjective {
  return {
    dim: objective.dim,
    examples: objective.examples,
    penalizedCount: objective.penalizedCount,
    value: (theta) => objective.value(theta),
    valueAndGradient: (theta, grad) => objective.valueAndGradient(theta, grad),
    valueOnRows: (theta, rows, start, end) => objective.valueOnRows(theta, rows, start, end),
    valueAndGradientOnRows: (theta, grad, rows, start, end) =>
      objective.valueAndGradientOnRows(theta, grad, rows, start, end),
    epochOrder: (order, random) => shuffleWithinBlocks(order, blockRows, random),
  };
}

describe("streamed epochs over raw breast cancer, standardized by DuckDB", () => {
  const data = loadBreastCancer();
  const [m, n] = data.shape;
  const labels = data.labels.map((label) => (label === "malignant" ? 1 : 0));
  // 100 rows per block and 32 per batch: batches straddle blocks, and the last block is short (569 = 5·100 + 69).
  const blockRows = 100;
  let objective: DuckDBLogisticObjective;
  let reference: LogisticObjective;

  beforeAll(async () => {
    const csv = join(directory.path, "raw.csv");
    const features = writeCsv(csv, { data: data.data, shape: data.shape }, labels);
    const file = join(directory.path, "raw.parquet");
    await csvToParquet(csv, file);
    objective = await duckdbObjective({
      relation: { file },
      label: "y",
      features,
      standardize: true,
      l2: 1e-3,
      shuffleBufferRows: blockRows,
      config: { threads: "2" },
    });
    // Standardized in JavaScript with DuckDB's means and scales, by the same IEEE operations as the SQL.
    const standardized = Float64Array.from(
      data.data,
      (value, k) => (value - objective.means![k % n]!) / objective.scales![k % n]!,
    );
    reference = logisticObjective({ X: { data: standardized, shape: [m, n] }, y: labels, l2: 1e-3 });
  });
  afterAll(() => objective?.close());

  it("serves any minibatch exactly as core's objective does on the same rows, bit for bit", () => {
    const order = Int32Array.from({ length: m }, (_, i) => (i * 263) % m); // jumps back and forth
    const theta = Float64Array.from({ length: n + 1 }, (_, j) => 0.1 * Math.sin(j + 1));
    const [grad, expectedGrad] = [new Float64Array(n + 1), new Float64Array(n + 1)];
    for (const [start, end] of [
      [0, 32],
      [500, 569],
      [40, 41],
      [0, 569],
    ] as const) {
      const f = objective.valueAndGradientOnRows(theta, grad, order, start, end);
      expect(f).toBe(reference.valueAndGradientOnRows(theta, expectedGrad, order, start, end));
      expect(bitsOf(grad)).toEqual(bitsOf(expectedGrad));
      expect(objective.valueOnRows(theta, order, start, end)).toBe(f);
    }
  });

  it("trains sgd on the same θ, bit for bit, as core in memory with the same block-shuffled epochs", () => {
    const options = { batchSize: 32, seed: 7, maxIter: 3 * Math.ceil(m / 32), tol: 0 };
    const optimizer = () => sgd({ learningRate: inverseScaling({ initial: 1, power: 0.25 }) });
    const streamed = minimize(objective, optimizer(), options);
    const inMemory = minimize(withBlockOrder(reference, blockRows), optimizer(), options);
    expect(streamed.epochs).toBe(3);
    expect(bitsOf(streamed.theta)).toEqual(bitsOf(inMemory.theta));
    // The epoch's end is a full SQL pass, equal to core's up to DuckDB's order of summing.
    expect(Math.abs(streamed.loss - inMemory.loss) / inMemory.loss).toBeLessThan(1e-12);
  });

  it("reads the relation once per epoch, through one streaming query, never holding more than shuffleBufferRows", () => {
    const before = { ...objective.streamStatistics };
    const epochs = 4;
    const result = minimize(objective, adam({ learningRate: 0.01 }), {
      batchSize: 32,
      seed: 3,
      maxIter: epochs * Math.ceil(m / 32),
      tol: 0,
    });
    const after = objective.streamStatistics;
    expect(result.epochs).toBe(epochs);
    expect(after.streams - before.streams).toBe(epochs);
    expect(after.rowsRead - before.rowsRead).toBe(epochs * m);
    expect(after.largestFill).toBeLessThanOrEqual(blockRows);
    expect(objective.shuffleBufferRows).toBe(blockRows);
    // Per epoch, the loop's passes: the minibatches (one read) and the full pass at the epoch's end.
    expect(result.evaluations.passes).toBeCloseTo(1 + 2 * epochs, 9);
  });

  it("repeats a run bit for bit for a seed, on two DuckDB threads, and differs for another seed", () => {
    const run = (seed: number) =>
      minimize(objective, adam({ learningRate: 0.01 }), { batchSize: 32, seed, maxIter: 60, tol: 0 }).theta;
    const first = run(5);
    expect(bitsOf(run(5))).toEqual(bitsOf(first));
    expect(bitsOf(run(6))).not.toEqual(bitsOf(first));
  });

  it("says whether its full passes repeat bit for bit on two threads, so that minimize knows", async () => {
    // Read directly, the threads' sums are added in a fixed order; through SQL, as DuckDB's threads finish.
    expect(objective.passEngine).toBe("parquet");
    expect(objective.reproducible).toBe(true);
    const sql = await duckdbObjective({
      relation: { file: join(directory.path, "raw.parquet") },
      label: "y",
      features: ["x0"],
      passes: "sql",
      config: { threads: "2" },
    });
    expect(sql.reproducible).toBe(false);
    sql.close();
  });

  it("refuses a shuffleBufferRows that is not a positive integer", async () => {
    await expect(
      duckdbObjective({
        relation: { file: join(directory.path, "raw.parquet") },
        label: "y",
        features: ["x0"],
        shuffleBufferRows: 0,
      }),
    ).rejects.toMatchObject({ code: "INVALID_OPTION", message: expect.stringMatching(/shuffleBufferRows/) });
  });
});

describe("streamed epochs with a sample-weight column, on one thread", () => {
  const problem = breastCancerProblems()[0]!;
  const [m, n] = problem.X.shape;
  const weights = Array.from({ length: m }, (_, i) => 1 + (i % 3));
  let objective: DuckDBLogisticObjective;

  beforeAll(async () => {
    const file = join(directory.path, "weighted.csv");
    const features = writeCsv(file, problem.X, problem.y, weights);
    objective = await duckdbObjective({
      relation: { file },
      label: "y",
      features,
      sampleWeight: "w",
      l2: problem.l2,
      shuffleBufferRows: 64,
      config: { threads: "1" },
    });
  });
  afterAll(() => objective?.close());

  it("weighs each row by c_i = w_i · m / Σw, as the full pass does", () => {
    // Core's reference on the same rows with the same normalized weights (c_i = w_i · (m / Σw), the SQL's
    // product; Σw is a sum of small integers, exact in both), checked on every row at once and on a window.
    const sum = weights.reduce((a, b) => a + b, 0);
    const reference = referenceLogisticObjective({
      matrix: new DenseMatrix(problem.X.data, m, n),
      targets: Float64Array.from(problem.y),
      weights: Float64Array.from(weights, (w) => w * (m / sum)),
      l2: problem.l2,
      l1: 0,
      fitIntercept: true,
    });
    const order = Int32Array.from({ length: m }, (_, i) => m - 1 - i); // backwards: a restart per block
    const theta = Float64Array.from({ length: n + 1 }, (_, j) => 0.05 * Math.cos(j));
    const [grad, expectedGrad, fullGrad] = [n + 1, n + 1, n + 1].map((d) => new Float64Array(d)) as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (const [start, end] of [
      [0, m],
      [100, 200],
    ] as const) {
      const f = objective.valueAndGradientOnRows(theta, grad, order, start, end);
      expect(f).toBe(reference.valueAndGradientOnRows(theta, expectedGrad, order, start, end));
      expect(bitsOf(grad)).toEqual(bitsOf(expectedGrad));
    }
    // All rows as one minibatch is the full objective: the SQL pass agrees to its summation order.
    const f = objective.valueAndGradientOnRows(theta, grad, order, 0, m);
    expect(Math.abs(objective.valueAndGradient(theta, fullGrad) - f) / f).toBeLessThan(1e-13);
    expect(objective.reproducible).toBe(true);
  });
});

describe("first-order fits through DuckDB reach the in-memory optimum's region", () => {
  // Standardized breast cancer, λ = 1e-3, whose optimum scikit-learn computed.
  const problem = breastCancerProblems()[1]!;
  let objective: DuckDBLogisticObjective;
  let reference: LogisticObjective;

  beforeAll(async () => {
    const csv = join(directory.path, "standardized.csv");
    const features = writeCsv(csv, problem.X, problem.y);
    const file = join(directory.path, "standardized.parquet");
    await csvToParquet(csv, file);
    objective = await duckdbObjective({
      relation: { file },
      label: "y",
      features,
      l2: problem.l2,
      shuffleBufferRows: 128,
    });
    reference = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  });
  afterAll(() => objective?.close());

  const gap = (theta: Float64Array) => (reference.value(theta) - problem.optimum.f) / problem.optimum.f;

  it.each<[string, () => AnyOptimizer]>([
    ["newton", () => newton()],
    ["lbfgs", () => lbfgs()],
  ])(
    "%s at a tol below the passes' noise (1e-16) stops, stalled or converged, well before maxIter",
    (_, optimizer) => {
      const result = minimize(objective, optimizer(), { tol: 1e-16, maxIter: 1000 });
      expect(["stalled", "gradient-tolerance"]).toContain(result.reason);
      expect(result.iterations).toBeLessThan(300);
      expect(gap(result.theta)).toBeLessThan(1e-12);
    },
  );

  // The bar of sgd's own minibatch test (1e-3 relative to f*), for the streamed epoch and a full shuffle alike,
  // with cosine decays that reach ~1.4e-4 (sgd) and ~5e-5 (adam) in memory in 3000 steps (169 epochs).
  it.each<[string, () => AnyOptimizer]>([
    ["sgd, cosine decay", () => sgd({ learningRate: cosineDecay({ initial: 2, steps: 3000 }) })],
    ["adam, cosine decay", () => adam({ learningRate: cosineDecay({ initial: 0.05, steps: 3000 }) })],
  ])("%s, batches of 32, within 1e-3 of f*", (_, optimizer) => {
    const options = { batchSize: 32, seed: 42, maxIter: 3000, tol: 0 };
    const streamed = minimize(objective, optimizer(), options);
    const shuffled = minimize(reference, optimizer(), options);
    expect(streamed.epochs).toBeGreaterThan(10);
    expect(gap(streamed.theta)).toBeLessThanOrEqual(1e-3);
    expect(gap(shuffled.theta)).toBeLessThanOrEqual(1e-3);
  });
});
