import type { MultinomialObjective, MultinomialProblem, ObjectiveBackend } from "./backend.js";
import { checkRowNumber, checkRowWindow, checkVector } from "./bufferChecks.js";
import { DescentError, describeValue } from "./errors.js";
import { normalizeSampleWeights } from "./labels.js";
import { checkBackendOption } from "./logisticObjective.js";
import {
  CsrMatrix,
  type DenseMatrix,
  type DesignMatrix,
  type MatrixInput,
  type StoredMatrix,
  toDesignMatrix,
} from "./matrix.js";
import { l2Penalty } from "./objectiveTerms.js";
import { checkOptionNames } from "./optionNames.js";
import { checkNumberOption } from "./options.js";

export interface MultinomialObjectiveOptions {
  /** The features: rows of numbers, `{ data, shape }` row-major, or CSR `{ indptr, indices, values, shape }`. */
  readonly X: MatrixInput | DesignMatrix;
  /** The class of each row of X, an integer in [0, classes). */
  readonly y: ArrayLike<number>;
  /** K ≥ 2, the number of classes. */
  readonly classes: number;
  /** λ, the L2 strength on the coefficients W (never on the intercepts b). Default 0. */
  readonly l2?: number;
  /**
   * λ1 ≥ 0, the L1 strength on W (never on b). Default 0. Not part of value and derivatives (the smooth
   * part): carried as `l1`, with `penalizedCount` = K·n, for the optimizers that handle it (see Objective.l1).
   */
  readonly l1?: number;
  /** Whether θ ends with the K intercepts b. Default true. */
  readonly fitIntercept?: boolean;
  /** Non-negative weights c_i, one per row; normalized to sum to m. */
  readonly sampleWeight?: ArrayLike<number>;
  /**
   * Where the passes over the data run, e.g. `kernels()` from @descent/kernels (WebAssembly SIMD and
   * threads). Default: core's TypeScript reference, which also runs where a backend declines (or has no
   * multinomial objective); the objective's `backend` says which one runs.
   */
  readonly backend?: ObjectiveBackend;
}

function checkClassCount(classes: unknown): number {
  if (typeof classes !== "number" || !Number.isInteger(classes)) {
    throw new DescentError(
      "INVALID_OPTION",
      `classes must be an integer K ≥ 2 (the number of classes), got ${describeValue(classes)}.`,
      { value: classes },
    );
  }
  if (classes < 2) {
    throw new DescentError(
      "NOT_TWO_CLASSES",
      `classes is ${classes}; a classifier needs at least two classes.`,
      { value: classes },
    );
  }
  return classes;
}

function checkClassIndices(y: ArrayLike<number>, rows: number, classes: number): Int32Array {
  if (y.length !== rows) {
    throw new DescentError("LENGTH_MISMATCH", `y has ${y.length} entries, but X has ${rows} rows.`);
  }
  const targets = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const target: unknown = y[i];
    if (typeof target !== "number" || !Number.isInteger(target) || target < 0 || target >= classes) {
      throw new DescentError(
        "INVALID_LABEL",
        `y[${i}] is ${describeValue(target)}; the multinomial objective takes class indices, integers in [0, ${classes}) (LogisticRegression encodes any labels).`,
        { row: i, value: target },
      );
    }
    targets[i] = target;
  }
  return targets;
}

/**
 * The multinomial logistic (softmax cross-entropy) objective over K classes, with W the K × n coefficients,
 * b the K intercepts and z_i = W x_i + b the logits of row i:
 *
 *     f(W, b) = (1/m) Σ_i c_i [ logsumexp(z_i) − z_{i, y_i} ] + (λ/2) ‖W‖²_F
 *     ∇_W f   = (1/m) Σ_i c_i (softmax(z_i) − e_{y_i}) x_iᵀ + λ W
 *     ∇_b f   = (1/m) Σ_i c_i (softmax(z_i) − e_{y_i})
 *     ∇²f     = (1/m) Σ_i c_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ + λ (I_K ⊗ diag(1, …, 1, 0)),  p_i = softmax(z_i)
 *
 * (the last in the coordinates (class, feature), x̃ = [x, 1]). θ is one flat vector: W row-major (θ[k n + j]
 * = W_kj), then b (θ[K n + k] = b_k); without an intercept, W alone. The intercepts are unpenalized, so f
 * does not change when every b_k moves by the same amount: ∇²f is singular along (0, 1_K), and ∇f is
 * always orthogonal to that direction (Σ_k ∇_{b_k} f = 0). scikit-learn's multinomial
 * `LogisticRegression(C)` minimizes the same function when λ = 1/(C Σ weights).
 *
 * logsumexp(z) is computed as z_max + log1p(Σ_{k ≠ argmax} e^{z_k − z_max}), so e^t is only taken of t ≤ 0
 * and a confidently right example's loss keeps its relative precision; the label's residual p_y − 1 is
 * written −Σ_{k≠y} p_k when y is the largest logit. Exact at logits of ±1000.
 */
export function multinomialObjective(options: MultinomialObjectiveOptions): MultinomialObjective {
  checkOptionNames("multinomialObjective", options, [
    "X",
    "y",
    "classes",
    "l2",
    "l1",
    "fitIntercept",
    "sampleWeight",
    "backend",
  ]);
  const backend = checkBackendOption(options.backend);
  return multinomialObjectiveOn(checkMultinomialProblem(options), backend);
}

/**
 * Checks a multinomial objective's data and settings at the edge (X by toDesignMatrix, y, K, the weights,
 * λ, λ1) and returns them in the one form that backends accept.
 */
export function checkMultinomialProblem(
  options: Omit<MultinomialObjectiveOptions, "backend">,
): MultinomialProblem {
  return checkMultinomialProblemOn(toDesignMatrix(options.X), options);
}

/** checkMultinomialProblem for X that toDesignMatrix has just returned (so that it is not checked twice). */
export function checkMultinomialProblemOn(
  matrix: StoredMatrix,
  options: Omit<MultinomialObjectiveOptions, "X" | "backend">,
): MultinomialProblem {
  const classes = checkClassCount(options.classes);
  const targets = checkClassIndices(options.y, matrix.rows, classes);
  const l2 = options.l2 ?? 0;
  if (!(typeof l2 === "number" && Number.isFinite(l2) && l2 >= 0)) {
    throw new DescentError("INVALID_OPTION", `l2 must be a finite number ≥ 0, got ${describeValue(l2)}.`, {
      value: l2,
    });
  }
  const fitIntercept = options.fitIntercept ?? true;
  if (typeof fitIntercept !== "boolean") {
    throw new DescentError(
      "INVALID_OPTION",
      `fitIntercept must be true or false, got ${describeValue(fitIntercept)}.`,
      {
        value: fitIntercept,
      },
    );
  }
  const weights =
    options.sampleWeight === undefined ? null : normalizeSampleWeights(options.sampleWeight, matrix.rows);
  const l1 = checkNumberOption("l1", options.l1 ?? 0, { min: 0 });
  return { matrix, targets, classes, weights, l2, l1, fitIntercept };
}

/** The objective of a checked problem on `backend`, or on the TypeScript reference where it declines. */
export function multinomialObjectiveOn(
  problem: MultinomialProblem,
  backend: ObjectiveBackend | undefined,
): MultinomialObjective {
  return backend?.multinomialObjective?.(problem) ?? referenceMultinomialObjective(problem);
}

/** Core's TypeScript reference objective of a checked problem (backends fall back to it for what they lack). */
export function referenceMultinomialObjective(problem: MultinomialProblem): MultinomialObjective {
  const { matrix, targets, classes, weights, l2, l1, fitIntercept } = problem;
  return new MultinomialObjectiveImpl(matrix, targets, classes, weights, l2, l1, fitIntercept);
}

/**
 * The TypeScript reference: plain loops over dense or CSR rows, every buffer made in the constructor. X is
 * read, never copied, and must not change while the objective is in use (the probabilities cached for
 * second-order products are keyed by θ alone).
 */
class MultinomialObjectiveImpl implements MultinomialObjective {
  readonly backend = "typescript";
  readonly penalizedCount: number;
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  /** Dense X (float64 or float32), or null for CSR. */
  private readonly dense: Float64Array | Float32Array | null;
  private readonly indptr: Int32Array;
  private readonly indices: Int32Array;
  private readonly values: Float64Array;
  /** z_i, the K logits of the row at hand. */
  private readonly logits: Float64Array;
  /** softmax(z_i). */
  private readonly probabilities: Float64Array;
  /** (V x̃_i)_k, the K logits of a direction V (Hessian-vector products). */
  private readonly directionLogits: Float64Array;
  /**
   * softmax(z_i) of every row (m × K) at `cachedTheta`, kept by the last full pass: Newton–CG asks for many
   * Hessian-vector products at one θ, and with these each costs one pass over X instead of two.
   */
  private readonly cachedProbabilities: Float64Array;
  private readonly cachedTheta: Float64Array;
  private cacheValid = false;
  /** The row at hand as (column, value) pairs of its non-zeros. */
  private readonly rowColumns: Int32Array;
  private readonly rowValues: Float64Array;

  constructor(
    readonly matrix: DesignMatrix,
    readonly targets: Int32Array,
    readonly classes: number,
    readonly weights: Float64Array | null,
    readonly l2: number,
    readonly l1: number,
    readonly fitIntercept: boolean,
  ) {
    const n = matrix.columns;
    this.penalizedCount = classes * n;
    this.examples = matrix.rows;
    this.features = n;
    this.dim = classes * (n + (fitIntercept ? 1 : 0));
    if (matrix instanceof CsrMatrix) {
      this.dense = null;
      this.indptr = matrix.indptr;
      this.indices = matrix.indices;
      this.values = matrix.values;
    } else {
      this.dense = (matrix as DenseMatrix<Float64Array | Float32Array>).data;
      this.indptr = new Int32Array(0);
      this.indices = new Int32Array(0);
      this.values = new Float64Array(0);
    }
    this.cachedProbabilities = new Float64Array(matrix.rows * classes);
    this.cachedTheta = new Float64Array(this.dim);
    this.logits = new Float64Array(classes);
    this.probabilities = new Float64Array(classes);
    this.directionLogits = new Float64Array(classes);
    // A CSR row may store a column more than once, so it can hold more than n entries.
    let longestRow = n;
    for (let i = 0; i < this.indptr.length - 1; i++) {
      longestRow = Math.max(longestRow, this.indptr[i + 1]! - this.indptr[i]!);
    }
    this.rowColumns = new Int32Array(longestRow);
    this.rowValues = new Float64Array(longestRow);
  }

  /** (λ/2) ‖W‖²_F, the intercepts excluded (see l2Penalty: exactly 0 when λ = 0). */
  private penalty(theta: Float64Array): number {
    return l2Penalty(theta, this.classes * this.features, this.l2);
  }

  /** Writes z = W x_row + b (or the same for a direction V in θ's layout) into `out`. */
  private rowLogits(row: number, theta: Float64Array, out: Float64Array): void {
    const { classes, features: n, fitIntercept } = this;
    const interceptOffset = classes * n;
    const dense = this.dense;
    if (dense !== null) {
      const offset = row * n;
      for (let k = 0; k < classes; k++) {
        const base = k * n;
        let sum = 0;
        for (let j = 0; j < n; j++) sum += dense[offset + j]! * theta[base + j]!;
        out[k] = fitIntercept ? sum + theta[interceptOffset + k]! : sum;
      }
    } else {
      const { indptr, indices, values } = this;
      const start = indptr[row]!;
      const end = indptr[row + 1]!;
      for (let k = 0; k < classes; k++) {
        const base = k * n;
        let sum = 0;
        for (let p = start; p < end; p++) sum += values[p]! * theta[base + indices[p]!]!;
        out[k] = fitIntercept ? sum + theta[interceptOffset + k]! : sum;
      }
    }
  }

  /**
   * From the logits in `this.logits`, writes softmax(z) into `this.probabilities` and returns the loss
   * logsumexp(z) − z_target (target < 0: the loss is not needed, and 0 is returned).
   */
  private softmaxAndLoss(target: number): number {
    const { logits, probabilities, classes } = this;
    let maxIndex = 0;
    let max = logits[0]!;
    for (let k = 1; k < classes; k++) {
      if (logits[k]! > max) {
        max = logits[k]!;
        maxIndex = k;
      }
    }
    // Σ_{k ≠ argmax} e^{z_k − z_max}: every exponent ≤ 0, and the 1 of the largest logit is kept apart so
    // that log1p keeps the loss of a confidently right example exact.
    let others = 0;
    for (let k = 0; k < classes; k++) {
      if (k === maxIndex) continue;
      const e = Math.exp(logits[k]! - max);
      probabilities[k] = e;
      others += e;
    }
    const normalizer = 1 + others;
    for (let k = 0; k < classes; k++)
      probabilities[k] = k === maxIndex ? 1 / normalizer : probabilities[k]! / normalizer;
    if (target < 0) return 0;
    return max - logits[target]! + Math.log1p(others);
  }

  /**
   * p_target − 1 for the row whose softmax is in `this.probabilities`: −Σ_{k≠target} p_k when p_target > ½
   * (so that a confident right answer gives a tiny residual to full relative precision, not 1 − (1 − tiny)),
   * else p_target − 1, which has no cancellation for p ≤ ½.
   */
  private targetResidual(target: number): number {
    const { probabilities, classes } = this;
    const p = probabilities[target]!;
    if (p <= 0.5) return p - 1;
    let others = 0;
    for (let k = 0; k < classes; k++) if (k !== target) others += probabilities[k]!;
    return -others;
  }

  /** Whether the cached probabilities belong to θ (compared by value: a caller may reuse its buffer). */
  private cachedAt(theta: Float64Array): boolean {
    if (!this.cacheValid) return false;
    const cached = this.cachedTheta;
    for (let j = 0; j < cached.length; j++) if (cached[j] !== theta[j]) return false;
    return true;
  }

  /** Makes the cached probabilities those at θ, in one pass over X unless they already are. */
  private cacheProbabilities(theta: Float64Array): void {
    if (this.cachedAt(theta)) return;
    const { classes, logits, probabilities, cachedProbabilities } = this;
    for (let i = 0; i < this.examples; i++) {
      this.rowLogits(i, theta, logits);
      this.softmaxAndLoss(-1);
      for (let k = 0; k < classes; k++) cachedProbabilities[i * classes + k] = probabilities[k]!;
    }
    this.cachedTheta.set(theta);
    this.cacheValid = true;
  }

  /** Σ over the selected rows of c_i ℓ_i; rows = null selects [start, end) directly. */
  private lossSum(theta: Float64Array, rows: Int32Array | null, start: number, end: number): number {
    const { targets, weights, logits } = this;
    let sum = 0;
    for (let s = start; s < end; s++) {
      const i = rows === null ? s : rows[s]!;
      if (rows !== null) checkRowNumber(i, s, this.examples);
      this.rowLogits(i, theta, logits);
      const loss = this.softmaxAndLoss(targets[i]!);
      sum += weights === null ? loss : weights[i]! * loss;
    }
    return sum;
  }

  /** Σ c_i ℓ_i over the selection, with Σ c_i (p_i − e_{y_i}) ⊗ x̃_i written to grad. */
  private lossAndGradientSum(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array | null,
    start: number,
    end: number,
  ): number {
    const { targets, weights, logits, probabilities, classes, features: n, fitIntercept, dense } = this;
    const cachedProbabilities = this.cachedProbabilities;
    const interceptOffset = classes * n;
    // A full pass refills the cache below; until it has, the cache holds no θ's probabilities.
    this.cacheValid = false;
    grad.fill(0);
    let sum = 0;
    for (let s = start; s < end; s++) {
      const i = rows === null ? s : rows[s]!;
      if (rows !== null) checkRowNumber(i, s, this.examples);
      const target = targets[i]!;
      this.rowLogits(i, theta, logits);
      const loss = this.softmaxAndLoss(target);
      const weight = weights === null ? 1 : weights[i]!;
      sum += weight * loss;
      if (rows === null)
        for (let k = 0; k < classes; k++) cachedProbabilities[i * classes + k] = probabilities[k]!;
      // probabilities now holds the residuals c_i (p_k − δ_{k, y_i}).
      const targetResidual = this.targetResidual(target);
      for (let k = 0; k < classes; k++) {
        probabilities[k] = weight * (k === target ? targetResidual : probabilities[k]!);
      }
      if (dense !== null) {
        const offset = i * n;
        for (let k = 0; k < classes; k++) {
          const residual = probabilities[k]!;
          const base = k * n;
          for (let j = 0; j < n; j++) grad[base + j]! += residual * dense[offset + j]!;
        }
      } else {
        const { indptr, indices, values } = this;
        const rowStart = indptr[i]!;
        const rowEnd = indptr[i + 1]!;
        for (let k = 0; k < classes; k++) {
          const residual = probabilities[k]!;
          const base = k * n;
          for (let p = rowStart; p < rowEnd; p++) grad[base + indices[p]!]! += residual * values[p]!;
        }
      }
      if (fitIntercept) for (let k = 0; k < classes; k++) grad[interceptOffset + k]! += probabilities[k]!;
    }
    return sum;
  }

  /** grad ← grad / count + λ [W, 0]: the summed gradient made a mean, plus the penalty's gradient. */
  private finishGradient(theta: Float64Array, grad: Float64Array, count: number): void {
    const coefficients = this.classes * this.features;
    const scale = 1 / count;
    for (let j = 0; j < coefficients; j++) grad[j] = grad[j]! * scale + this.l2 * theta[j]!;
    for (let j = coefficients; j < this.dim; j++) grad[j] = grad[j]! * scale;
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
    this.cachedTheta.set(theta);
    this.cacheValid = true;
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

  /**
   * ∇²f(θ) v in one pass: with u_i = V x̃_i (the direction's logits) and p_i = softmax(z_i),
   * (diag(p_i) − p_i p_iᵀ) u_i = p_i ⊙ (u_i − p_iᵀu_i), so
   * ∇²f v = (1/m) Σ_i c_i [p_i ⊙ (u_i − p_iᵀu_i)] ⊗ x̃_i + λ [V_W, 0].
   */
  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
    const { weights, probabilities, directionLogits, classes, features: n, fitIntercept, dense } = this;
    const m = this.examples;
    const interceptOffset = classes * n;
    this.cacheProbabilities(theta);
    const cachedProbabilities = this.cachedProbabilities;
    out.fill(0);
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < classes; k++) probabilities[k] = cachedProbabilities[i * classes + k]!;
      this.rowLogits(i, v, directionLogits);
      let mean = 0;
      for (let k = 0; k < classes; k++) mean += probabilities[k]! * directionLogits[k]!;
      const weight = weights === null ? 1 : weights[i]!;
      // directionLogits now holds c_i p_ik (u_ik − p_iᵀu_i).
      for (let k = 0; k < classes; k++) {
        directionLogits[k] = weight * probabilities[k]! * (directionLogits[k]! - mean);
      }
      if (dense !== null) {
        const offset = i * n;
        for (let k = 0; k < classes; k++) {
          const scaled = directionLogits[k]!;
          const base = k * n;
          for (let j = 0; j < n; j++) out[base + j]! += scaled * dense[offset + j]!;
        }
      } else {
        const { indptr, indices, values } = this;
        const rowStart = indptr[i]!;
        const rowEnd = indptr[i + 1]!;
        for (let k = 0; k < classes; k++) {
          const scaled = directionLogits[k]!;
          const base = k * n;
          for (let p = rowStart; p < rowEnd; p++) out[base + indices[p]!]! += scaled * values[p]!;
        }
      }
      if (fitIntercept) for (let k = 0; k < classes; k++) out[interceptOffset + k]! += directionLogits[k]!;
    }
    const scale = 1 / m;
    for (let j = 0; j < interceptOffset; j++) out[j] = out[j]! * scale + this.l2 * v[j]!;
    for (let j = interceptOffset; j < this.dim; j++) out[j] = out[j]! * scale;
  }

  /** Writes x_row as (column, value) pairs of its non-zeros into rowColumns/rowValues; returns how many. */
  private gatherRow(row: number): number {
    const { rowColumns, rowValues, dense, features: n } = this;
    let count = 0;
    if (dense !== null) {
      const offset = row * n;
      for (let j = 0; j < n; j++) {
        const x = dense[offset + j]!;
        if (x !== 0) {
          rowColumns[count] = j;
          rowValues[count] = x;
          count++;
        }
      }
    } else {
      const { indptr, indices, values } = this;
      for (let p = indptr[row]!; p < indptr[row + 1]!; p++) {
        rowColumns[count] = indices[p]!;
        rowValues[count] = values[p]!;
        count++;
      }
    }
    return count;
  }

  /** The class (block) that parameter `index` belongs to: W_k's row or b_k. */
  private classOf(index: number): number {
    const interceptOffset = this.classes * this.features;
    return index < interceptOffset ? Math.floor(index / this.features) : index - interceptOffset;
  }

  /**
   * The d × d Hessian, row-major, d = K (n + 1) (or K n): (1/m) Σ_i c_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ
   * plus λ on W's diagonal. Each row adds, for every class pair k ≤ l, a_kl x̃ x̃ᵀ with
   * a_kl = c_i (p_k δ_kl − p_k p_l) to block (k, l) (the upper triangle within a class's own block); the
   * blocks below are mirrored at the end. Singular along the all-classes intercept shift (0, 1_K).
   */
  hessian(theta: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("out", out, this.dim * this.dim);
    const { weights, classes, features: n, fitIntercept, dense, dim } = this;
    const { rowColumns, rowValues } = this;
    const m = this.examples;
    const interceptOffset = classes * n;
    this.cacheProbabilities(theta);
    const cachedProbabilities = this.cachedProbabilities;
    out.fill(0);
    // Dense rows come out sorted without repeats, so a class's own block needs only q ≥ p; a CSR row may
    // repeat or shuffle its columns, so it visits every pair (p, q) and keeps those on or above the diagonal.
    const sorted = dense !== null;
    // Class pairs outside, rows inside: each pass adds into one (n + 1)² block of H, which stays in cache.
    for (let k = 0; k < classes; k++) {
      const interceptRow = (interceptOffset + k) * dim;
      for (let l = k; l < classes; l++) {
        const blockColumn = l * n;
        for (let i = 0; i < m; i++) {
          const rowProbabilities = i * classes;
          const pk = cachedProbabilities[rowProbabilities + k]!;
          let curvature: number;
          if (k === l) {
            // p_k (1 − p_k) as p_k Σ_{l≠k} p_l: no cancellation when p_k is near 1.
            let others = 0;
            for (let c = 0; c < classes; c++)
              if (c !== k) others += cachedProbabilities[rowProbabilities + c]!;
            curvature = pk * others;
          } else {
            curvature = -pk * cachedProbabilities[rowProbabilities + l]!;
          }
          if (weights !== null) curvature *= weights[i]!;
          if (curvature === 0) continue;
          const count = this.gatherRow(i);
          // Block (k, l) holds the sum when k < l; within class k, the upper triangle (W_k before b_k).
          for (let p = 0; p < count; p++) {
            const r = k * n + rowColumns[p]!;
            const scaled = curvature * rowValues[p]!;
            const outRow = r * dim + blockColumn;
            if (k < l) {
              for (let q = 0; q < count; q++) out[outRow + rowColumns[q]!]! += scaled * rowValues[q]!;
            } else if (sorted) {
              for (let q = p; q < count; q++) out[outRow + rowColumns[q]!]! += scaled * rowValues[q]!;
            } else {
              for (let q = 0; q < count; q++) {
                if (rowColumns[q]! >= rowColumns[p]!) out[outRow + rowColumns[q]!]! += scaled * rowValues[q]!;
              }
            }
            if (fitIntercept) out[r * dim + interceptOffset + l]! += scaled;
          }
          if (fitIntercept) {
            // Row b_k: against W_l (only between classes; within class k it is (W_k, b_k) above) and b_l.
            if (k < l) {
              for (let q = 0; q < count; q++) {
                out[interceptRow + blockColumn + rowColumns[q]!]! += curvature * rowValues[q]!;
              }
            }
            out[interceptRow + interceptOffset + l]! += curvature;
          }
        }
      }
    }
    const scale = 1 / m;
    for (let r = 0; r < dim; r++) {
      const classR = this.classOf(r);
      out[r * dim + r] = out[r * dim + r]! * scale + (r < interceptOffset ? this.l2 : 0);
      for (let c = r + 1; c < dim; c++) {
        const classC = this.classOf(c);
        // The sum is at (r, c) when r's class comes first or both share one; else at (c, r).
        const entry = (classR <= classC ? out[r * dim + c]! : out[c * dim + r]!) * scale;
        out[r * dim + c] = entry;
        out[c * dim + r] = entry;
      }
    }
  }
}
