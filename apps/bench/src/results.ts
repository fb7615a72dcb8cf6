import type { L1ProblemResult } from "./l1/l1Results.js";
import type { Summary } from "./stats.js";
import type { Trace } from "./trace.js";

/** What a bench run writes to results/<timestamp>.json: everything the reports and --compare read. */
export interface BenchResults {
  readonly format: "descent-bench/1";
  /** ISO time the run started. */
  readonly startedAt: string;
  readonly mode: "quick" | "full";
  readonly machine: MachineInfo;
  /** The relative gaps that times and passes are reported to. */
  readonly targets: readonly number[];
  /** Read bandwidth of one thread. */
  readonly roofline: RooflineResult | null;
  /** Read bandwidth of every core together (`threads` of them); null where it could not be measured. */
  readonly rooflineAllCores?: RooflineResult | null;
  /**
   * What the fastest WebAssembly read loop (SIMD, 16-byte loads) reads on one thread: the ceiling for any
   * kernel written in WebAssembly, beside the C figure above (which may use wider loads). Null where C was
   * not measured either (the roofline is then this loop already).
   */
  readonly wasmReadLoop?: RooflineResult | null;
  readonly problems: ProblemResult[];
  /** The L1 and elastic-net problems (absent in results from before them). */
  readonly l1?: L1ProblemResult[];
  readonly processTiming: ProcessTimingResult | null;
  /** Things a reader should know: skipped packages and peers, and why. */
  readonly notes: string[];
  /** Seconds the whole run took. */
  readonly seconds: number;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average at the start and end of the run: a shared machine shows here. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly python: string | null;
  readonly sklearn: string | null;
  readonly tfjs: string | null;
}

export interface ProblemResult {
  readonly id: string;
  readonly label: string;
  readonly kind: "dense" | "csr";
  readonly rows: number;
  readonly columns: number;
  /** K on a multiclass problem (the multinomial loss); absent on a binary one. */
  readonly classes?: number;
  /** Stored entries of X (rows × columns when dense). */
  readonly nonZeros: number;
  readonly testRows: number;
  readonly l2: number;
  /** Bytes of X read by one pass over the training rows. */
  readonly featureBytes: number;
  readonly optimum: OptimumInfo;
  readonly runs: RunResult[];
  /** The kernels alone, one entry per way core can run them (the default first). */
  readonly kernels: KernelResult[];
}

export interface OptimumInfo {
  readonly f: number;
  /** ‖∇f‖₂ at the optimum found. */
  readonly gradientNorm: number;
  readonly method: string;
  /** L, the largest curvature of f (at θ = 0): first-order step sizes are set from it. */
  readonly lipschitz: number;
  /** μ, the smallest curvature at the optimum (exact), or λ where d is too large to form the Hessian (a lower bound). */
  readonly strongConvexity: number;
  readonly strongConvexityExact: boolean;
  /** Accuracy of θ* on the held-out rows: what a perfect optimizer gets. */
  readonly testAccuracy: number;
  /** True when it came from the cache. */
  readonly cached: boolean;
}

export type Library = "descent" | "tfjs" | "ml.js" | "scikit-learn";

/** One optimizer (or peer solver) with its settings, on one problem, over its repeats. */
export interface RunResult {
  /** Stable across runs, for --compare: "descent/sgd", "tfjs/adam", "scikit-learn/lbfgs". */
  readonly id: string;
  readonly library: Library;
  /** For people: "sgd (full batch)". */
  readonly label: string;
  /** The tuned settings, as the report states them. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /**
   * "user": settings a user has (defaults, documented options, fixed constants); "oracle": step sizes from
   * the exact curvature bounds L and μ. Results written before this field existed: see tuningOf.
   */
  readonly tuning?: "user" | "oracle";
  readonly status: "ok" | "failed" | "skipped";
  /** Why it failed or was skipped, or what to know about it (a peer that minimizes another loss). */
  readonly note: string | null;
  readonly repeats: number;
  /** Per target, time and passes to reach it over the repeats; null where no repeat reached it. */
  readonly targets: readonly TargetResult[];
  /** The smallest relative gap reached (median over repeats). */
  readonly bestGap: number | null;
  /** Wall time of a whole run (median), to the last point recorded. */
  readonly seconds: Summary | null;
  readonly testAccuracy: number | null;
  readonly memory: MemoryResult | null;
  /** The median repeat's trace, thinned for plotting. */
  readonly trace: Trace | null;
}

export interface TargetResult {
  readonly target: number;
  readonly seconds: (Summary & { readonly reached: number }) | null;
  readonly passes: (Summary & { readonly reached: number }) | null;
}

export interface MemoryResult {
  /** Peak resident set of the child process minus that of an idle one. */
  readonly peakBytes: number;
  /** The idle process's peak resident set that was subtracted. */
  readonly baselineBytes: number;
  /** V8 heap in use at the end of the run (Node children only). */
  readonly heapUsedBytes: number | null;
  /** Memory outside the V8 heap (typed arrays' buffers, WebAssembly memory) at the end. */
  readonly externalBytes: number | null;
}

export interface KernelTiming {
  readonly name: "valueAndGradient" | "hessianVectorProduct" | "hessian";
  readonly seconds: Summary;
}

export interface KernelResult {
  /** Which path: "default (kernels)", "typescript", "kernels float32", "kernels, 2 threads". */
  readonly variant: string;
  /** Bytes of X one pass reads in this variant's storage (float32 storage reads half). */
  readonly featureBytes: number;
  readonly timings: readonly KernelTiming[];
  /** Bytes of X per second in a gradient pass (median time). */
  readonly gradientBandwidth: number;
  /** How many threads ran this variant's passes. */
  readonly threads?: number;
  /**
   * gradientBandwidth over the read bandwidth of as many threads (the one-thread roofline for one thread,
   * the all-core one for a threaded variant), when that was measured.
   */
  readonly rooflineFraction: number | null;
  readonly notes: string[];
}

export interface RooflineResult {
  /** "cc -O3 -march=native" or "WebAssembly (SIMD)". */
  readonly method: string;
  /** Threads that read the array together (older results: 1). */
  readonly threads?: number;
  /** Bytes read per second by a sum over a large array: median and spread of the sweeps. */
  readonly bytesPerSecond: Summary;
  /** Each sweep's rate: half measured before the problems, half after, so a busy spell weighs on both. */
  readonly samples: number[];
  readonly arrayBytes: number;
}

export interface ProcessTimingResult {
  /** What the descent program did: "newton, breast-cancer standardized". */
  readonly descentProgram: string;
  /** The fastest of the descent programs timed. */
  readonly descent: Summary;
  /** The other descent programs timed (other optimizer packages), slower than `descent`. */
  readonly others?: readonly { readonly program: string; readonly seconds: Summary }[];
  /** `node dist/processFloor.js`: an ES module that imports nothing, Node's own share of every program. */
  readonly nodeFloor?: Summary;
  readonly python: Summary | null;
  readonly pythonProgram: string | null;
  /** descent / python (median): the target is ≤ 0.2. */
  readonly ratio: number | null;
  readonly note: string | null;
}

/**
 * Runs whose step sizes older results computed from L and μ, before RunResult said so: gradient descent,
 * its minibatch form, both momentum methods, TF.js's SGD and ml.js (gradient descent's step).
 */
const ORACLE_BEFORE_TUNING_FIELD = new Set([
  "descent/sgd",
  "descent/sgd-minibatch",
  "descent/momentum",
  "descent/momentum-nesterov",
  "tfjs/sgd",
  "ml.js/gradient-ascent",
]);

/** Where a run's settings came from, for new and old results alike. */
export function tuningOf(run: RunResult): "user" | "oracle" {
  return run.tuning ?? (ORACLE_BEFORE_TUNING_FIELD.has(run.id) ? "oracle" : "user");
}
