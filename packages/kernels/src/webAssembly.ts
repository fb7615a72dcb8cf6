import { decodeBase64 } from "./base64.js";
import { logisticSharedWasmBase64, logisticWasmBase64 } from "./logistic.generated.js";

/**
 * The slice of the WebAssembly JavaScript API that the kernels use, typed here because core compiles
 * against the ES library only (no DOM, no Node types) and must also load where WebAssembly is missing.
 */
export interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
}

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WebAssemblyMemory;
}

/** Dense X as a kernel's first three arguments: its address, its column count, 1 if stored as float32. */
type DenseX = [x: number, columns: number, float32: number];
/** CSR X as a kernel's first three arguments: the addresses of its row pointers, column indices, values. */
type CsrX = [indptr: number, indices: number, values: number];
/** X in either form: the CSR kernels take the dense ones' arguments but for these three. */
export type KernelX = [number, number, number];

/**
 * What a curvature pass takes after X: rows first … first + count − 1, then y, c (address 0: every weight
 * is 1), w and b.
 */
type RangePass = [
  first: number,
  count: number,
  targets: number,
  weights: number,
  theta: number,
  intercept: number,
];
/**
 * What a loss pass takes after X: a range's arguments after `rows`, which selects the rows (0: the range;
 * else the address of `count` row indices).
 */
type RowPass = [rows: number, ...RangePass];

/** Scratch 0 ← Σ c_i ℓ_i over the rows. */
export type LossKernel<X extends KernelX = KernelX> = (...args: [...X, ...RowPass]) => void;
/** Scratch 0 ← Σ c_i ℓ_i, scratch 8 ← Σ c_i r_i, grad += Σ c_i r_i x_i over the rows, r_i = σ(z_i) − y_i. */
export type LossAndGradientKernel<X extends KernelX = KernelX> = (
  ...args: [...X, ...RowPass, grad: number]
) => void;
/**
 * Scratch 8 ← Σ p_i, out += Σ p_i x_i over the rows, with p_i = D_i (x_i·v + interceptV) and
 * D_i = c_i σ(z_i)σ(−z_i).
 */
export type HessianVectorProductKernel<X extends KernelX = KernelX> = (
  ...args: [...X, ...RangePass, v: number, interceptV: number, out: number]
) => void;
/** out (dim × dim) += Σ D_i x̃_i x̃_iᵀ over the rows, x̃_i = [x_i, 1] when fitIntercept is 1, else x_i. */
export type HessianKernel<X extends KernelX = KernelX> = (
  ...args: [...X, ...RangePass, out: number, dim: number, fitIntercept: number]
) => void;

/**
 * The multinomial kernels' arguments after X (dense, or CSR): a row selection (rows = 0: first … first + count − 1;
 * else the address of `count` row indices), class indices y (as f64), weights c (0: all 1), θ (W then b:
 * K (n + 1) numbers) and K.
 */
type MultinomialRowPass = [
  rows: number,
  first: number,
  count: number,
  targets: number,
  weights: number,
  theta: number,
  classes: number,
];

/** Scratch 0 ← Σ c_i ℓ_i over the rows; `workspace`: 8 K doubles of the caller's thread. */
export type MultinomialLossKernel<X extends KernelX = KernelX> = (
  ...args: [...X, ...MultinomialRowPass, workspace: number]
) => void;
/** Scratch 0 ← Σ c_i ℓ_i, grad (K (n + 1)) += Σ c_i (p_i − e_{y_i}) ⊗ x̃_i over the rows. */
export type MultinomialLossAndGradientKernel<X extends KernelX = KernelX> = (
  ...args: [...X, ...MultinomialRowPass, grad: number, workspace: number]
) => void;
/**
 * out (K (n + 1)) += Σ c_i [(diag p_i − p_i p_iᵀ) V x̃_i] ⊗ x̃_i over rows first … first + count − 1, for the
 * direction V at v (θ's layout); `workspace`: 16 K doubles.
 */
export type MultinomialHessianVectorProductKernel<X extends KernelX = KernelX> = (
  ...args: [
    ...X,
    first: number,
    count: number,
    targets: number,
    weights: number,
    theta: number,
    classes: number,
    v: number,
    out: number,
    workspace: number,
  ]
) => void;

/**
 * What every column-major kernel takes first: the address of n i32 column addresses (each column float64,
 * `count` rows), n, count, then its per-row inputs.
 */
type ColumnX = [columns: number, n: number, count: number];
/**
 * Standardization (means 0: none; else each x_ij becomes (x_ij − means[j]) · inverseScales[j], in place), θ
 * as w and b, after the rows' inputs.
 */
type ColumnPass = [means: number, inverseScales: number, theta: number, intercept: number];
/** `tile` rows at a time (a multiple of 8), with the tile buffers at `tileBuffers` (2 · tile f64). */
type ColumnTiles = [tileBuffers: number, tile: number];
export type ColumnsLossAndGradientKernel = (
  ...args: [...ColumnX, targets: number, weights: number, ...ColumnPass, grad: number, ...ColumnTiles]
) => void;
export type ColumnsHessianVectorProductKernel = (
  ...args: [
    ...ColumnX,
    weights: number,
    ...ColumnPass,
    v: number,
    interceptV: number,
    out: number,
    ...ColumnTiles,
  ]
) => void;
export type ColumnsHessianKernel = (
  ...args: [
    ...ColumnX,
    weights: number,
    ...ColumnPass,
    out: number,
    dim: number,
    fitIntercept: number,
    ...ColumnTiles,
  ]
) => void;

/**
 * The exports of logistic.wat. Addresses are byte offsets into the kernel memory; flags are 0 or 1. The
 * kernels return their sums through the memory's scratch space (see logistic.wat), not as return values,
 * so that a call boxes no number.
 */
export interface LogisticKernels {
  lossAndGradient: LossAndGradientKernel<DenseX>;
  loss: LossKernel<DenseX>;
  hessianVectorProduct: HessianVectorProductKernel<DenseX>;
  hessian: HessianKernel<DenseX>;
  csrLossAndGradient: LossAndGradientKernel<CsrX>;
  csrLoss: LossKernel<CsrX>;
  csrHessianVectorProduct: HessianVectorProductKernel<CsrX>;
  csrHessian: HessianKernel<CsrX>;
  multinomialLossAndGradient: MultinomialLossAndGradientKernel<DenseX>;
  multinomialLoss: MultinomialLossKernel<DenseX>;
  multinomialHessianVectorProduct: MultinomialHessianVectorProductKernel<DenseX>;
  /** The multinomial kernels for CSR X, with θ, v and the gradient laid out [b (K) | Wᵀ (n × K)]. */
  csrMultinomialLossAndGradient: MultinomialLossAndGradientKernel<CsrX>;
  csrMultinomialLoss: MultinomialLossKernel<CsrX>;
  csrMultinomialHessianVectorProduct: MultinomialHessianVectorProductKernel<CsrX>;
  /** Column-major X (see logistic.wat): scratch 0 ← Σ c_i ℓ_i, scratch 8 ← Σ c_i r_i; grad (if ≠ 0) += Σ c_i r_i x_i. */
  columnsLossAndGradient: ColumnsLossAndGradientKernel;
  /** Column-major X: scratch 8 ← Σ p_i, out += Σ p_i x_i, p_i = D_i (x_i·v + interceptV). */
  columnsHessianVectorProduct: ColumnsHessianVectorProductKernel;
  /** Column-major X: the upper triangle of out (dim × dim) += Σ D_i x̃_i x̃_iᵀ. */
  columnsHessian: ColumnsHessianKernel;
  firstNonFinite(address: number, length: number, float32: number): number;
  /** The kernel's own e^x, for its accuracy tests. */
  exp(x: number): number;
  /** The kernel's own log(1 + x) for x ∈ [0, 1], for its accuracy tests. */
  log1p(x: number): number;
  /** The multinomial kernels' log(1 + x) for x ∈ [0, 2^53), for its accuracy tests. */
  log1pWide(x: number): number;
}

/** The largest WebAssembly (32-bit) memory: 65536 pages of 64 KiB, 4 GiB. */
export const MAX_KERNEL_MEMORY_BYTES = 65536 * 65536;
export const PAGE_BYTES = 65536;

function webAssemblyApi(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

let kernelBytes: Uint8Array | undefined;
let simdSupported: boolean | undefined;
let compiledModule: object | undefined;

function logisticKernelBytes(): Uint8Array {
  kernelBytes ??= decodeBase64(logisticWasmBase64);
  return kernelBytes;
}

/**
 * Whether this runtime can run the WebAssembly kernels: WebAssembly with SIMD (and multi-value), as in
 * Node ≥ 16.4 and every current browser. Decided by validating the kernel module itself, which checks every
 * feature it uses at once, and remembered.
 */
export function hasWebAssemblySimd(): boolean {
  if (simdSupported === undefined) {
    const api = webAssemblyApi();
    try {
      simdSupported = api?.validate(logisticKernelBytes()) === true;
    } catch {
      simdSupported = false;
    }
  }
  return simdSupported;
}

/**
 * A new memory of `bytes` rounded up to whole pages, whose maximum is its initial size so that it never
 * grows and no view of it is ever detached; undefined when it is over 4 GiB or cannot be had (out of
 * address space or memory: the caller falls back to the TypeScript path).
 */
function fixedSizeMemory(api: WebAssemblyApi, bytes: number, shared: boolean): WebAssemblyMemory | undefined {
  if (bytes > MAX_KERNEL_MEMORY_BYTES) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  try {
    return new api.Memory({ initial: pages, maximum: pages, shared });
  } catch {
    return undefined;
  }
}

/**
 * A fresh instance of the kernels over a new memory of `bytes` (rounded up to whole pages), whose size is
 * fixed for its life: its maximum is its initial size, so it can never grow and no view of it is ever
 * detached. Returns undefined where the kernels cannot run or the memory cannot be had.
 */
export function instantiateKernels(
  bytes: number,
): { readonly kernels: LogisticKernels; readonly memory: WebAssemblyMemory } | undefined {
  const api = webAssemblyApi();
  if (api === undefined || !hasWebAssemblySimd()) return undefined;
  const memory = fixedSizeMemory(api, bytes, false);
  if (memory === undefined) return undefined;
  // Compiled synchronously, once: the module is a few kilobytes (browsers lifted their 4 KB limit on
  // synchronous compilation on the main thread in 2023), and objectives are built synchronously.
  const instance = new api.Instance(kernelModule()!, { kernel: { memory } });
  return { kernels: instance.exports as LogisticKernels, memory };
}

/**
 * The kernels' compiled module (plain memory, imported as `kernel.memory`), for a worker thread of another
 * package that instantiates them over a memory of its own (a WebAssembly.Module can be posted to a worker);
 * undefined where the kernels cannot run.
 */
export function kernelModule(): object | undefined {
  const api = webAssemblyApi();
  if (api === undefined || !hasWebAssemblySimd()) return undefined;
  compiledModule ??= new api.Module(logisticKernelBytes());
  return compiledModule;
}

let sharedKernelModule: object | null | undefined;

/**
 * The kernels compiled for threads (see scripts/generate-kernels.mjs: a shared memory, and every address
 * relative to an imported global `base`), or undefined where this runtime cannot run them (no shared
 * WebAssembly memory, as in a browser page that is not cross-origin isolated). Compiled once.
 */
export function sharedKernelModuleOrUndefined(): object | undefined {
  if (sharedKernelModule === undefined) {
    const api = webAssemblyApi();
    try {
      const bytes = decodeBase64(logisticSharedWasmBase64);
      sharedKernelModule =
        api !== undefined && hasWebAssemblySimd() && api.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      sharedKernelModule = null;
    }
  }
  return sharedKernelModule ?? undefined;
}

/**
 * A new shared memory of `bytes` (rounded up to whole pages) whose maximum is its initial size, so that it
 * never grows, with an instance of the threads' kernels over it at base 0 (for the calling thread). Undefined
 * where the threads' kernels cannot run or the memory cannot be had.
 */
export function instantiateSharedKernels(
  bytes: number,
):
  | { readonly kernels: LogisticKernels; readonly memory: WebAssemblyMemory; readonly module: object }
  | undefined {
  const api = webAssemblyApi();
  const module = sharedKernelModuleOrUndefined();
  if (api === undefined || module === undefined) return undefined;
  const memory = fixedSizeMemory(api, bytes, true);
  if (memory === undefined) return undefined;
  const instance = new api.Instance(module, { kernel: { memory, base: 0 } });
  return { kernels: instance.exports as LogisticKernels, memory, module };
}
