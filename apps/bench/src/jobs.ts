import type { KernelVariant } from "./kernelVariants.js";
import type { L1DescentJob, L1PathJob } from "./l1/l1Jobs.js";
import type { TuningContext } from "./optimizers.js";
import type { Trace } from "./trace.js";

/**
 * The messages between the bench and its child processes. Each configuration runs in a child of its
 * own (a fresh V8: no JIT state, heap or detached buffer carried over from another configuration, and
 * a peak resident set that is its own); the job goes in as JSON on argv, the reply comes back as one
 * JSON line on stdout after RESULT_MARKER.
 */
export const RESULT_MARKER = "@@descent-bench-result ";

/** How long and how often a configuration runs. */
export interface RunLimits {
  /** At most this many repeats… */
  readonly repeats: number;
  /**
   * …and no new repeat once the repeats so far have taken this long (seconds): a configuration that
   * needs its whole budget runs once or twice, a fast one the full count.
   */
  readonly totalBudgetSeconds: number;
  /** A repeat stops once it has run this long (seconds of fit time)… */
  readonly budgetSeconds: number;
  /** …or once its relative gap is at most this (the tightest target). */
  readonly stopGap: number;
}

interface ProblemJob extends RunLimits {
  readonly problemDir: string;
  readonly fStar: number;
}

export interface DescentJob extends ProblemJob {
  readonly kind: "descent";
  readonly tuning: TuningContext;
  /** "sgd" for @descent/sgd: the one package the child imports. */
  readonly packageName: string;
  readonly configurationId: string;
  /** Worker threads for the passes over large X, dense or CSR; 1 runs on the calling thread only. */
  readonly threads: number;
}

export interface TfjsJob extends ProblemJob {
  readonly kind: "tfjs";
  readonly optimizer: "adam" | "sgd";
  readonly learningRate: number;
}

export interface MljsJob extends ProblemJob {
  readonly kind: "mljs";
  /** The step on ml.js's summed (not averaged) gradient. */
  readonly learningRate: number;
}

export interface KernelsJob {
  readonly kind: "kernels";
  readonly problemDir: string;
  /** Timed calls per kernel (at most; a kernel stops early once it has used its budget). */
  readonly repeats: number;
  readonly budgetSeconds: number;
  /** Skip the d × d Hessian where it would be too large or slow to form. */
  readonly includeHessian: boolean;
  /** Extra options for logisticObjective (a kernel path, where core offers a choice). */
  readonly objectiveOptions: KernelVariant["options"];
}

/** Starts, loads nothing, and reports its peak memory: the baseline subtracted from every child. */
export interface IdleJob {
  readonly kind: "idle";
}

export type WorkerJob = DescentJob | TfjsJob | MljsJob | KernelsJob | IdleJob | L1DescentJob | L1PathJob;

/** What a run job sends back. */
export interface RunOutput {
  /** One per repeat. */
  readonly traces: Trace[];
  /** Accuracy of the last repeat's final θ on the held-out rows. */
  readonly testAccuracy: number;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly notes: string[];
}

export interface KernelsOutput {
  readonly variant: string;
  /** How many threads the objective's full passes ran on. */
  readonly threads: number;
  readonly samples: Readonly<Record<string, number[]>>;
  readonly featureBytes: number;
  readonly notes: string[];
}

export interface ChildMemory {
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
}

export interface WorkerReply<T> {
  readonly output: T;
  readonly memory: ChildMemory;
}
