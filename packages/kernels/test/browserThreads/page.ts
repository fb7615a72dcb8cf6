/**
 * The page (and worker) program of src/threads/browserThreadPool.browser.test.ts, bundled with esbuild under
 * the "browser" condition, so that `@descent/kernels/threads` is the browser's pool. It computes; the test
 * compares. Results cross to the test as plain arrays and hex strings of bits.
 */
import {
  constantSchedule,
  createRandomState,
  gradientTransformationOptimizer,
  isDescentError,
  LogisticRegression,
  logisticObjective,
  nextUniform,
  scaleByLearningRate,
} from "@descent/core";
import { type KernelLogisticObjective, kernels } from "@descent/kernels";
import { createThreadPool, startThreadPool, type ThreadPool } from "@descent/kernels/threads";

/** f, value, ∇f and Hv at one point, as numbers and as bits. */
export interface Evaluation {
  readonly numbers: number[];
  readonly bits: string;
}

export interface ThreadedRun {
  readonly crossOriginIsolated: boolean;
  readonly inWorker: boolean;
  /** Whether the caller may block in Atomics.wait (else the pool spins while it waits). */
  readonly callerMayBlock: boolean;
  readonly poolThreads: number;
  readonly singleThreads: number;
  readonly threadedThreads: number;
  readonly single: Evaluation;
  /** Two calls on the threaded objective. */
  readonly threaded: readonly [Evaluation, Evaluation];
  /** The same on a second pool of the same size. */
  readonly otherPool: Evaluation;
  readonly fit?: { readonly single: number[]; readonly threaded: number[]; readonly converged: boolean[] };
}

export interface Refusal {
  readonly crossOriginIsolated: boolean;
  readonly startThreadPool: { readonly code: string; readonly message: string } | null;
  readonly createThreadPool: { readonly code: string; readonly message: string } | null;
}

// 16384 × 64 = 2^20 entries: the default threadedMinimumEntries, so no option forces the threads.
const ROWS = 16384;
const COLUMNS = 64;

function problem() {
  const random = createRandomState(7);
  const uniform = () => nextUniform(random) * 2 - 1;
  const data = Float64Array.from({ length: ROWS * COLUMNS }, uniform);
  const truth = Float64Array.from({ length: COLUMNS }, uniform);
  const y = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let z = 0;
    for (let j = 0; j < COLUMNS; j++) z += data[i * COLUMNS + j]! * truth[j]!;
    y[i] = nextUniform(random) < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const theta = Float64Array.from({ length: COLUMNS + 1 }, uniform);
  const v = Float64Array.from({ length: COLUMNS + 1 }, uniform);
  return { X: { data, shape: [ROWS, COLUMNS] as const }, y, theta, v };
}

function bitsOf(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(8));
  return values
    .map((x) => {
      view.setFloat64(0, x);
      return view.getBigUint64(0).toString(16);
    })
    .join(" ");
}

function evaluate(objective: KernelLogisticObjective, theta: Float64Array, v: Float64Array): Evaluation {
  const grad = new Float64Array(objective.dim);
  const hv = new Float64Array(objective.dim);
  const f = objective.valueAndGradient(theta, grad);
  const value = objective.value(theta);
  objective.hessianVectorProduct(theta, v, hv);
  const numbers = [f, value, ...grad, ...hv];
  return { numbers, bits: bitsOf(numbers) };
}

/**
 * Gradient descent with a step of 4: below 2/L on this data, where L ≤ 0.25·λmax(X̃ᵀX̃/m) + λ ≈ 0.26 (the
 * intercept's column of ones has the largest eigenvalue, about 1; the features' are about 1/3).
 */
function fitCoefficients(threads: ThreadPool | 1): { coefficients: number[]; converged: boolean } {
  const { X, y } = problem();
  const optimizer = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(4)), {
    learningRate: 4,
  });
  const backend = kernels({ threads });
  const model = new LogisticRegression({ optimizer, l2: 0.01, tol: 1e-10, maxIter: 2000, backend }).fit(
    X,
    Array.from(y),
  );
  return { coefficients: [...model.coef, ...model.intercept], converged: model.result?.converged === true };
}

function callerMayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts two pools of 2, and evaluates the logistic objective on one thread and on each pool. */
export async function runThreaded(options: { readonly fit: boolean }): Promise<ThreadedRun> {
  const pools = [await startThreadPool({ threads: 2 }), await startThreadPool({ threads: 2 })] as const;
  try {
    const { X, y, theta, v } = problem();
    const on = (threads: ThreadPool | 1) =>
      logisticObjective({ X, y, l2: 0.01, backend: kernels({ threads }) }) as KernelLogisticObjective;
    const single = on(1);
    const threaded = on(pools[0]);
    const other = on(pools[1]);
    const run: ThreadedRun = {
      crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
      inWorker: typeof (globalThis as { document?: unknown }).document === "undefined",
      callerMayBlock: callerMayBlock(),
      poolThreads: pools[0].threads,
      singleThreads: single.threads,
      threadedThreads: threaded.threads,
      single: evaluate(single, theta, v),
      threaded: [evaluate(threaded, theta, v), evaluate(threaded, theta, v)],
      otherPool: evaluate(other, theta, v),
    };
    if (!options.fit) return run;
    const alone = fitCoefficients(1);
    const onPool = fitCoefficients(pools[0]);
    return {
      ...run,
      fit: {
        single: alone.coefficients,
        threaded: onPool.coefficients,
        converged: [alone.converged, onPool.converged],
      },
    };
  } finally {
    for (const pool of pools) pool.close();
  }
}

function described(error: unknown): { code: string; message: string } {
  return isDescentError(error)
    ? { code: error.code, message: error.message }
    : { code: "not a DescentError", message: String(error) };
}

/** What startThreadPool and createThreadPool do here (on a page that is not cross-origin isolated: refuse). */
export async function refusal(): Promise<Refusal> {
  let started: Refusal["startThreadPool"] = null;
  try {
    (await startThreadPool({ threads: 2 })).close();
  } catch (error) {
    started = described(error);
  }
  let created: Refusal["createThreadPool"] = null;
  try {
    createThreadPool({ threads: 2 }).close();
  } catch (error) {
    created = described(error);
  }
  return {
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    startThreadPool: started,
    createThreadPool: created,
  };
}
