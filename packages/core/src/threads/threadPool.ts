import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { DescentError } from "../errors.js";
import type { KernelWorkers, ObjectiveThreadPool } from "../kernels/threadPool.js";
import type { WebAssemblyMemory } from "../kernels/webAssembly.js";
import { checkNumberOption } from "../options.js";
import { KERNEL_WORKER_SOURCE } from "./kernelWorker.js";

export interface ThreadPoolOptions {
  /** How many threads share a pass, the calling thread included: threads − 1 workers are started. Default 2. */
  readonly threads?: number;
}

/** A pool of worker threads for `logisticObjective({ …, threads: pool })`. Close it when done. */
export interface ThreadPool extends ObjectiveThreadPool {
  /** Whether close() has been called. */
  readonly closed: boolean;
  /** Stops the workers. An objective built on the pool throws (INVALID_STATE) on its next threaded pass. */
  close(): void;
}

/**
 * The control block, an Int32Array over a SharedArrayBuffer: per worker, WORDS_PER_WORKER words
 *     0 request (bumped by the caller), 1 done (the worker copies the request it finished), 2 command
 *     (1 attach, 2 run, 3 stop), 3 status (0 ok, 1 failed), 4 attachment, 5 kernel
 * then, from ARGUMENTS_OFFSET, 12 float64 arguments per worker.
 */
const WORDS_PER_WORKER = 16;
const ATTACH = 1;
const RUN = 2;
const STOP = 3;

class WorkerThreadPool implements ThreadPool {
  readonly threads: number;
  closed = false;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly words: Int32Array;
  private readonly args: Float64Array[] = [];
  /** The request each worker was last given (its done word catches up with it). */
  private readonly requested: Int32Array;
  private attachments = 0;

  constructor(threads: number) {
    this.threads = threads;
    const workers = threads - 1;
    const argumentsOffset = workers * WORDS_PER_WORKER * 4;
    const control = new SharedArrayBuffer(argumentsOffset + workers * 12 * 8);
    this.words = new Int32Array(control);
    this.requested = new Int32Array(workers);
    for (let index = 0; index < workers; index++) {
      const channel = new MessageChannel();
      const worker = new Worker(KERNEL_WORKER_SOURCE, {
        eval: true,
        name: `descent kernels ${index + 1}`,
        workerData: {
          control,
          port: channel.port2,
          index,
          wordsPerWorker: WORDS_PER_WORKER,
          argumentsOffset,
        },
        transferList: [channel.port2],
      });
      // A pool must not keep the process alive; a worker that dies shows as a failed request.
      worker.unref();
      worker.on("error", () => {});
      channel.port1.unref();
      this.workers.push(worker);
      this.ports.push(channel.port1);
      this.args.push(new Float64Array(control, argumentsOffset + index * 12 * 8, 12));
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new DescentError("INVALID_STATE", "The thread pool is closed.");
  }

  /** Gives worker t (1 … threads − 1) a command, and returns at once. */
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

  /** Blocks until every worker has finished its last request; throws if one failed. */
  waitAll(): void {
    const words = this.words;
    let failed = false;
    for (let index = 0; index < this.threads - 1; index++) {
      const at = index * WORDS_PER_WORKER;
      const target = this.requested[index]!;
      for (let done = Atomics.load(words, at + 1); done !== target; done = Atomics.load(words, at + 1)) {
        Atomics.wait(words, at + 1, done);
      }
      if (words[at + 3] !== 0) failed = true;
    }
    if (failed)
      throw new DescentError("INVALID_STATE", "A worker of the thread pool failed to run a kernel.");
  }

  attach(
    memory: WebAssemblyMemory,
    module: object,
    bases: readonly number[],
    kernels: readonly string[],
  ): KernelWorkers {
    this.checkOpen();
    const attachment = this.attachments++;
    for (let worker = 1; worker < this.threads; worker++) {
      this.ports[worker - 1]!.postMessage({ memory, module, base: bases[worker - 1], kernels: [...kernels] });
      this.request(worker, ATTACH, attachment, 0);
    }
    this.waitAll();
    return new AttachedWorkers(this, attachment);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let worker = 1; worker < this.threads; worker++) this.request(worker, STOP, 0, 0);
    for (const worker of this.workers) void worker.terminate();
  }
}

class AttachedWorkers implements KernelWorkers {
  constructor(
    private readonly pool: WorkerThreadPool,
    private readonly attachment: number,
  ) {}

  start(worker: number, kernel: number, args: Float64Array): void {
    if (this.pool.closed) throw new DescentError("INVALID_STATE", "The thread pool is closed.");
    const slot = this.pool.argumentsOf(worker);
    for (let k = 0; k < 12; k++) slot[k] = args[k]!;
    this.pool.request(worker, RUN, this.attachment, kernel);
  }

  wait(): void {
    this.pool.waitAll();
  }
}

/**
 * A pool of `threads − 1` worker threads (Node's worker_threads) that a logistic objective splits its
 * passes over dense X across: `logisticObjective({ X, y, threads: createThreadPool({ threads: 2 }) })`.
 * The workers wait on shared memory between passes and do not keep the process alive; `close()` stops them.
 */
export function createThreadPool(options: ThreadPoolOptions = {}): ThreadPool {
  const threads = checkNumberOption("threads", options.threads ?? 2, { min: 1, max: 256, integer: true });
  return new WorkerThreadPool(threads);
}
