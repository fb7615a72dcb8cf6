import { DescentError } from "@descent/core";
import type { KernelWorkers } from "../objectiveThreadPool.js";

/**
 * The control block that a pool's caller and its workers share, an Int32Array over a SharedArrayBuffer: per
 * worker, WORDS_PER_WORKER words
 *     0 request (bumped by the caller), 1 done (the worker copies the request it finished), 2 command
 *     (1 attach, 2 run, 3 stop), 3 status (0 ok, 1 failed), 4 attachment, 5 kernel
 * then, from argumentsOffset(workers), 12 float64 arguments per worker, then three words about the pool:
 *     0 the first worker that died (its index + 1; 0 while all live), 1 how (FAILURE_*), 2 its exit code
 *     (or 0), and 3 closing (1 once close() began, so that the workers' ends are not taken for failures).
 * Node's pool and the browser's share it; they differ in how a worker is started, how an attachment reaches
 * it and how the caller waits.
 */
export const WORDS_PER_WORKER = 16;
export const ATTACH = 1;
export const RUN = 2;
export const STOP = 3;
/** Arguments per kernel call (the most any of the threads' kernels takes). */
const ARGUMENTS = 12;
/** How a worker ended, in the pool's words: it threw outside a kernel (or failed to start), or it exited. */
export const FAILURE_ERROR = 1;
export const FAILURE_EXIT = 2;
/**
 * The longest a blocked caller sleeps before it looks at the pool's words again: a worker's death is
 * announced with Atomics.notify, and the slices make sure that a notification that lands between the look
 * and the sleep is not missed.
 */
const WAIT_SLICE_MS = 50;

/** Where the workers' argument slots start, in bytes. */
export function argumentsOffset(workers: number): number {
  return workers * WORDS_PER_WORKER * 4;
}

/** Where the pool's own words (failure, closing) start, as an index of Int32 words. */
export function poolWordsIndex(workers: number): number {
  return (argumentsOffset(workers) + workers * ARGUMENTS * 8) / 4;
}

export class ControlBlock {
  readonly buffer: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly args: Float64Array[] = [];
  /** The request each worker was last given (its done word catches up with it). */
  private readonly requested: Int32Array;

  constructor(readonly workers: number) {
    const offset = argumentsOffset(workers);
    this.buffer = new SharedArrayBuffer(poolWordsIndex(workers) * 4 + 4 * 4);
    this.words = new Int32Array(this.buffer);
    this.requested = new Int32Array(workers);
    for (let index = 0; index < workers; index++) {
      this.args.push(new Float64Array(this.buffer, offset + index * ARGUMENTS * 8, ARGUMENTS));
    }
  }

  /** Gives worker t (1 … workers) a command, and returns at once. */
  request(worker: number, command: number, attachment: number, kernel: number): void {
    const index = worker - 1;
    const at = index * WORDS_PER_WORKER;
    const words = this.words;
    words[at + 2] = command;
    words[at + 4] = attachment;
    words[at + 5] = kernel;
    const request = (this.requested[index]! + 1) | 0;
    this.requested[index] = request;
    Atomics.store(words, at, request);
    Atomics.notify(words, at);
  }

  argumentsOf(worker: number): Float64Array {
    return this.args[worker - 1]!;
  }

  /** Says that close() began: the workers' ends from now on are not failures. */
  markClosing(): void {
    Atomics.store(this.words, poolWordsIndex(this.workers) + 3, 1);
  }

  /**
   * Records that worker `index` (0 …) died, if it is the first and the pool is not closing, and wakes a caller
   * waiting on any worker. Called by whatever observes the workers (Node's watchdog thread does the same on
   * the shared words).
   */
  markFailed(index: number, how: number, exitCode: number): void {
    const pool = poolWordsIndex(this.workers);
    const words = this.words;
    if (Atomics.load(words, pool + 3) !== 0) return;
    if (Atomics.compareExchange(words, pool, 0, index + 1) !== 0) return;
    words[pool + 1] = how;
    words[pool + 2] = exitCode;
    for (let worker = 0; worker < this.workers; worker++)
      Atomics.notify(words, worker * WORDS_PER_WORKER + 1);
  }

  /** What became of the first worker that died, in words; undefined while every worker lives. */
  failure(): string | undefined {
    const pool = poolWordsIndex(this.workers);
    const worker = Atomics.load(this.words, pool);
    if (worker === 0) return undefined;
    const how = this.words[pool + 1];
    return how === FAILURE_EXIT
      ? `worker ${worker} of the thread pool stopped (exit code ${this.words[pool + 2]})`
      : `worker ${worker} of the thread pool failed (it could not start, or it crashed)`;
  }

  /**
   * Returns once every worker has finished its last request; throws INVALID_STATE if one failed to run its
   * kernel, or died. With `canBlock` it sleeps in Atomics.wait, in slices, looking at the pool's failure
   * word between them; without (a browser's main thread, where Atomics.wait throws) it spins on
   * Atomics.load, which is short because the caller has done its own share of the rows first.
   */
  waitAll(canBlock: boolean): void {
    const words = this.words;
    let failed = false;
    for (let index = 0; index < this.workers; index++) {
      const at = index * WORDS_PER_WORKER;
      const target = this.requested[index]!;
      for (let done = Atomics.load(words, at + 1); done !== target; done = Atomics.load(words, at + 1)) {
        const died = this.failure();
        if (died !== undefined) {
          throw new DescentError(
            "INVALID_STATE",
            `The pass could not finish: ${died}. This pool cannot run again; threads: "auto" and counts start new workers on the next objective, an explicit pool must be closed and created anew.`,
          );
        }
        if (canBlock) Atomics.wait(words, at + 1, done, WAIT_SLICE_MS);
      }
      if (words[at + 3] !== 0) failed = true;
    }
    if (failed)
      throw new DescentError("INVALID_STATE", "A worker of the thread pool failed to run a kernel.");
  }
}

/** What AttachedWorkers needs of its pool. */
export interface ControlledPool {
  /** Throws INVALID_STATE when the pool cannot run (closed, or a worker died). */
  checkUsable(): void;
  readonly control: ControlBlock;
  /** Whether the calling thread may sleep in Atomics.wait. */
  readonly canBlock: boolean;
}

/** A pool's workers attached to one memory (attachment number `attachment`): they run kernels on request. */
export class AttachedWorkers implements KernelWorkers {
  constructor(
    private readonly pool: ControlledPool,
    private readonly attachment: number,
  ) {}

  start(worker: number, kernel: number, args: Float64Array): void {
    this.pool.checkUsable();
    const slot = this.pool.control.argumentsOf(worker);
    for (let k = 0; k < ARGUMENTS; k++) slot[k] = args[k]!;
    this.pool.control.request(worker, RUN, this.attachment, kernel);
  }

  wait(): void {
    this.pool.control.waitAll(this.pool.canBlock);
  }
}
