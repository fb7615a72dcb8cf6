import type { LogisticObjective } from "../logisticObjective.js";
import type { DesignMatrix } from "../matrix.js";
import { KernelArena, type KernelShape, kernelLayout, type StoragePrecision } from "./arena.js";
import { finishGradient, finishHessianVectorProduct, l2Penalty } from "./objectiveTerms.js";
import type { KernelWorkers, ObjectiveThreadPool } from "./threadPool.js";
import type { WasmLogisticObjective } from "./wasmObjective.js";
import { instantiateSharedKernels } from "./webAssembly.js";

/** Below this many entries of X a pass is too short to repay waking the workers: one thread runs it. */
export const DEFAULT_THREADED_MINIMUM_ENTRIES = 2 ** 20;

/** The kernels that the workers run, by their index in this list (see KernelWorkers.start). */
const THREADED_KERNELS = ["lossAndGradient", "loss", "hessianVectorProduct"] as const;
const LOSS_AND_GRADIENT = 0;
const LOSS = 1;
const HESSIAN_VECTOR_PRODUCT = 2;

/** Each worker's own scratch space (the kernels' results at +0 and +8), as at address 0 for one thread. */
const WORKER_SCRATCH_BYTES = 1024;
const ALIGNMENT = 64;

function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/** An arena in shared memory, with a region per worker after it, and the threads' kernel module. */
export interface SharedKernelArena {
  readonly arena: KernelArena;
  readonly module: object;
  /** Worker t's region starts at bases[t − 1]: its scratch (1 KiB), then its partial gradient. */
  readonly bases: readonly number[];
  /**
   * The pools whose workers have instantiated the kernels over this memory: objectives that share the arena
   * share the attachment, so building many of them does not pile up instances in the workers.
   */
  readonly attachments: WeakMap<ObjectiveThreadPool, KernelWorkers>;
}

/**
 * The arena of kernelLayout(shape) in a shared WebAssembly memory (its maximum equal to its size, so it never
 * grows), followed by one region per worker:
 *
 *     arena (kernelLayout) | worker 1: scratch (1 KiB) | gradient (d) | worker 2: … | …
 *
 * A worker's kernels run with their `base` at its region, so their scratch space is their own. Undefined
 * where shared WebAssembly memory is not available or does not fit.
 */
export function createSharedKernelArena(shape: KernelShape, workers: number): SharedKernelArena | undefined {
  const layout = kernelLayout(shape);
  const regionBytes = WORKER_SCRATCH_BYTES + aligned((shape.columns + 1) * 8);
  const first = aligned(layout.bytes);
  const instance = instantiateSharedKernels(first + workers * regionBytes);
  if (instance === undefined) return undefined;
  const bases: number[] = [];
  for (let t = 0; t < workers; t++) bases.push(first + t * regionBytes);
  return {
    arena: new KernelArena(shape, instance, layout),
    module: instance.module,
    bases,
    attachments: new WeakMap(),
  };
}

/**
 * The logistic objective on the WebAssembly kernels with its full passes (value, valueAndGradient,
 * hessianVectorProduct) split across the threads of an ObjectiveThreadPool: thread t (the caller is thread
 * 0) takes a contiguous share of the rows, cut at multiples of the kernels' block of 8, and writes its
 * partial sums into its own region; the caller then adds the partials in thread order and finishes as the
 * single-threaded path does. The split and the order of the additions depend only on m and the number of
 * threads, so a call repeats bit for bit whatever the scheduling, and so does any pool of the same size.
 * Everything else (the Hessian, passes over selected rows) is the single-threaded `delegate` over the same
 * memory.
 */
export class ThreadedLogisticObjective implements LogisticObjective {
  readonly backend = "wasm";
  readonly dim: number;
  readonly examples: number;
  readonly features: number;
  readonly matrix: DesignMatrix;
  readonly precision: StoragePrecision;
  readonly targets: Float64Array;
  readonly weights: Float64Array | null;
  readonly l2: number;
  readonly fitIntercept: boolean;
  private readonly arena: KernelArena;
  private readonly workers: KernelWorkers;
  readonly threads: number;
  /** Row t of the split starts at starts[t]; starts[threads] = m. */
  private readonly starts: Int32Array;
  private readonly bases: readonly number[];
  /** Per worker: its kernel's arguments, its results (scratch +0, +8) and its partial gradient. */
  private readonly workerArguments: Float64Array[];
  private readonly workerResults: Float64Array[];
  private readonly workerGradients: Float64Array[];
  private readonly float32: number;
  private readonly weightsAddress: number;

  constructor(
    shared: SharedKernelArena,
    pool: ObjectiveThreadPool,
    private readonly delegate: WasmLogisticObjective,
  ) {
    const arena = shared.arena;
    this.arena = arena;
    this.matrix = delegate.matrix;
    this.precision = delegate.precision;
    this.targets = delegate.targets;
    this.weights = delegate.weights;
    this.l2 = delegate.l2;
    this.fitIntercept = delegate.fitIntercept;
    this.dim = delegate.dim;
    this.examples = delegate.examples;
    this.features = delegate.features;
    this.float32 = this.precision === "float32" ? 1 : 0;
    this.weightsAddress = this.weights === null ? 0 : arena.weightsAddress;
    this.bases = shared.bases;
    this.threads = shared.bases.length + 1;
    const m = this.examples;
    this.starts = new Int32Array(this.threads + 1);
    for (let t = 1; t < this.threads; t++) this.starts[t] = Math.floor((t * m) / this.threads / 8) * 8;
    this.starts[this.threads] = m;
    const buffer = arena.memory.buffer;
    this.workerArguments = shared.bases.map(() => new Float64Array(12));
    this.workerResults = shared.bases.map((base) => new Float64Array(buffer, base, 2));
    this.workerGradients = shared.bases.map(
      (base) => new Float64Array(buffer, base + WORKER_SCRATCH_BYTES, this.features),
    );
    let workers = shared.attachments.get(pool);
    if (workers === undefined) {
      workers = pool.attach(arena.memory, shared.module, shared.bases, THREADED_KERNELS);
      shared.attachments.set(pool, workers);
    }
    this.workers = workers;
  }

  /**
   * Makes the arena hold this objective's targets and weights (several objectives may share it, as on a
   * matrix from createDenseMatrix; the delegate stands as the owner for both) and w; returns the intercept b
   * (0 if none).
   */
  private load(theta: Float64Array): number {
    const arena = this.arena;
    if (arena.owner !== this.delegate) {
      arena.targets.set(this.targets);
      if (this.weights !== null) arena.weights.set(this.weights);
      arena.owner = this.delegate;
    }
    const w = arena.theta;
    const n = this.features;
    for (let j = 0; j < n; j++) w[j] = theta[j]!;
    return this.fitIntercept ? theta[n]! : 0;
  }

  /**
   * Starts `kernel` on every worker over its share of the rows: the arguments of lossAndGradient and loss
   * (x, columns, float32, rows, first, count, targets, weights, θ, b, gradient), or of hessianVectorProduct
   * (x, columns, float32, first, count, targets, weights, θ, b, v, vb, out), each address made relative to
   * the worker's base, (address − base) | 0 (weights stays 0 when there are none: 0 is the kernels' "every weight is 1").
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
      args[0] = (arena.dataAddress - base) | 0;
      args[1] = this.features;
      args[2] = this.float32;
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
      this.workers.start(t, kernel, args);
    }
  }

  value(theta: Float64Array): number {
    const b = this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    this.startWorkers(LOSS, b, 0);
    arena.kernels.loss(
      arena.dataAddress,
      this.features,
      this.float32,
      0,
      0,
      this.starts[1]!,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      b,
    );
    this.workers.wait();
    let sum = arena.scratch[0]!;
    for (let t = 1; t < this.threads; t++) sum += this.workerResults[t - 1]![0]!;
    return sum / m + l2Penalty(theta, this.features, this.l2);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    const b = this.load(theta);
    const arena = this.arena;
    const m = this.examples;
    const n = this.features;
    this.startWorkers(LOSS_AND_GRADIENT, b, 0);
    arena.gradient.fill(0);
    arena.kernels.lossAndGradient(
      arena.dataAddress,
      n,
      this.float32,
      0,
      0,
      this.starts[1]!,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      b,
      arena.gradientAddress,
    );
    this.workers.wait();
    let sum = arena.scratch[0]!;
    let interceptSum = arena.scratch[1]!;
    const summed = arena.gradient;
    for (let j = 0; j < n; j++) grad[j] = summed[j]!;
    // The partials are added in thread order, whatever order the threads finished in.
    for (let t = 1; t < this.threads; t++) {
      const results = this.workerResults[t - 1]!;
      const partial = this.workerGradients[t - 1]!;
      sum += results[0]!;
      interceptSum += results[1]!;
      for (let j = 0; j < n; j++) grad[j] = grad[j]! + partial[j]!;
    }
    if (this.fitIntercept) grad[n] = interceptSum;
    finishGradient(theta, grad, m, n, this.l2, this.fitIntercept);
    return sum / m + l2Penalty(theta, n, this.l2);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    const b = this.load(theta);
    const arena = this.arena;
    const n = this.features;
    const direction = arena.direction;
    for (let j = 0; j < n; j++) direction[j] = v[j]!;
    const interceptV = this.fitIntercept ? v[n]! : 0;
    this.startWorkers(HESSIAN_VECTOR_PRODUCT, b, interceptV);
    arena.gradient.fill(0);
    arena.kernels.hessianVectorProduct(
      arena.dataAddress,
      n,
      this.float32,
      0,
      this.starts[1]!,
      arena.targetsAddress,
      this.weightsAddress,
      arena.thetaAddress,
      b,
      arena.directionAddress,
      interceptV,
      arena.gradientAddress,
    );
    this.workers.wait();
    let interceptSum = arena.scratch[1]!;
    const summed = arena.gradient;
    for (let j = 0; j < n; j++) out[j] = summed[j]!;
    for (let t = 1; t < this.threads; t++) {
      const partial = this.workerGradients[t - 1]!;
      interceptSum += this.workerResults[t - 1]![1]!;
      for (let j = 0; j < n; j++) out[j] = out[j]! + partial[j]!;
    }
    if (this.fitIntercept) out[n] = interceptSum;
    finishHessianVectorProduct(v, out, this.examples, n, this.l2, this.fitIntercept);
  }

  valueOnRows(theta: Float64Array, rows: Int32Array, start: number, end: number): number {
    return this.delegate.valueOnRows(theta, rows, start, end);
  }

  valueAndGradientOnRows(
    theta: Float64Array,
    grad: Float64Array,
    rows: Int32Array,
    start: number,
    end: number,
  ): number {
    return this.delegate.valueAndGradientOnRows(theta, grad, rows, start, end);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.delegate.hessian(theta, out);
  }
}
