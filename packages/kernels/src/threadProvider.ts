import { checkNumberOption, DescentError, describeValue } from "@descent/core";
import type { ObjectiveThreadPool } from "./objectiveThreadPool.js";

/**
 * The `threads` option: "auto" (every core where the runtime provides threads, and only for large X), a
 * number of threads (1 is the calling thread alone), or a pool of your own.
 */
export type ThreadsOption = "auto" | number | ObjectiveThreadPool;

/** The most threads a count may ask for (a pool's limit too). */
export const MAXIMUM_THREADS = 256;

/**
 * What a runtime offers the `threads` option: how many threads "auto" stands for, and a process-wide pool
 * per size. The kernels' platform-neutral code consults the registered one; their Node entry registers Node's
 * (worker_threads), and where none is registered (a browser, or the platform-neutral entry) only pools
 * passed explicitly run threads.
 */
export interface ThreadProvider {
  /** The threads that "auto" stands for, the calling thread included (os.availableParallelism() in Node). */
  autoThreads(): number;
  /**
   * The process-wide pool of `threads` (≥ 2) threads, the same object on every call while it lives. Cheap to
   * ask for: its workers start when something first attaches to it, and they never keep the process alive.
   */
  sharedPool(threads: number): ObjectiveThreadPool;
}

let registered: ThreadProvider | undefined;

/** Makes `provider` the one that "auto" and thread counts use (undefined: none). Core's Node entry calls it. */
export function registerThreadProvider(provider: ThreadProvider | undefined): void {
  registered = provider;
}

/** The registered thread provider, if any. */
export function registeredThreadProvider(): ThreadProvider | undefined {
  return registered;
}

/** A `threads` option resolved: how many threads, and the pool that runs them. */
export interface ThreadPlan {
  /** The threads a pass would run on, the calling thread included; 1 runs no worker. */
  readonly threads: number;
  /** Whether it came from "auto", which threads only X of at least the default minimum size. */
  readonly auto: boolean;
  /** The pool to run on (for a count or "auto", the provider's shared pool); undefined for one thread. */
  readonly pool: ObjectiveThreadPool | undefined;
}

function isThreadPool(value: unknown): value is ObjectiveThreadPool {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as ObjectiveThreadPool).attach === "function" &&
    Number.isInteger((value as ObjectiveThreadPool).threads) &&
    (value as ObjectiveThreadPool).threads >= 1
  );
}

/**
 * Checks a `threads` option (undefined means "auto") and resolves it against `provider` (by default the
 * registered one): a pool runs on itself; a count n runs on the provider's shared pool of n threads, and
 * without a provider only n = 1 is possible; "auto" is the provider's autoThreads(), or 1 without one.
 * Throws INVALID_OPTION for anything else.
 */
export function resolveThreadsOption(
  value: unknown,
  provider: ThreadProvider | undefined = registered,
): ThreadPlan {
  if (value === undefined || value === "auto") {
    const threads =
      provider === undefined ? 1 : Math.min(Math.max(Math.floor(provider.autoThreads()), 1), MAXIMUM_THREADS);
    return { threads, auto: true, pool: threads > 1 ? provider?.sharedPool(threads) : undefined };
  }
  if (isThreadPool(value)) return { threads: value.threads, auto: false, pool: value };
  if (typeof value !== "number") {
    throw new DescentError(
      "INVALID_OPTION",
      `threads must be "auto", a number of threads or a thread pool, got ${describeValue(value)}.`,
      { value },
    );
  }
  const threads = checkNumberOption("threads", value, { min: 1, max: MAXIMUM_THREADS, integer: true });
  if (threads > 1 && provider === undefined) {
    throw new DescentError(
      "INVALID_OPTION",
      `threads: ${threads} needs worker threads, which core starts by itself only in Node; elsewhere pass a pool as threads (e.g. one started in a cross-origin-isolated page), or threads: 1.`,
      { value },
    );
  }
  return { threads, auto: false, pool: threads > 1 ? provider?.sharedPool(threads) : undefined };
}
