import type { LogisticObjective, LogisticProblem, StoredMatrix } from "@descent/core";
import {
  checkRowWindow,
  checkVector,
  finishGradient,
  finishHessian,
  finishHessianVectorProduct,
  l2Penalty,
} from "@descent/core";
import { claimArena, kernelMatrixArguments, loadRowIndices } from "./arenaLoading.js";
import type { KernelLogisticObjective } from "./kernelLogisticObjective.js";
import type { KernelArena, StoragePrecision } from "./kernelMemory.js";
import type {
  HessianKernel,
  HessianVectorProductKernel,
  LossAndGradientKernel,
  LossKernel,
} from "./webAssembly.js";

/**
 * The logistic objective on the WebAssembly kernels (logistic.wat): the same function, derivatives and
 * contract as the TypeScript path in logisticObjective.ts, which is its reference in the tests. Each call
 * copies θ (and v) into the arena, runs one kernel pass over the data there (dense or CSR), and finishes
 * in TypeScript exactly as the reference does. Nothing is allocated per call.
 */
export class WasmLogisticObjective implements KernelLogisticObjective {
  readonly backend = "kernels";
  readonly threads = 1;
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  /**
   * X in the kernels' first three arguments, (x, columns, float32) for dense X and (indptr, indices,
   * values) for CSR, with the kernels of that form: chosen once, so that a pass has no branch on the form.
   */
  private readonly dataOrIndptr: number;
  private readonly columnsOrIndices: number;
  private readonly float32OrValues: number;
  private readonly lossKernel: LossKernel;
  private readonly lossAndGradientKernel: LossAndGradientKernel;
  private readonly hessianVectorProductKernel: HessianVectorProductKernel;
  private readonly hessianKernel: HessianKernel;
  private readonly weightsAddress: number;

  /** A view of the arena's X. */
  readonly matrix: StoredMatrix;
  readonly targets: Float64Array;
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly l1: number;
  readonly penalizedCount: number;
  readonly fitIntercept: boolean;

  constructor(
    private readonly arena: KernelArena,
    /** The checked problem, its matrix a view of the arena's X. */
    problem: LogisticProblem,
    readonly precision: StoragePrecision,
    /**
     * Forms the Hessian where the arena keeps none: for X whose Hessian is over KERNEL_HESSIAN_LIMIT_BYTES.
     * The TypeScript path, over the same memory.
     */
    private readonly hessianFallback: LogisticObjective | null,
  ) {
    const { matrix, weights, fitIntercept } = problem;
    this.matrix = matrix;
    this.targets = problem.targets;
    this.weights = weights;
    this.l2 = problem.l2;
    // The L1 part is not computed here: the optimizers that handle it read λ1 (see Objective.l1).
    this.l1 = problem.l1;
    this.penalizedCount = matrix.columns;
    this.fitIntercept = fitIntercept;
    this.examples = matrix.rows;
    this.features = matrix.columns;
    this.dim = matrix.columns + (fitIntercept ? 1 : 0);
    const kernels = arena.kernels;
    ({
      dataOrIndptr: this.dataOrIndptr,
      columnsOrIndices: this.columnsOrIndices,
      float32OrValues: this.float32OrValues,
    } = kernelMatrixArguments(arena, matrix, precision));
    if (matrix.kind === "csr") {
      this.lossKernel = kernels.csrLoss;
      this.lossAndGradientKernel = kernels.csrLossAndGradient;
      this.hessianVectorProductKernel = kernels.csrHessianVectorProduct;
      this.hessianKernel = kernels.csrHessian;
    } else {
      this.lossKernel = kernels.loss;
      this.lossAndGradientKernel = kernels.lossAndGradient;
      this.hessianVectorProductKernel = kernels.hessianVectorProduct;
      this.hessianKernel = kernels.hessian;
    }
    // Address 0 tells the kernels that every weight is 1.
    this.weightsAddress = weights === null ? 0 : arena.weightsAddress;
  }

  /**
   * Makes the arena hold this objective's targets, weights and w; returns the intercept b (0 if none).
   * ThreadedLogisticObjective, which runs on this objective's arena, loads through it too.
   */
  load(theta: Float64Array): number {
    const arena = this.arena;
    claimArena(arena, this, this.targets, this.weights);
    const w = arena.theta;
    const n = this.features;
    for (let j = 0; j < n; j++) w[j] = theta[j]!;
    return this.fitIntercept ? theta[n]! : 0;
  }

  /**
   * Scratch 0 ← Σ c_i ℓ_i over the selection (rows = 0: rows first … first + count − 1). The passes are
   * also the calling thread's share in ThreadedLogisticObjective.
   */
  lossPass(rows: number, first: number, count: number, b: number): void {
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
      b,
    );
  }

  /** Scratch 0 ← Σ c_i ℓ_i, scratch 8 ← Σ c_i r_i, arena gradient += Σ c_i r_i x_i over the selection. */
  gradientPass(rows: number, first: number, count: number, b: number): void {
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
      b,
      arena.gradientAddress,
    );
  }

  /**
   * Scratch 8 ← Σ p_i, arena gradient += Σ p_i x_i over rows first … first + count − 1 (the kernels' p_i,
   * for the v that loadDirection put in the arena).
   */
  hessianVectorProductPass(first: number, count: number, b: number, interceptV: number): void {
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
      b,
      arena.directionAddress,
      interceptV,
      arena.gradientAddress,
    );
  }

  /** Copies v's coefficients into the arena's direction; returns its intercept (0 if none). */
  loadDirection(v: Float64Array): number {
    const direction = this.arena.direction;
    const n = this.features;
    for (let j = 0; j < n; j++) direction[j] = v[j]!;
    return this.fitIntercept ? v[n]! : 0;
  }

  value(theta: Float64Array): number {
    checkVector("theta", theta, this.dim);
    const b = this.load(theta);
    const m = this.examples;
    this.lossPass(0, 0, m, b);
    return this.arena.scratch[0]! / m + l2Penalty(theta, this.features, this.l2);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    checkVector("theta", theta, this.dim);
    checkRowWindow(rows, start, end);
    const b = this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    let sum = 0;
    // A selection longer than m (rows may repeat) is taken m rows at a time: the index buffer holds m.
    for (let from = start; from < end; from += m) {
      const to = Math.min(end, from + m);
      loadRowIndices(arena, rows, from, to, m);
      this.lossPass(arena.rowIndicesAddress, 0, to - from, b);
      sum += arena.scratch[0]!;
    }
    return sum / (end - start) + l2Penalty(theta, this.features, this.l2);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
    const b = this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    arena.gradient.fill(0);
    this.gradientPass(0, 0, m, b);
    return this.finishGradientSums(theta, grad, arena.scratch[0]!, arena.scratch[1]!, m);
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
    const b = this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    arena.gradient.fill(0);
    let sum = 0;
    let interceptSum = 0;
    for (let from = start; from < end; from += m) {
      const to = Math.min(end, from + m);
      loadRowIndices(arena, rows, from, to, m);
      this.gradientPass(arena.rowIndicesAddress, 0, to - from, b);
      sum += arena.scratch[0]!;
      interceptSum += arena.scratch[1]!;
    }
    return this.finishGradientSums(theta, grad, sum, interceptSum, end - start);
  }

  /**
   * Moves the summed gradient in the arena (with the intercept's sum) into grad, finishes it as the
   * reference does, and returns f from the summed loss over `count` rows.
   */
  finishGradientSums(
    theta: Float64Array,
    grad: Float64Array,
    lossSum: number,
    interceptSum: number,
    count: number,
  ): number {
    const summed = this.arena.gradient;
    const n = this.features;
    for (let j = 0; j < n; j++) grad[j] = summed[j]!;
    if (this.fitIntercept) grad[n] = interceptSum;
    finishGradient(theta, grad, count, n, this.l2, this.fitIntercept);
    return lossSum / count + l2Penalty(theta, n, this.l2);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
    const b = this.load(theta);
    const interceptV = this.loadDirection(v);
    this.arena.gradient.fill(0);
    this.hessianVectorProductPass(0, this.examples, b, interceptV);
    this.finishHessianVectorProductSums(v, out, this.arena.scratch[1]!);
  }

  /** Moves the summed product in the arena (and the intercept's sum) into out; finishes as the reference does. */
  finishHessianVectorProductSums(v: Float64Array, out: Float64Array, interceptSum: number): void {
    const summed = this.arena.gradient;
    const n = this.features;
    for (let j = 0; j < n; j++) out[j] = summed[j]!;
    if (this.fitIntercept) out[n] = interceptSum;
    finishHessianVectorProduct(v, out, this.examples, n, this.l2, this.fitIntercept);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("out", out, this.dim * this.dim);
    const summed = this.arena.hessian;
    if (summed === null) {
      this.hessianFallback!.hessian(theta, out);
      return;
    }
    const b = this.load(theta);
    const arena = this.arena;
    const dim = this.dim;
    summed.fill(0, 0, dim * dim);
    this.hessianKernel(
      this.dataOrIndptr,
      this.columnsOrIndices,
      this.float32OrValues,
      0,
      this.examples,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      b,
      arena.hessianAddress,
      dim,
      this.fitIntercept ? 1 : 0,
    );
    for (let k = 0; k < dim * dim; k++) out[k] = summed[k]!;
    finishHessian(out, dim, this.examples, this.features, this.l2);
  }
}
