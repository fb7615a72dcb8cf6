import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";
import type { MessagePort, Worker } from "node:worker_threads";
import { DescentError } from "@descent/core";
import { argumentsOffset, WORDS_PER_WORKER } from "./controlBlock.js";
import { type AttachmentMessage, ControlledThreadPool } from "./controlledThreadPool.js";
import { KERNEL_WORKER_SOURCE } from "./kernelWorker.js";
import { checkThreadCount, type ThreadPool, type ThreadPoolOptions } from "./threadPoolContract.js";

/**
 * worker_threads, loaded on the first pool rather than with core: Node's entry registers the threads, and
 * loading the module costs about 2 ms of every process's start, most of which never start a worker.
 */
let workerThreads: typeof WorkerThreads | undefined;
function loadWorkerThreads(): typeof WorkerThreads {
  workerThreads ??= createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;
  return workerThreads;
}

class WorkerThreadPool extends ControlledThreadPool {
  /** Node allows Atomics.wait on its main thread. */
  readonly canBlock = true;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];

  constructor(threads: number) {
    super(threads);
    const workers = threads - 1;
    const { MessageChannel, Worker } = loadWorkerThreads();
    for (let index = 0; index < workers; index++) {
      const channel = new MessageChannel();
      const worker = new Worker(KERNEL_WORKER_SOURCE, {
        eval: true,
        name: `descent kernels ${index + 1}`,
        workerData: {
          control: this.control.buffer,
          port: channel.port2,
          index,
          wordsPerWorker: WORDS_PER_WORKER,
          argumentsOffset: argumentsOffset(workers),
        },
        transferList: [channel.port2],
      });
      // A pool must not keep the process alive; a worker that dies shows as a failed request.
      worker.unref();
      worker.on("error", () => {});
      channel.port1.unref();
      this.workers.push(worker);
      this.ports.push(channel.port1);
    }
  }

  /**
   * Resolves once every worker runs (rejects if one failed to start). The workers are referenced meanwhile,
   * so that a top-level `await startThreadPool()` keeps the process alive until they are up.
   */
  protected workersReady(): Promise<void> {
    return Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.ref();
            worker.once("online", () => {
              worker.unref();
              resolve();
            });
            worker.once("error", (error) => {
              worker.unref();
              reject(
                new DescentError(
                  "INVALID_STATE",
                  `A worker of the thread pool failed to start: ${error.message}`,
                ),
              );
            });
          }),
      ),
    ).then(() => {});
  }

  protected postToWorker(index: number, message: AttachmentMessage): void {
    this.ports[index]!.postMessage(message);
  }

  protected terminateWorkers(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * A pool of `threads − 1` worker threads (Node's worker_threads) that a logistic objective splits its
 * passes over dense X across: `logisticObjective({ X, y, threads: createThreadPool({ threads: 2 }) })`.
 * The workers wait on shared memory between passes and do not keep the process alive; `close()` stops them.
 */
export function createThreadPool(options: ThreadPoolOptions = {}): ThreadPool {
  return new WorkerThreadPool(checkThreadCount(options.threads ?? 2));
}

/**
 * createThreadPool, resolved once the workers run: the form that works in Node and in browsers alike
 * (`@descent/core/threads` resolves to the browser's pool under the "browser" condition).
 */
export async function startThreadPool(options: ThreadPoolOptions = {}): Promise<ThreadPool> {
  return new WorkerThreadPool(checkThreadCount(options.threads ?? 2)).started();
}
