import type { WebAssemblyMemory } from "./webAssembly.js";

/**
 * Worker threads that the kernels' objectives can split their passes over the data across: the contract
 * between the objectives (which stay free of any runtime's thread API, so that they run in browsers) and an
 * implementation such as `createThreadPool` from `@descent/kernels/threads` (Node's worker_threads). Pass
 * one as `kernels({ threads: pool })`.
 */
export interface ObjectiveThreadPool {
  /** How many threads share a pass: the calling thread and the pool's workers (threads − 1 of them). */
  readonly threads: number;
  /**
   * Has worker t (1 … threads − 1) instantiate `module` (the threads' kernels) over the shared `memory`,
   * with its global `base` set to bases[t − 1], and keep its exports named in `kernels`. Returns when every
   * worker has done so; throws a DescentError (INVALID_STATE) if the pool is closed or a worker failed.
   */
  attach(
    memory: WebAssemblyMemory,
    module: object,
    bases: readonly number[],
    kernels: readonly string[],
  ): KernelWorkers;
}

/** The pool's workers, attached to one memory: they run kernels on request. */
export interface KernelWorkers {
  /**
   * Starts kernels[kernel] on worker t (1 … threads − 1) with the first 12 entries of `args` (addresses
   * relative to that worker's base) and returns at once.
   */
  start(worker: number, kernel: number, args: Float64Array): void;
  /** Waits until every started kernel has returned; throws a DescentError (INVALID_STATE) if one failed. */
  wait(): void;
  /**
   * Optional: says that nothing will run on this memory again, so that the pool may let its workers drop it
   * (a worker otherwise holds every memory attached to it until the pool closes). Called at most once.
   */
  release?(): void;
}
