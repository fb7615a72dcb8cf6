import { DescentError, describeValue } from "./errors.js";
import type { KernelArena, StoragePrecision } from "./kernels/arena.js";
import { kernelStorageForCsr, sharedKernelStorageForCsr } from "./kernels/csrStorage.js";
import { Float32DenseMatrix } from "./kernels/float32Matrix.js";
import {
  denseMatrixInPrecision,
  kernelStorageFor,
  STORAGE_PRECISIONS,
  type StoredDenseMatrix,
  sharedKernelStorageFor,
} from "./kernels/kernelStorage.js";
import {
  finishGradient,
  finishHessian,
  finishHessianVectorProduct,
  l2Penalty,
} from "./kernels/objectiveTerms.js";
import { DEFAULT_THREADED_MINIMUM_ENTRIES, ThreadedLogisticObjective } from "./kernels/threadedObjective.js";
import type { ObjectiveThreadPool } from "./kernels/threadPool.js";
import { resolveThreadsOption, type ThreadsOption } from "./kernels/threadProvider.js";
import { WasmLogisticObjective } from "./kernels/wasmObjective.js";
import { hasWebAssemblySimd } from "./kernels/webAssembly.js";
import { normalizeSampleWeights } from "./labels.js";
import { type CsrMatrix, type DesignMatrix, type MatrixInput, toDesignMatrix } from "./matrix.js";
import { logisticCurvature, logisticLoss, logisticResidual } from "./numerics.js";
import type { FiniteSumObjective } from "./objective.js";
import { checkChoiceOption, checkNumberOption } from "./options.js";

/**
 * Where the passes over the data run: "wasm", the WebAssembly SIMD kernels; "js", plain TypeScript loops,
 * the reference; "auto", the kernels wherever they can run (WebAssembly SIMD, and X with the kernels'
 * buffers within one 4 GiB WebAssembly memory), else TypeScript.
 */
export type ObjectiveBackend = "auto" | "wasm" | "js";

const BACKENDS: readonly ObjectiveBackend[] = ["auto", "wasm", "js"];

export interface LogisticObjectiveOptions {
  /** The features: rows of numbers, `{ data, shape }` row-major, or CSR `{ indptr, indices, values, shape }`. */
  readonly X: MatrixInput | DesignMatrix;
  /** Targets, 0 or 1, one per row of X. */
  readonly y: ArrayLike<number>;
  /** λ, the L2 strength on the coefficients (never on the intercept). Default 0. */
  readonly l2?: number;
  /**
   * λ1 ≥ 0, the L1 strength on the coefficients (never on the intercept). Default 0. The objective's value
   * and derivatives stay the smooth part; λ1 is exposed as `l1` for the optimizers that handle it (see
   * Objective.l1), and `minimize` reports F = f + λ1‖w‖₁.
   */
  readonly l1?: number;
  /** Whether θ ends with an intercept b. Default true. */
  readonly fitIntercept?: boolean;
  /** Non-negative weights c_i, one per row; normalized to sum to m. */
  readonly sampleWeight?: ArrayLike<number>;
  /**
   * Where the passes over the data run (see ObjectiveBackend). Default "auto". Both backends compute the
   * same function; they agree to about 1e-15 relative (the order of additions differs), and each repeats
   * itself bit for bit.
   */
  readonly backend?: ObjectiveBackend;
  /**
   * How dense X is stored: "float64", or "float32" for half the memory and bandwidth (each value rounded
   * to float32 once; every sum and product still in float64). Default: X's own precision, float64 unless X
   * came from createDenseMatrix(…, { precision: "float32" }). Sparse X is always float64.
   */
  readonly precision?: StoragePrecision;
  /**
   * Worker threads to split the passes over X, dense or CSR, across (value, valueAndGradient and
   * hessianVectorProduct; the rest stays on the calling thread). Default "auto": in Node, one thread per
   * core (os.availableParallelism()) on a process-wide pool started on first use, and only for X of at least
   * `threadedMinimumEntries` entries, so small fits never start a worker; elsewhere (a browser, or core's
   * platform-neutral entry) one thread. A number n: n threads, on Node's shared pool of that size; 1 is the
   * calling thread alone (the way to opt out), and n > 1 outside Node is refused (INVALID_OPTION). Or a pool
   * of your own, e.g. `createThreadPool({ threads: 2 })` from `@descent/core/threads` (in a browser, one
   * started in a cross-origin-isolated page). Used on the WebAssembly backend when X has at least
   * `threadedMinimumEntries` entries and the runtime has shared WebAssembly memory; otherwise ignored. X is
   * copied once into a shared memory, unless it came from createDenseMatrix(…, { threads }) with a pool of
   * the same size and is used in its own precision, or from createCsrMatrix(…, { threads }) with a pool of
   * the same size: then it runs where it is. The result repeats bit for bit for a given number of threads, and
   * agrees with one thread to about 1e-15 relative (the partial sums are added in another order).
   */
  readonly threads?: ThreadsOption;
  /**
   * The fewest entries of X (rows × columns; for CSR X, stored non-zeros) for which `threads` are used.
   * Default 2^20; 0 in tests.
   */
  readonly threadedMinimumEntries?: number;
}

/** The logistic objective, with what it was built from. */
export interface LogisticObjective extends FiniteSumObjective {
  /** Where the passes over the data run: the backend that "auto" (or the caller) chose. */
  readonly backend: "wasm" | "js";
  /** How many threads its full passes run on: 1, or the pool's size when threads were used. */
  readonly threads: number;
  /** How X is stored. */
  readonly precision: StoragePrecision;
  readonly features: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  /**
   * λ1, the L1 strength on the coefficients, outside value and gradient (see Objective.l1). Optional until
   * the kernels' objectives carry it; an objective built with l1 > 0 always has it.
   */
  readonly l1?: number;
  /** The coefficients come first in θ: the penalties apply to θ[0 .. features). */
  readonly penalizedCount?: number;
  readonly matrix: DesignMatrix;
  readonly targets: Float64Array;
  /** The normalized weights (summing to m), or null when every example weighs 1. */
  readonly weights: Float64Array | null;
  hessian(theta: Float64Array, out: Float64Array): void;
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}

function checkTargets(y: ArrayLike<number>, rows: number): Float64Array {
  if (y.length !== rows) {
    throw new DescentError("LENGTH_MISMATCH", `y has ${y.length} entries, but X has ${rows} rows.`);
  }
  const targets = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const target: unknown = y[i];
    if (target !== 0 && target !== 1) {
      throw new DescentError(
        "INVALID_LABEL",
        `y[${i}] is ${describeValue(target)}; the logistic objective takes targets 0 or 1 (LogisticRegression encodes any two labels).`,
        { row: i, value: target },
      );
    }
    targets[i] = target;
  }
  return targets;
}

/**
 * f(w, b) = (1/m) Σ_i c_i log(1 + exp(-s_i (x_i·w + b))) + (λ/2)‖w‖²,  s_i = 2y_i − 1,
 * ∇f = (1/m) Σ_i c_i (σ(z_i) − y_i) x̃_i + λ[w, 0],  ∇²f = (1/m) X̃ᵀ D X̃ + λ diag(1, …, 1, 0),
 * with x̃ = [x, 1], z_i = x̃_i·θ and D = diag(c_i σ(z_i) σ(−z_i)). θ = [w_1 … w_n, b], or [w] without
 * an intercept. scikit-learn's LogisticRegression(C) minimizes the same function when C = 1/(λ m).
 */
export function logisticObjective(options: LogisticObjectiveOptions): LogisticObjective {
  const backend = checkChoiceOption("backend", options.backend ?? "auto", BACKENDS);
  const threads = resolveThreadsOption(options.threads);
  const requestedPrecision =
    options.precision === undefined
      ? undefined
      : checkChoiceOption("precision", options.precision, STORAGE_PRECISIONS);
  const matrix = toDesignMatrix(options.X);
  const targets = checkTargets(options.y, matrix.rows);
  const l2 = options.l2 ?? 0;
  if (!(Number.isFinite(l2) && l2 >= 0)) {
    throw new DescentError("INVALID_OPTION", `l2 must be a finite number ≥ 0, got ${describeValue(l2)}.`, {
      value: l2,
    });
  }
  const l1 = checkNumberOption("l1", options.l1 ?? 0, { min: 0 });
  const weights =
    options.sampleWeight === undefined ? null : normalizeSampleWeights(options.sampleWeight, matrix.rows);
  const fitIntercept = options.fitIntercept ?? true;
  // Only the TypeScript objective carries l1 so far (the kernels' objectives get it when they move to
  // @descent/kernels): an l1 objective runs there, so that no backend silently drops the penalty.
  if (l1 > 0 && backend === "wasm") {
    throw new DescentError("INVALID_OPTION", 'l1 > 0 runs on backend "js" or "auto" for now.', { value: l1 });
  }
  const kernelsAllowed = backend !== "js" && l1 === 0;

  if (matrix.kind === "csr" && requestedPrecision === "float32") {
    throw new DescentError("INVALID_OPTION", 'precision "float32" is for dense X; sparse X is float64.', {
      value: requestedPrecision,
    });
  }
  const dense = matrix.kind === "dense" ? (matrix as StoredDenseMatrix) : null;
  const precision = requestedPrecision ?? (matrix instanceof Float32DenseMatrix ? "float32" : "float64");
  if (kernelsAllowed && threads.pool !== undefined) {
    const minimumEntries = checkNumberOption(
      "threadedMinimumEntries",
      options.threadedMinimumEntries ?? DEFAULT_THREADED_MINIMUM_ENTRIES,
      { min: 0 },
    );
    const threaded = threadedObjective(
      matrix,
      dense,
      precision,
      targets,
      weights,
      l2,
      fitIntercept,
      threads.pool,
      minimumEntries,
    );
    if (threaded !== undefined) return threaded;
  }
  if (kernelsAllowed) {
    const storage =
      dense === null ? kernelStorageForCsr(matrix as CsrMatrix) : kernelStorageFor(dense, precision);
    if (storage !== undefined) {
      return kernelObjective(storage.arena, storage.matrix, precision, targets, weights, l2, fitIntercept);
    }
    if (backend === "wasm") {
      throw new DescentError(
        "INVALID_OPTION",
        hasWebAssemblySimd()
          ? `backend "wasm": X (${matrix.rows} × ${matrix.columns}, ${dense === null ? "CSR" : precision}) and the kernels' buffers do not fit in one WebAssembly memory (4 GiB), or it could not be allocated; use ${dense === null ? "" : 'precision "float32" or '}backend "js".`
          : 'backend "wasm" needs WebAssembly SIMD, which this runtime lacks; use "auto" or "js".',
        { value: backend },
      );
    }
  }
  return new LogisticObjectiveImpl(
    dense === null ? matrix : denseMatrixInPrecision(dense, precision),
    targets,
    weights,
    l2,
    fitIntercept,
    precision,
    l1,
  );
}

/**
 * The objective with its full passes split across `pool`'s threads (see ThreadedLogisticObjective), or
 * undefined when X is too small to repay them, the pool has no workers, or shared WebAssembly memory cannot
 * be had: then the caller takes the single-threaded path. X runs where it is when createDenseMatrix or
 * createCsrMatrix laid it out for a pool of this size, else on a copy in a new shared memory.
 */
function threadedObjective(
  matrix: DesignMatrix,
  dense: StoredDenseMatrix | null,
  precision: StoragePrecision,
  targets: Float64Array,
  weights: Float64Array | null,
  l2: number,
  fitIntercept: boolean,
  pool: ObjectiveThreadPool,
  minimumEntries: number,
): LogisticObjective | undefined {
  const entries = dense === null ? (matrix as CsrMatrix).values.length : dense.rows * dense.columns;
  if (pool.threads < 2 || entries < minimumEntries) return undefined;
  const workers = pool.threads - 1;
  const storage =
    dense === null
      ? sharedKernelStorageForCsr(matrix as CsrMatrix, workers)
      : sharedKernelStorageFor(dense, precision, workers);
  if (storage === undefined) return undefined;
  const { shared } = storage;
  const delegate = kernelObjective(
    shared.arena,
    storage.matrix,
    precision,
    targets,
    weights,
    l2,
    fitIntercept,
  );
  return new ThreadedLogisticObjective(shared, pool, delegate);
}

/**
 * The objective on the kernels over `arena`, `matrix` being a view of the arena's X; where the arena keeps
 * no Hessian (X too wide), the TypeScript path over the same view forms it.
 */
function kernelObjective(
  arena: KernelArena,
  matrix: DesignMatrix,
  precision: StoragePrecision,
  targets: Float64Array,
  weights: Float64Array | null,
  l2: number,
  fitIntercept: boolean,
): WasmLogisticObjective {
  const hessianFallback =
    arena.hessian === null
      ? new LogisticObjectiveImpl(matrix, targets, weights, l2, fitIntercept, precision)
      : null;
  return new WasmLogisticObjective(
    arena,
    matrix,
    precision,
    targets,
    weights,
    l2,
    fitIntercept,
    hessianFallback,
  );
}

/** The TypeScript path: plain loops over the DesignMatrix, one row at a time. The reference for the kernels. */
class LogisticObjectiveImpl implements LogisticObjective {
  readonly backend = "js";
  readonly threads = 1;
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  readonly penalizedCount: number;

  constructor(
    readonly matrix: DesignMatrix,
    readonly targets: Float64Array,
    readonly weights: Float64Array | null,
    readonly l2: number,
    readonly fitIntercept: boolean,
    readonly precision: StoragePrecision,
    readonly l1 = 0,
  ) {
    this.examples = matrix.rows;
    this.features = matrix.columns;
    this.dim = matrix.columns + (fitIntercept ? 1 : 0);
    this.penalizedCount = matrix.columns;
  }

  /** (λ/2)‖w‖², the intercept excluded. */
  private penalty(theta: Float64Array): number {
    return l2Penalty(theta, this.features, this.l2);
  }

  private logit(row: number, theta: Float64Array): number {
    const z = this.matrix.dotRow(row, theta);
    return this.fitIntercept ? z + theta[this.features]! : z;
  }

  /** Σ over the selected rows of c_i ℓ_i; rows = null selects [start, end) directly. */
  private lossSum(theta: Float64Array, rows: Int32Array | null, start: number, end: number): number {
    const { targets, weights } = this;
    let sum = 0;
    for (let k = start; k < end; k++) {
      const i = rows === null ? k : rows[k]!;
      const loss = logisticLoss(this.logit(i, theta), targets[i]!);
      sum += weights === null ? loss : weights[i]! * loss;
    }
    return sum;
  }

  /** Σ c_i ℓ_i over the selection, with Σ c_i (σ(z_i) − y_i) x̃_i written to grad. */
  private lossAndGradientSum(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array | null,
    start: number,
    end: number,
  ): number {
    const { matrix, targets, weights, features, fitIntercept } = this;
    grad.fill(0);
    let sum = 0;
    let interceptGrad = 0;
    for (let k = start; k < end; k++) {
      const i = rows === null ? k : rows[k]!;
      const z = this.logit(i, theta);
      const weight = weights === null ? 1 : weights[i]!;
      sum += weight * logisticLoss(z, targets[i]!);
      const residual = weight * logisticResidual(z, targets[i]!);
      matrix.addScaledRow(i, residual, grad);
      interceptGrad += residual;
    }
    if (fitIntercept) grad[features] = interceptGrad;
    return sum;
  }

  /** Scales the summed gradient to a mean and adds the penalty's gradient λw. */
  private finishGradient(theta: Float64Array, grad: Float64Array, count: number): void {
    finishGradient(theta, grad, count, this.features, this.l2, this.fitIntercept);
  }

  value(theta: Float64Array): number {
    return this.lossSum(theta, null, 0, this.examples) / this.examples + this.penalty(theta);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    return this.lossSum(theta, rows, start, end) / (end - start) + this.penalty(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    const sum = this.lossAndGradientSum(theta, grad, null, 0, this.examples);
    this.finishGradient(theta, grad, this.examples);
    return sum / this.examples + this.penalty(theta);
  }

  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number {
    const sum = this.lossAndGradientSum(theta, grad, rows, start, end);
    this.finishGradient(theta, grad, end - start);
    return sum / (end - start) + this.penalty(theta);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    const { matrix, weights, dim, fitIntercept } = this;
    const m = this.examples;
    out.fill(0);
    for (let i = 0; i < m; i++) {
      const weight = weights === null ? 1 : weights[i]!;
      matrix.addScaledOuterProduct(
        i,
        weight * logisticCurvature(this.logit(i, theta)),
        out,
        dim,
        fitIntercept,
      );
    }
    finishHessian(out, dim, m, this.features, this.l2);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const { matrix, weights, features, fitIntercept } = this;
    const m = this.examples;
    out.fill(0);
    const interceptV = fitIntercept ? v[features]! : 0;
    let interceptOut = 0;
    for (let i = 0; i < m; i++) {
      const weight = weights === null ? 1 : weights[i]!;
      const curvature = weight * logisticCurvature(this.logit(i, theta));
      const projected = curvature * (matrix.dotRow(i, v) + interceptV);
      matrix.addScaledRow(i, projected, out);
      interceptOut += projected;
    }
    if (fitIntercept) out[features] = interceptOut;
    finishHessianVectorProduct(v, out, m, features, this.l2, fitIntercept);
  }
}
