import type { DesignMatrix, MultinomialObjective, MultinomialProblem } from "@descent/core";
import { checkRowWindow, checkVector, l2Penalty } from "@descent/core";
import { claimArena, kernelMatrixArguments, loadRowIndices } from "./arenaLoading.js";
import type { KernelArena, StoragePrecision } from "./kernelMemory.js";
import type { KernelMultinomialObjective } from "./kernelMultinomialObjective.js";
import type {
  MultinomialHessianVectorProductKernel,
  MultinomialLossAndGradientKernel,
  MultinomialLossKernel,
} from "./webAssembly.js";

/**
 * The multinomial objective on the WebAssembly kernels (logistic.wat; dense X in float64 or float32, or CSR):
 * the same function, derivatives and θ layout as core's TypeScript reference (multinomialObjective.ts),
 * which is its reference in the tests. Each call copies θ (and v) into the arena (for CSR X transposed to
 * the CSR kernels' layout [b | Wᵀ], and the sums back), runs one kernel pass over X, and finishes in
 * TypeScript as the reference does (the sums divided by the row count, λ W added). The
 * Hessian, (K (n + 1))², is the reference's, formed over the same memory (its O(K² n² m) pairs of classes
 * and features are not a pass the kernels would speed up much next to Newton's solve; newton's "truncated"
 * mode needs only the Hessian-vector products). Nothing is allocated per call (but for the reference's
 * buffers, on the first Hessian).
 */
export class WasmMultinomialObjective implements KernelMultinomialObjective {
  readonly backend = "kernels";
  readonly threads = 1;
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  readonly classes: number;
  readonly matrix: DesignMatrix;
  readonly targets: Int32Array;
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly l1: number;
  readonly penalizedCount: number;
  readonly fitIntercept: boolean;
  /**
   * X in the kernels' first three arguments, (x, columns, float32) for dense X and (indptr, indices,
   * values) for CSR, with the kernels of that form: chosen once, so that a pass has no branch on the form.
   */
  private readonly dataOrIndptr: number;
  private readonly columnsOrIndices: number;
  private readonly float32OrValues: number;
  private readonly lossKernel: MultinomialLossKernel;
  private readonly lossAndGradientKernel: MultinomialLossAndGradientKernel;
  private readonly hessianVectorProductKernel: MultinomialHessianVectorProductKernel;
  /** CSR X: θ, v and the sums are in the layout [b | Wᵀ] in the arena. */
  private readonly transposed: boolean;
  private readonly weightsAddress: number;
  private hessianPath: MultinomialObjective | null = null;

  constructor(
    private readonly arena: KernelArena,
    /** The checked problem; its matrix is the caller's, shown as `matrix`. */
    problem: MultinomialProblem,
    readonly precision: StoragePrecision,
    /**
     * Makes the reference over the arena's X, which forms the Hessian: made on the first call to hessian,
     * so that a fit that never asks for it never holds the reference's m × K buffer.
     */
    private readonly makeHessianPath: () => MultinomialObjective,
  ) {
    const { matrix, classes } = problem;
    this.matrix = matrix;
    this.targets = problem.targets;
    this.weights = problem.weights;
    this.l2 = problem.l2;
    // The L1 part is not computed here: the optimizers that handle it read λ1 (see Objective.l1).
    this.l1 = problem.l1;
    this.fitIntercept = problem.fitIntercept;
    this.classes = classes;
    this.examples = matrix.rows;
    this.features = matrix.columns;
    this.penalizedCount = classes * matrix.columns;
    this.dim = classes * (matrix.columns + (problem.fitIntercept ? 1 : 0));
    const kernels = arena.kernels;
    this.transposed = matrix.kind === "csr";
    ({
      dataOrIndptr: this.dataOrIndptr,
      columnsOrIndices: this.columnsOrIndices,
      float32OrValues: this.float32OrValues,
    } = kernelMatrixArguments(arena, matrix, precision));
    if (matrix.kind === "csr") {
      this.lossKernel = kernels.csrMultinomialLoss;
      this.lossAndGradientKernel = kernels.csrMultinomialLossAndGradient;
      this.hessianVectorProductKernel = kernels.csrMultinomialHessianVectorProduct;
    } else {
      this.lossKernel = kernels.multinomialLoss;
      this.lossAndGradientKernel = kernels.multinomialLossAndGradient;
      this.hessianVectorProductKernel = kernels.multinomialHessianVectorProduct;
    }
    // Address 0 tells the kernels that every weight is 1.
    this.weightsAddress = problem.weights === null ? 0 : arena.weightsAddress;
  }

  /**
   * Makes the arena hold this objective's class indices, weights and θ (b = 0 without intercepts: the
   * kernels always read K intercepts). ThreadedMultinomialObjective loads through it too.
   */
  load(theta: Float64Array): void {
    const arena = this.arena;
    claimArena(arena, this, this.targets, this.weights);
    this.copyParameters(theta, arena.theta);
  }

  /** Copies v into the arena's direction, in θ's layout (zeros for the intercepts when there are none). */
  loadDirection(v: Float64Array): void {
    this.copyParameters(v, this.arena.direction);
  }

  /** θ's layout [W, b] into the kernels' ([W, b] dense, [b, Wᵀ] CSR), b = 0 without intercepts. */
  private copyParameters(from: Float64Array, to: Float64Array): void {
    const { penalizedCount: coefficients, classes, features: n } = this;
    if (this.transposed) {
      for (let k = 0; k < classes; k++) {
        to[k] = this.fitIntercept ? from[coefficients + k]! : 0;
        for (let j = 0; j < n; j++) to[classes + j * classes + k] = from[k * n + j]!;
      }
      return;
    }
    for (let j = 0; j < coefficients; j++) to[j] = from[j]!;
    for (let k = 0; k < classes; k++) to[coefficients + k] = this.fitIntercept ? from[coefficients + k]! : 0;
  }

  /**
   * Scratch 0 ← Σ c_i ℓ_i over the selection (rows = 0: rows first … first + count − 1; else the arena's
   * row indices). Also the calling thread's share in ThreadedMultinomialObjective.
   */
  lossPass(rows: number, first: number, count: number): void {
    const arena = this.arena;
    this.lossKernel(
      this.dataOrIndptr,
      this.columnsOrIndices,
      this.float32OrValues,
      rows,
      first,
      count,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      this.classes,
      arena.workspaceAddress,
    );
  }

  /** Scratch 0 ← Σ c_i ℓ_i; arena gradient += Σ c_i (p_i − e_{y_i}) ⊗ x̃_i over the selection. */
  gradientPass(rows: number, first: number, count: number): void {
    const arena = this.arena;
    this.lossAndGradientKernel(
      this.dataOrIndptr,
      this.columnsOrIndices,
      this.float32OrValues,
      rows,
      first,
      count,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      this.classes,
      arena.gradientAddress,
      arena.workspaceAddress,
    );
  }

  /** Arena gradient += Σ c_i [(diag p_i − p_i p_iᵀ) V x̃_i] ⊗ x̃_i over rows first … first + count − 1. */
  hessianVectorProductPass(first: number, count: number): void {
    const arena = this.arena;
    this.hessianVectorProductKernel(
      this.dataOrIndptr,
      this.columnsOrIndices,
      this.float32OrValues,
      first,
      count,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      this.classes,
      arena.directionAddress,
      arena.gradientAddress,
      arena.workspaceAddress,
    );
  }

  value(theta: Float64Array): number {
    checkVector("theta", theta, this.dim);
    this.load(theta);
    const m = this.examples;
    this.lossPass(0, 0, m);
    return this.arena.scratch[0]! / m + l2Penalty(theta, this.penalizedCount, this.l2);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    checkVector("theta", theta, this.dim);
    checkRowWindow(rows, start, end);
    this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    let sum = 0;
    // A selection longer than m (rows may repeat) is taken m rows at a time: the index buffer holds m.
    for (let from = start; from < end; from += m) {
      const to = Math.min(end, from + m);
      loadRowIndices(arena, rows, from, to, m);
      this.lossPass(arena.rowIndicesAddress, 0, to - from);
      sum += arena.scratch[0]!;
    }
    return sum / (end - start) + l2Penalty(theta, this.penalizedCount, this.l2);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
    this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    arena.gradient.fill(0);
    this.gradientPass(0, 0, m);
    return this.finishGradientSums(theta, grad, arena.scratch[0]!, m);
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
    this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    arena.gradient.fill(0);
    let sum = 0;
    for (let from = start; from < end; from += m) {
      const to = Math.min(end, from + m);
      loadRowIndices(arena, rows, from, to, m);
      this.gradientPass(arena.rowIndicesAddress, 0, to - from);
      sum += arena.scratch[0]!;
    }
    return this.finishGradientSums(theta, grad, sum, end - start);
  }

  /**
   * grad ← the arena's summed gradient / count + λ [W, 0], as the reference's finishGradient; returns f from
   * the summed loss over `count` rows.
   */
  finishGradientSums(theta: Float64Array, grad: Float64Array, lossSum: number, count: number): number {
    this.finishSums(theta, grad, count);
    return lossSum / count + l2Penalty(theta, this.penalizedCount, this.l2);
  }

  /** out ← the arena's summed products / m + λ [V_W, 0], as the reference's hessianVectorProduct ends. */
  finishHessianVectorProductSums(v: Float64Array, out: Float64Array): void {
    this.finishSums(v, out, this.examples);
  }

  /** out ← summed / count + λ [p_W, 0] for the parameters p (θ or v); the intercepts' sums kept if fitted. */
  private finishSums(parameters: Float64Array, out: Float64Array, count: number): void {
    const summed = this.arena.gradient;
    const { penalizedCount: coefficients, classes, features: n } = this;
    const scale = 1 / count;
    if (this.transposed) {
      for (let k = 0; k < classes; k++) {
        for (let j = 0; j < n; j++) {
          const at = k * n + j;
          out[at] = summed[classes + j * classes + k]! * scale + this.l2 * parameters[at]!;
        }
        if (this.fitIntercept) out[coefficients + k] = summed[k]! * scale;
      }
      return;
    }
    for (let j = 0; j < coefficients; j++) out[j] = summed[j]! * scale + this.l2 * parameters[j]!;
    if (this.fitIntercept) {
      for (let k = 0; k < classes; k++) out[coefficients + k] = summed[coefficients + k]! * scale;
    }
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
    this.load(theta);
    this.loadDirection(v);
    this.arena.gradient.fill(0);
    this.hessianVectorProductPass(0, this.examples);
    this.finishHessianVectorProductSums(v, out);
  }

  /** The reference's Hessian over the arena's X (see the class comment). */
  hessian(theta: Float64Array, out: Float64Array): void {
    this.hessianPath ??= this.makeHessianPath();
    this.hessianPath.hessian(theta, out);
  }
}
