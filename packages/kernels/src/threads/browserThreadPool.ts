import { DescentError } from "@descent/core";
import { MAXIMUM_THREADS } from "../threadProvider.js";
import { sharedKernelModuleOrUndefined } from "../webAssembly.js";
import { BROWSER_KERNEL_WORKER_SOURCE } from "./browserKernelWorker.js";
import { argumentsOffset, WORDS_PER_WORKER } from "./controlBlock.js";
import { type AttachmentMessage, ControlledThreadPool } from "./controlledThreadPool.js";
import { checkThreadCount, type ThreadPool, type ThreadPoolOptions } from "./threadPoolContract.js";

/**
 * The slice of the browser's API that the pool uses, typed here because core compiles against the ES
 * library only (no DOM types).
 */
interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string }) => void) | null;
}

interface BrowserGlobals {
  readonly crossOriginIsolated?: boolean;
  readonly SharedArrayBuffer?: unknown;
  readonly navigator?: { readonly hardwareConcurrency?: number };
  readonly Worker?: new (url: string, options?: { name?: string }) => BrowserWorker;
  readonly Blob?: new (parts: string[], options: { type: string }) => object;
  readonly URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

const ISOLATION_ADVICE =
  "Threads in a browser need a cross-origin isolated page: serve it with the headers " +
  "`Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`.";

/** Why this page cannot run the pool's threads, or undefined when it can. */
function unsupportedReason(globals: BrowserGlobals): string | undefined {
  if (globals.crossOriginIsolated !== true) {
    return `This page is not cross-origin isolated (crossOriginIsolated is ${String(globals.crossOriginIsolated)}). ${ISOLATION_ADVICE}`;
  }
  if (typeof globals.SharedArrayBuffer !== "function") {
    return `This runtime has no SharedArrayBuffer. ${ISOLATION_ADVICE}`;
  }
  if (sharedKernelModuleOrUndefined() === undefined) {
    return "This runtime has no shared WebAssembly memory with SIMD, which the threads' kernels run over.";
  }
  if (typeof globals.Worker !== "function" || typeof globals.Blob !== "function") {
    return "This runtime has no Web Workers.";
  }
  return undefined;
}

/**
 * Whether the calling thread may block in Atomics.wait: a worker may, a page's main thread may not (there it
 * throws a TypeError, before it compares any value).
 */
function callerCanBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

class BrowserThreadPool extends ControlledThreadPool {
  readonly canBlock = callerCanBlock();
  private readonly workers: BrowserWorker[] = [];
  private readonly scriptUrl: string;

  constructor(
    threads: number,
    private readonly globals: BrowserGlobals,
  ) {
    super(threads);
    const Worker = globals.Worker!;
    const Blob = globals.Blob!;
    this.scriptUrl = globals.URL.createObjectURL(
      new Blob([BROWSER_KERNEL_WORKER_SOURCE], { type: "text/javascript" }),
    );
    for (let index = 0; index < threads - 1; index++) {
      this.workers.push(new Worker(this.scriptUrl, { name: `descent kernels ${index + 1}` }));
    }
  }

  /**
   * Sets every worker up with the control block, and resolves once each has answered. The script's URL is
   * revoked then, not sooner: a worker that has answered has surely loaded it.
   */
  protected workersReady(): Promise<void> {
    const workers = this.control.workers;
    const started = Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<void>((resolve, reject) => {
            worker.onmessage = () => {
              worker.onmessage = null;
              resolve();
            };
            worker.onerror = (event) => {
              reject(
                new DescentError(
                  "INVALID_STATE",
                  `A worker of the thread pool failed to start${event.message ? `: ${event.message}` : ""}. If the page has a Content-Security-Policy, it must allow blob: workers (worker-src blob:).`,
                ),
              );
            };
            worker.postMessage({
              control: this.control.buffer,
              index,
              wordsPerWorker: WORDS_PER_WORKER,
              argumentsOffset: argumentsOffset(workers),
            });
          }),
      ),
    );
    return started.then(
      () => this.globals.URL.revokeObjectURL(this.scriptUrl),
      (error: unknown) => {
        this.globals.URL.revokeObjectURL(this.scriptUrl);
        throw error;
      },
    );
  }

  /**
   * Posts a worker its attachment; the attach request that follows asks it to leave its wait loop: back in
   * its event loop it finds the message, instantiates the kernels and publishes the request as done, while
   * the caller waits on the control block. A message from the caller reaches a running worker without the
   * caller's event loop turning (the browser test checks this on a page's main thread, which spins meanwhile).
   */
  protected postToWorker(index: number, message: AttachmentMessage): void {
    this.workers[index]!.postMessage(message);
  }

  protected terminateWorkers(): void {
    for (const worker of this.workers) worker.terminate();
  }
}

/**
 * A pool of `threads − 1` Web Workers that a logistic objective splits its passes over X across:
 * `logisticObjective({ X, y, threads: await startThreadPool() })`. The page must be cross-origin isolated
 * (served with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`),
 * or the promise rejects with an UNSUPPORTED_RUNTIME DescentError. Between passes the workers sleep in
 * Atomics.wait; on a page's main thread, where Atomics.wait is not allowed, the caller spins on the control
 * block while the workers finish their share. `close()` stops them.
 */
export async function startThreadPool(options: ThreadPoolOptions = {}): Promise<ThreadPool> {
  const globals = globalThis as unknown as BrowserGlobals;
  const threads = checkThreadCount(
    options.threads ?? Math.min(globals.navigator?.hardwareConcurrency ?? 2, MAXIMUM_THREADS),
  );
  const reason = unsupportedReason(globals);
  if (reason !== undefined) throw new DescentError("UNSUPPORTED_RUNTIME", reason);
  return new BrowserThreadPool(threads, globals).started();
}

/** In a browser a pool cannot be had synchronously: a Web Worker starts only once the page's event loop turns. */
export function createThreadPool(_options?: ThreadPoolOptions): ThreadPool {
  throw new DescentError(
    "UNSUPPORTED_RUNTIME",
    "createThreadPool is for Node: in a browser a worker cannot be started synchronously. Use `await startThreadPool()` instead.",
  );
}
