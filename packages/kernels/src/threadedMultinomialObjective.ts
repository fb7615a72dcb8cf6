import { checkRowWindow, checkVector, l2Penalty } from "@descent/core";
import {
  parameterCount,
  type SharedKernelArena,
  WORKER_SCRATCH_BYTES,
  workerWorkspaceOffset,
} from "./kernelMemory.js";
import type { KernelMultinomialObjective } from "./kernelMultinomialObjective.js";
import type { ObjectiveThreadPool } from "./objectiveThreadPool.js";
import { addWorkerPartials, ThreadedKernelObjective } from "./threadedWorkers.js";
import type { WasmMultinomialObjective } from "./wasmMultinomialObjective.js";

/** The multinomial kernels that the workers run, by their index in this list (see KernelWorkers.start). */
const THREADED_MULTINOMIAL_KERNELS = [
  "multinomialLossAndGradient",
  "multinomialLoss",
  "multinomialHessianVectorProduct",
  "csrMultinomialLossAndGradient",
  "csrMultinomialLoss",
  "csrMultinomialHessianVectorProduct",
] as const;
const LOSS_AND_GRADIENT = 0;
const LOSS = 1;
const HESSIAN_VECTOR_PRODUCT = 2;
/** Where the CSR forms start in the list: they take the dense ones' arguments but for the first three. */
const CSR_KERNELS = 3;

/**
 * The multinomial objective on the kernels with its full passes (value, valueAndGradient,
 * hessianVectorProduct) split across the threads of an ObjectiveThreadPool, as ThreadedLogisticObjective
 * splits the binary ones: thread t (the caller is thread 0) takes a contiguous share of the rows, cut at
 * multiples of the kernels' block of 8 for dense X and at equal work for CSR (csrRowShares), and writes its loss sum, its partial gradient (K (n + 1) numbers)
 * and its block workspace into its own region of the shared memory; the caller adds the partials in thread
 * order and finishes as the single-threaded path does. The split and the order of the additions depend only
 * on m and the number of threads, so a call repeats bit for bit for a given thread count. Everything else
 * (passes over selected rows, the Hessian) is the single-threaded `delegate` over the same memory.
 */
export class ThreadedMultinomialObjective
  extends ThreadedKernelObjective<WasmMultinomialObjective>
  implements KernelMultinomialObjective
{
  readonly classes: number;
  private readonly workspaceOffset: number;

  constructor(shared: SharedKernelArena, pool: ObjectiveThreadPool, delegate: WasmMultinomialObjective) {
    // Per worker: the loss sum (scratch +0) and the partial gradient (K (n + 1) numbers).
    super(
      shared,
      pool,
      delegate,
      THREADED_MULTINOMIAL_KERNELS,
      CSR_KERNELS,
      1,
      parameterCount(shared.arena.shape),
    );
    this.classes = delegate.classes;
    this.workspaceOffset = workerWorkspaceOffset(shared.arena.shape);
  }

  /**
   * Starts `kernel` on every worker over its share of the rows, with the arguments of
   * multinomialLossAndGradient / multinomialLoss (x, n, f32, rows, first, count, y, c, θ, K, grad,
   * workspace; loss without grad) or multinomialHessianVectorProduct (x, n, f32, first, count, y, c, θ, K,
   * v, out, workspace), every address made relative to the worker's base (weights stay 0 when there are
   * none: 0 is the kernels' "every weight is 1"). For CSR X, the CSR form, (indptr, indices, values) in
   * place of (x, n, f32): set in the constructor.
   */
  private startWorkers(kernel: number): void {
    const arena = this.arena;
    const weightsAddress = this.weights === null ? 0 : arena.weightsAddress;
    for (let t = 1; t < this.threads; t++) {
      const base = this.bases[t - 1]!;
      const args = this.workerArguments[t - 1]!;
      const first = this.starts[t]!;
      const count = this.starts[t + 1]! - first;
      const weights = weightsAddress === 0 ? 0 : (weightsAddress - base) | 0;
      if (kernel === HESSIAN_VECTOR_PRODUCT) {
        args[3] = first;
        args[4] = count;
        args[5] = (arena.targetsAddress - base) | 0;
        args[6] = weights;
        args[7] = (arena.thetaAddress - base) | 0;
        args[8] = this.classes;
        args[9] = (arena.directionAddress - base) | 0;
        args[10] = WORKER_SCRATCH_BYTES;
        args[11] = this.workspaceOffset;
      } else {
        args[3] = 0;
        args[4] = first;
        args[5] = count;
        args[6] = (arena.targetsAddress - base) | 0;
        args[7] = weights;
        args[8] = (arena.thetaAddress - base) | 0;
        args[9] = this.classes;
        args[10] = kernel === LOSS ? this.workspaceOffset : WORKER_SCRATCH_BYTES;
        args[11] = this.workspaceOffset;
      }
      if (kernel !== LOSS) this.workerGradients[t - 1]!.fill(0);
      this.workers.start(t, kernel + this.kernelOffset, args);
    }
  }

  /** The loss sums of every thread, added in thread order (the caller's first). */
  private lossSum(): number {
    let sum = this.arena.scratch[0]!;
    for (let t = 1; t < this.threads; t++) sum += this.workerResults[t - 1]![0]!;
    return sum;
  }

  /** Adds the workers' partial gradients (or products) into the arena's, in thread order. */
  private addWorkerGradients(): void {
    const summed = this.arena.gradient;
    addWorkerPartials(summed, this.workerGradients, summed.length);
  }

  value(theta: Float64Array): number {
    checkVector("theta", theta, this.dim);
    this.delegate.load(theta);
    this.startWorkers(LOSS);
    this.delegate.lossPass(0, 0, this.starts[1]!);
    this.workers.wait();
    return this.lossSum() / this.examples + l2Penalty(theta, this.penalizedCount, this.l2);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    checkVector("theta", theta, this.dim);
    checkVector("grad", grad, this.dim);
    const delegate = this.delegate;
    delegate.load(theta);
    this.startWorkers(LOSS_AND_GRADIENT);
    this.arena.gradient.fill(0);
    delegate.gradientPass(0, 0, this.starts[1]!);
    this.workers.wait();
    this.addWorkerGradients();
    return delegate.finishGradientSums(theta, grad, this.lossSum(), this.examples);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    checkVector("theta", theta, this.dim);
    checkVector("v", v, this.dim);
    checkVector("out", out, this.dim);
    const delegate = this.delegate;
    delegate.load(theta);
    delegate.loadDirection(v);
    this.startWorkers(HESSIAN_VECTOR_PRODUCT);
    this.arena.gradient.fill(0);
    delegate.hessianVectorProductPass(0, this.starts[1]!);
    this.workers.wait();
    this.addWorkerGradients();
    delegate.finishHessianVectorProductSums(v, out);
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
    this.delegate.hessian(theta, out);
  }
}
