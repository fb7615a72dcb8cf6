import { DescentError } from "@descent/core";
import type { KernelWorkers } from "../objectiveThreadPool.js";
import type { WebAssemblyMemory } from "../webAssembly.js";
import { ATTACH, AttachedWorkers, ControlBlock, type ControlledPool, STOP } from "./controlBlock.js";
import type { ThreadPool } from "./threadPoolContract.js";

/** What a worker is sent before its attach request: the threads' kernels, the memory and its base in it. */
export interface AttachmentMessage {
  readonly memory: WebAssemblyMemory;
  readonly module: object;
  readonly base: number | undefined;
  readonly kernels: string[];
}

/**
 * What Node's pool and the browser's have in common: the control block, attaching a memory to every worker,
 * closing, and starting. They differ in how a worker is started, reached and stopped, which is theirs to
 * say (postToWorker, terminateWorkers, workersReady) along with whether the caller may block.
 */
export abstract class ControlledThreadPool implements ThreadPool, ControlledPool {
  private closeCalled = false;
  readonly control: ControlBlock;
  abstract readonly canBlock: boolean;
  private attachments = 0;

  constructor(readonly threads: number) {
    this.control = new ControlBlock(threads - 1);
  }

  /** Posts worker `index` (0 … threads − 2) its attachment, which it reads on its attach request. */
  protected abstract postToWorker(index: number, message: AttachmentMessage): void;
  /** Ends every worker (they have been asked to stop). */
  protected abstract terminateWorkers(): void;
  /** Resolves once every worker serves requests; rejects (INVALID_STATE) if one failed to start. */
  protected abstract workersReady(): Promise<void>;

  /** Closed by close(), or broken: a worker died, and a pool does not run with fewer workers than it has. */
  get closed(): boolean {
    return this.closeCalled || this.control.failure() !== undefined;
  }

  /** Throws INVALID_STATE when the pool cannot run: closed, or a worker died (saying which and how). */
  checkUsable(): void {
    if (this.closeCalled) throw new DescentError("INVALID_STATE", "The thread pool is closed.");
    const failure = this.control.failure();
    if (failure !== undefined) {
      throw new DescentError(
        "INVALID_STATE",
        `The thread pool cannot run: ${failure}. Close it and create another.`,
      );
    }
  }

  attach(
    memory: WebAssemblyMemory,
    module: object,
    bases: readonly number[],
    kernels: readonly string[],
  ): KernelWorkers {
    this.checkUsable();
    const attachment = this.attachments++;
    for (let worker = 1; worker < this.threads; worker++) {
      this.postToWorker(worker - 1, { memory, module, base: bases[worker - 1], kernels: [...kernels] });
      this.control.request(worker, ATTACH, attachment, 0);
    }
    this.control.waitAll(this.canBlock);
    return new AttachedWorkers(this, attachment);
  }

  close(): void {
    if (this.closeCalled) return;
    this.closeCalled = true;
    this.control.markClosing();
    for (let worker = 1; worker < this.threads; worker++) this.control.request(worker, STOP, 0, 0);
    this.terminateWorkers();
  }

  /** The pool, once its workers serve requests; if one failed to start, closed, and the promise rejects. */
  async started(): Promise<ThreadPool> {
    try {
      await this.workersReady();
    } catch (error) {
      this.close();
      throw error;
    }
    return this;
  }
}
