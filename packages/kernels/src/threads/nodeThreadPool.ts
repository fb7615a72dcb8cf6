import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";
import type { MessagePort, Worker } from "node:worker_threads";
import { DescentError } from "@descent/core";
import { argumentsOffset, poolWordsIndex, WORDS_PER_WORKER } from "./controlBlock.js";
import { type AttachmentMessage, ControlledThreadPool } from "./controlledThreadPool.js";
import { KERNEL_WORKER_SOURCE } from "./kernelWorker.js";
import { checkThreadCount, type ThreadPool, type ThreadPoolOptions } from "./threadPoolContract.js";
import { WATCHDOG_SOURCE } from "./watchdogWorker.js";

/**
 * worker_threads, loaded on the first pool rather than with core: Node's entry registers the threads, and
 * loading the module costs about 2 ms of every process's start, most of which never start a worker.
 */
let workerThreads: typeof WorkerThreads | undefined;
function loadWorkerThreads(): typeof WorkerThreads {
  workerThreads ??= createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;
  return workerThreads;
}

/** What the watchdog tells its parent (see watchdogWorker.ts). */
type WatchdogMessage =
  | { readonly type: "online" }
  | { readonly type: "failed"; readonly index: number; readonly how: number; readonly exitCode: number };

class WorkerThreadPool extends ControlledThreadPool {
  /** Node allows Atomics.wait on its main thread. */
  readonly canBlock = true;
  /** Starts the kernel workers as its children and watches them (see watchdogWorker.ts). */
  private readonly watchdog: Worker;
  private readonly ports: MessagePort[] = [];
  /** Settles once every worker runs, or one failed: what workersReady awaits. */
  private readonly ready: Promise<void>;

  constructor(threads: number) {
    super(threads);
    const workers = threads - 1;
    const { MessageChannel, Worker } = loadWorkerThreads();
    const specs = [];
    const transfer: MessagePort[] = [];
    for (let index = 0; index < workers; index++) {
      const channel = new MessageChannel();
      specs.push({
        name: `descent kernels ${index + 1}`,
        workerData: {
          control: this.control.buffer,
          port: channel.port2,
          index,
          wordsPerWorker: WORDS_PER_WORKER,
          argumentsOffset: argumentsOffset(workers),
        },
      });
      transfer.push(channel.port2);
      channel.port1.unref();
      this.ports.push(channel.port1);
    }
    this.watchdog = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      name: "descent kernels watchdog",
      // A flag the process was started with (--input-type=module, say) must not reach eval'd sources.
      execArgv: [],
      workerData: {
        kernelSource: KERNEL_WORKER_SOURCE,
        control: this.control.buffer,
        poolWords: poolWordsIndex(workers),
        wordsPerWorker: WORDS_PER_WORKER,
        workers: specs,
      },
      transferList: transfer,
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.watchdog.on("message", (message: WatchdogMessage) => {
        if (message.type === "online") resolve();
        else
          reject(
            new DescentError(
              "INVALID_STATE",
              `A worker of the thread pool failed to start (${this.control.failure() ?? "no detail"}).`,
            ),
          );
      });
      // The watchdog itself failing to start (or dying) leaves nobody to watch: the pool is broken.
      this.watchdog.once("error", (error) => {
        this.control.markFailed(0, 1, 0);
        reject(new DescentError("INVALID_STATE", `The thread pool could not start: ${error.message}`));
      });
      this.watchdog.once("exit", (code) => {
        this.control.markFailed(0, 2, code);
        reject(new DescentError("INVALID_STATE", `The thread pool stopped (exit code ${code}).`));
      });
    });
    // Nobody may have to await it (createThreadPool): a failure then shows on the next pass instead.
    this.ready.catch(() => {});
    // A pool must not keep the process alive.
    this.watchdog.unref();
  }

  /**
   * Resolves once every worker runs (rejects if one failed to start). The watchdog is referenced meanwhile,
   * so that a top-level `await startThreadPool()` keeps the process alive until the workers are up.
   */
  protected workersReady(): Promise<void> {
    this.watchdog.ref();
    return this.ready.finally(() => this.watchdog.unref());
  }

  protected postToWorker(index: number, message: AttachmentMessage): void {
    this.ports[index]!.postMessage(message);
  }

  protected terminateWorkers(): void {
    // Its children, the kernel workers, end with it.
    void this.watchdog.terminate();
  }

  /**
   * For tests: ends worker `index` (0 …) as a crash would, and resolves once the pool has seen it die.
   * @internal
   */
  terminateWorkerForTesting(index: number): Promise<void> {
    this.watchdog.ref();
    return new Promise<void>((resolve) => {
      const seen = (message: WatchdogMessage) => {
        if (message.type !== "failed") return;
        this.watchdog.off("message", seen);
        this.watchdog.unref();
        resolve();
      };
      this.watchdog.on("message", seen);
      this.watchdog.postMessage({ type: "terminate", index });
    });
  }
}

/**
 * A pool of `threads − 1` worker threads (Node's worker_threads) that a logistic objective splits its
 * passes over dense X across: `logisticObjective({ X, y, backend: kernels({ threads: createThreadPool({ threads: 2 }) }) })`.
 * The workers wait on shared memory between passes and do not keep the process alive; `close()` stops them.
 */
export function createThreadPool(options: ThreadPoolOptions = {}): ThreadPool {
  return new WorkerThreadPool(checkThreadCount(options.threads ?? 2));
}

/**
 * createThreadPool, resolved once the workers run: the form that works in Node and in browsers alike
 * (`@descent/kernels/threads` resolves to the browser's pool under the "browser" condition).
 */
export async function startThreadPool(options: ThreadPoolOptions = {}): Promise<ThreadPool> {
  return new WorkerThreadPool(checkThreadCount(options.threads ?? 2)).started();
}
