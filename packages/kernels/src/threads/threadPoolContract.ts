import { checkNumberOption } from "@descent/core";
import type { ObjectiveThreadPool } from "../objectiveThreadPool.js";
import { MAXIMUM_THREADS } from "../threadProvider.js";

/** The options of createThreadPool and startThreadPool, in Node and in browsers. */
export interface ThreadPoolOptions {
  /**
   * How many threads share a pass, the calling thread included: threads − 1 workers are started. Default 2
   * in Node; `navigator.hardwareConcurrency` in a browser.
   */
  readonly threads?: number;
}

/** A pool of worker threads for `kernels({ threads: pool })`. Close it when done. */
export interface ThreadPool extends ObjectiveThreadPool {
  /** Whether close() has been called. */
  readonly closed: boolean;
  /** Stops the workers. An objective built on the pool throws (INVALID_STATE) on its next threaded pass. */
  close(): void;
}

/** The `threads` option, checked: a whole number from 1 to MAXIMUM_THREADS (256). */
export function checkThreadCount(threads: unknown): number {
  return checkNumberOption("threads", threads, { min: 1, max: MAXIMUM_THREADS, integer: true });
}
