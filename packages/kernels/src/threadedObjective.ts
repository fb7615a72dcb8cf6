import { checkRowWindow, checkVector, l2Penalty } from "@descent/core";
import type { KernelLogisticObjective } from "./kernelLogisticObjective.js";
import { type SharedKernelArena, WORKER_SCRATCH_BYTES } from "./kernelMemory.js";
import type { ObjectiveThreadPool } from "./objectiveThreadPool.js";
import { addWorkerPartials, ThreadedKernelObjective } from "./threadedWorkers.js";
import type { WasmLogisticObjective } from "./wasmObjective.js";

/** Below this many entries of X a pass is too short to repay waking the workers: one thread runs it. */
export const DEFAULT_THREADED_MINIMUM_ENTRIES = 2 ** 20;

/**
 * The kernels that the workers run, by their index in this list (see KernelWorkers.start): the dense ones,
 * then their CSR forms, CSR_KERNELS further on, which take the same arguments but for the first three.
 */
const THREADED_KERNELS = [
  "lossAndGradient",
  "loss",
  "hessianVectorProduct",
  "csrLossAndGradient",
  "csrLoss",
  "csrHessianVectorProduct",
] as const;
const LOSS_AND_GRADIENT = 0;
const LOSS = 1;
const HESSIAN_VECTOR_PRODUCT = 2;
const CSR_KERNELS = 3;

/**
 * The logistic objective on the WebAssembly kernels with its full passes (value, valueAndGradient,
 * hessianVectorProduct) split across the threads of an ObjectiveThreadPool: thread t (the caller is thread
 * 0) takes a contiguous share of the rows, cut at multiples of the kernels' block of 8 for dense X, and for
 * CSR X where the shares hold about equal work (see csrRowShares), and writes its partial sums into its
 * own region; the caller then adds the partials in thread order and finishes as the single-threaded path
 * does. The split and the order of the additions depend only on m (CSR: indptr) and the number of threads,
 * so a call repeats bit for bit whatever the scheduling, and so does any pool of the same size.
 * Everything else (the Hessian, passes over selected rows) is the single-threaded `delegate` over the same
 * memory.
 */
export class ThreadedLogisticObjective
  extends ThreadedKernelObjective<WasmLogisticObjective>
  implements KernelLogisticObjective
{
  private readonly weightsAddress: number;

  constructor(shared: SharedKernelArena, pool: ObjectiveThreadPool, delegate: WasmLogisticObjective) {
    // Per worker: the loss sum and the intercept's (scratch +0, +8) and the partial gradient (n numbers).
    super(shared, pool, delegate, THREADED_KERNELS, CSR_KERNELS, 2, delegate.features);
    this.weightsAddress = this.weights === null ? 0 : shared.arena.weightsAddress;
  }

  /**
   * Starts `kernel` on every worker over its share of the rows: the arguments of lossAndGradient and loss
   * (x, columns, float32, rows, first, count, targets, weights, θ, b, gradient), or of hessianVectorProduct
   * (x, columns, float32, first, count, targets, weights, θ, b, v, vb, out), each address made relative to
   * the worker's base, (address − base) | 0 (weights stays 0 when there are none: 0 is the kernels' "every
   * weight is 1"). For CSR X, the CSR form of the kernel, with (indptr, indices, values) in place of (x,
   * columns, float32); those three are set in the constructor.
   */
  private startWorkers(kernel: number, b: number, interceptV: number): void {
    const arena = this.arena;
    for (let t = 1; t < this.threads; t++) {
      const base = this.bases[t - 1]!;
      const args = this.workerArguments[t - 1]!;
      const first = this.starts[t]!;
      const count = this.starts[t + 1]! - first;
      const weights = this.weightsAddress === 0 ? 0 : (this.weightsAddress - base) | 0;
      const gradient = WORKER_SCRATCH_BYTES;
      if (kernel === HESSIAN_VECTOR_PRODUCT) {
        args[3] = first;
        args[4] = count;
        args[5] = (arena.targetsAddress - base) | 0;
        args[6] = weights;
        args[7] = (arena.thetaAddress - base) | 0;
        args[8] = b;
        args[9] = (arena.directionAddress - base) | 0;
        args[10] = interceptV;
        args[11] = gradient;
      } else {
        args[3] = 0;
        args[4] = first;
        args[5] = count;
        args[6] = (arena.targetsAddress - base) | 0;
        args[7] = weights;
        args[8] = (arena.thetaAddress - base) | 0;
        args[9] = b;
        args[10] = gradient;
        args[11] = 0;
      }
      if (kernel !== LOSS) this.workerGradients[t - 1]!.fill(0);
      this.workers.start(t, kernel + this.kernelOffset, args);
    }
  }

  /** Adds the workers' partial gradients (or products) into the arena's, which holds the calling thread's. */
  private addWorkerGradients(): void {
    addWorkerPartials(this.arena.gradient, this.workerGradients, this.features);
  }

  value(theta: Float64Array): number {
    checkVector("theta", theta, this.dim);
    const delegate = this.delegate;
    const b = delegate.load(theta);
    this.startWorkers(LOSS, b, 0);
    delegate.lossPass(0, 0, this.starts[1]!, b);
    this.workers.wait();
    let sum = this.arena.scratch[0]!;
    for (let t = 1; t < this.threads; t++) sum += this.workerResults[t - 1]![0]!;
    return sum / this.examples + l2Penalty(theta, this.features, this.l2);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
    const delegate = this.delegate;
    const arena = this.arena;
    const b = delegate.load(theta);
    this.startWorkers(LOSS_AND_GRADIENT, b, 0);
    arena.gradient.fill(0);
    delegate.gradientPass(0, 0, this.starts[1]!, b);
    this.workers.wait();
    let sum = arena.scratch[0]!;
    let interceptSum = arena.scratch[1]!;
    for (let t = 1; t < this.threads; t++) {
      const results = this.workerResults[t - 1]!;
      sum += results[0]!;
      interceptSum += results[1]!;
    }
    this.addWorkerGradients();
    return delegate.finishGradientSums(theta, grad, sum, interceptSum, this.examples);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
    const delegate = this.delegate;
    const arena = this.arena;
    const b = delegate.load(theta);
    const interceptV = delegate.loadDirection(v);
    this.startWorkers(HESSIAN_VECTOR_PRODUCT, b, interceptV);
    arena.gradient.fill(0);
    delegate.hessianVectorProductPass(0, this.starts[1]!, b, interceptV);
    this.workers.wait();
    let interceptSum = arena.scratch[1]!;
    for (let t = 1; t < this.threads; t++) interceptSum += this.workerResults[t - 1]![1]!;
    this.addWorkerGradients();
    delegate.finishHessianVectorProductSums(v, out, interceptSum);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    checkVector("theta", theta, this.dim);
    checkRowWindow(rows, start, end);
    return this.delegate.valueOnRows(theta, rows, start, end);
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
    return this.delegate.valueAndGradientOnRows(theta, grad, rows, start, end);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("out", out, this.dim * this.dim);
    this.delegate.hessian(theta, out);
  }
}
