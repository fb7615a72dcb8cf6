import { DescentError } from "@descent/core";
import type { KernelWorkers } from "../objectiveThreadPool.js";

/**
 * The control block that a pool's caller and its workers share, an Int32Array over a SharedArrayBuffer: per
 * worker, WORDS_PER_WORKER words
 *     0 request (bumped by the caller), 1 done (the worker copies the request it finished), 2 command
 *     (1 attach, 2 run, 3 stop), 3 status (0 ok, 1 failed), 4 attachment, 5 kernel
 * then, from argumentsOffset(workers), 12 float64 arguments per worker. Node's pool and the browser's share
 * it; they differ in how a worker is started, how an attachment reaches it and how the caller waits.
 */
export const WORDS_PER_WORKER = 16;
export const ATTACH = 1;
export const RUN = 2;
export const STOP = 3;
/** Arguments per kernel call (the most any of the threads' kernels takes). */
const ARGUMENTS = 12;

/** Where the workers' argument slots start, in bytes. */
export function argumentsOffset(workers: number): number {
  return workers * WORDS_PER_WORKER * 4;
}

export class ControlBlock {
  readonly buffer: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly args: Float64Array[] = [];
  /** The request each worker was last given (its done word catches up with it). */
  private readonly requested: Int32Array;

  constructor(readonly workers: number) {
    const offset = argumentsOffset(workers);
    this.buffer = new SharedArrayBuffer(offset + workers * ARGUMENTS * 8);
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

  /**
   * Returns once every worker has finished its last request; throws if one failed. With `canBlock` it sleeps
   * in Atomics.wait; without (a browser's main thread, where Atomics.wait throws) it spins on Atomics.load,
   * which is short because the caller has done its own share of the rows first.
   */
  waitAll(canBlock: boolean): void {
    const words = this.words;
    let failed = false;
    for (let index = 0; index < this.workers; index++) {
      const at = index * WORDS_PER_WORKER;
      const target = this.requested[index]!;
      for (let done = Atomics.load(words, at + 1); done !== target; done = Atomics.load(words, at + 1)) {
        if (canBlock) Atomics.wait(words, at + 1, done);
      }
      if (words[at + 3] !== 0) failed = true;
    }
    if (failed)
      throw new DescentError("INVALID_STATE", "A worker of the thread pool failed to run a kernel.");
  }
}

/** What AttachedWorkers needs of its pool. */
export interface ControlledPool {
  readonly closed: boolean;
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
    if (this.pool.closed) throw new DescentError("INVALID_STATE", "The thread pool is closed.");
    const slot = this.pool.control.argumentsOf(worker);
    for (let k = 0; k < ARGUMENTS; k++) slot[k] = args[k]!;
    this.pool.control.request(worker, RUN, this.attachment, kernel);
  }

  wait(): void {
    this.pool.control.waitAll(this.pool.canBlock);
  }
}
