import {
  isObjectiveBackend,
  type LogisticObjective,
  type LogisticProblem,
  type ObjectiveBackend,
} from "./backend.js";
import { checkRowNumber, checkRowWindow, checkVector } from "./bufferChecks.js";
import { DescentError, describeValue } from "./errors.js";
import { normalizeSampleWeights } from "./labels.js";
import { type DesignMatrix, type MatrixInput, type StoredMatrix, toDesignMatrix } from "./matrix.js";
import { logisticCurvature, logisticLoss, logisticResidual } from "./numerics.js";
import { finishGradient, finishHessian, finishHessianVectorProduct, l2Penalty } from "./objectiveTerms.js";
import { checkOptionNames } from "./optionNames.js";
import { checkBooleanOption, checkNumberOption } from "./options.js";

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
   * Where the passes over the data run, e.g. `kernels()` from @descent/kernels (WebAssembly SIMD and threads).
   * Default: core's TypeScript reference. Every backend computes the same function; the objective's `backend`
   * says which one runs (the reference, where the backend declines).
   */
  readonly backend?: ObjectiveBackend;
}

function checkTargets(y: ArrayLike<number>, rows: number): Float64Array {
  if (y === null || typeof y !== "object" || typeof y.length !== "number") {
    throw new DescentError("INVALID_LABEL", `y must be an array of 0s and 1s, got ${describeValue(y)}.`);
  }
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
 * Checks a logistic objective's data and settings at the edge (X by toDesignMatrix, y, the weights, λ) and
 * returns them in the one form that backends accept.
 */
export function checkLogisticProblem(options: Omit<LogisticObjectiveOptions, "backend">): LogisticProblem {
  return checkLogisticProblemOn(toDesignMatrix(options.X), options);
}

/** checkLogisticProblem for X that toDesignMatrix has just returned (so that it is not checked twice). */
export function checkLogisticProblemOn(
  matrix: StoredMatrix,
  options: Omit<LogisticObjectiveOptions, "backend" | "X">,
): LogisticProblem {
  const targets = checkTargets(options.y, matrix.rows);
  const l2 = checkNumberOption("l2", options.l2 ?? 0, { min: 0 });
  const l1 = checkNumberOption("l1", options.l1 ?? 0, { min: 0 });
  const fitIntercept = checkBooleanOption("fitIntercept", options.fitIntercept ?? true);
  const weights =
    options.sampleWeight === undefined ? null : normalizeSampleWeights(options.sampleWeight, matrix.rows);
  return { matrix, targets, weights, l2, l1, fitIntercept };
}

/**
 * f(w, b) = (1/m) Σ_i c_i log(1 + exp(-s_i (x_i·w + b))) + (λ/2)‖w‖²,  s_i = 2y_i − 1,
 * ∇f = (1/m) Σ_i c_i (σ(z_i) − y_i) x̃_i + λ[w, 0],  ∇²f = (1/m) X̃ᵀ D X̃ + λ diag(1, …, 1, 0),
 * with x̃ = [x, 1], z_i = x̃_i·θ and D = diag(c_i σ(z_i) σ(−z_i)). θ = [w_1 … w_n, b], or [w] without
 * an intercept. scikit-learn's LogisticRegression(C) minimizes the same function when C = 1/(λ m).
 */
export function logisticObjective(options: LogisticObjectiveOptions): LogisticObjective {
  // The threads and precision of 0.1 are kernels()'s now: refused, saying where they went, not ignored.
  for (const moved of ["threads", "precision", "threadedMinimumEntries"]) {
    if ((options as unknown as Record<string, unknown>)[moved] !== undefined) {
      throw new DescentError(
        "INVALID_OPTION",
        `${moved} is an option of the kernels backend now: logisticObjective({ …, backend: kernels({ ${moved} }) }), with kernels from @descent/kernels.`,
        { value: moved },
      );
    }
  }
  checkOptionNames("logisticObjective", options, [
    "X",
    "y",
    "l2",
    "l1",
    "fitIntercept",
    "sampleWeight",
    "backend",
  ]);
  const backend = checkBackendOption(options.backend);
  return logisticObjectiveOn(checkLogisticProblem(options), backend);
}

/** Refuses a `backend` option that is not an ObjectiveBackend (the string backends of 0.1 included). */
export function checkBackendOption(backend: unknown): ObjectiveBackend | undefined {
  if (backend === undefined || isObjectiveBackend(backend)) return backend;
  throw new DescentError(
    "INVALID_OPTION",
    `backend must be an ObjectiveBackend such as kernels() from @descent/kernels, or left out for the TypeScript reference; got ${describeValue(backend)}.`,
    { value: backend },
  );
}

/** The objective of a checked problem on `backend`, or on the TypeScript reference where it declines. */
export function logisticObjectiveOn(
  problem: LogisticProblem,
  backend: ObjectiveBackend | undefined,
): LogisticObjective {
  return backend?.logisticObjective(problem) ?? referenceLogisticObjective(problem);
}

/** Core's TypeScript reference objective of a checked problem (backends fall back to it for what they lack). */
export function referenceLogisticObjective(problem: LogisticProblem): LogisticObjective {
  return new ReferenceLogisticObjective(problem);
}

/**
 * Core's TypeScript reference: plain loops over the matrix, one row at a time. Readable first; every backend
 * is tested against it. Runs anywhere, and wherever no backend is given or a backend declines.
 */
class ReferenceLogisticObjective implements LogisticObjective {
  readonly backend = "typescript";
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  readonly matrix: StoredMatrix;
  readonly targets: Float64Array;
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly l1: number;
  readonly penalizedCount: number;
  readonly fitIntercept: boolean;

  constructor(problem: LogisticProblem) {
    this.matrix = problem.matrix;
    this.targets = problem.targets;
    this.weights = problem.weights;
    this.l2 = problem.l2;
    this.l1 = problem.l1;
    this.fitIntercept = problem.fitIntercept;
    this.examples = this.matrix.rows;
    this.features = this.matrix.columns;
    this.dim = this.features + (this.fitIntercept ? 1 : 0);
    this.penalizedCount = this.features;
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
      if (rows !== null) checkRowNumber(i, k, this.examples);
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
      if (rows !== null) checkRowNumber(i, k, this.examples);
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
    checkVector("theta", theta, this.dim);
    return this.lossSum(theta, null, 0, this.examples) / this.examples + this.penalty(theta);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    checkVector("theta", theta, this.dim);
    checkRowWindow(rows, start, end);
    return this.lossSum(theta, rows, start, end) / (end - start) + this.penalty(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
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
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
    checkRowWindow(rows, start, end);
    const sum = this.lossAndGradientSum(theta, grad, rows, start, end);
    this.finishGradient(theta, grad, end - start);
    return sum / (end - start) + this.penalty(theta);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("out", out, this.dim * this.dim);
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
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
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
