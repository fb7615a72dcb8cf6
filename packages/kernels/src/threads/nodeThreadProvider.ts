import { availableParallelism } from "node:os";
import type { KernelWorkers, ObjectiveThreadPool } from "../objectiveThreadPool.js";
import type { ThreadProvider } from "../threadProvider.js";
import type { WebAssemblyMemory } from "../webAssembly.js";
import { createThreadPool } from "./nodeThreadPool.js";
import type { ThreadPool } from "./threadPoolContract.js";

/**
 * How many bytes of released memories a generation of workers may keep before new objectives go to a new
 * one: a bound on the garbage that the shared pool holds, against the cost of starting workers anew.
 */
const RETIRE_AFTER_RELEASED_BYTES = 64 * 2 ** 20;

/** One set of workers of a shared pool, with what is attached to it. */
interface Generation {
  readonly pool: ThreadPool;
  /** Memories attached and not yet released. */
  live: number;
  /** Bytes of the released memories, which the workers still hold. */
  releasedBytes: number;
  /** Whether new attachments go elsewhere; it closes when its last memory is released. */
  retired: boolean;
}

/** One memory attached to a generation; released once, explicitly or when it is garbage collected. */
interface Attachment {
  readonly owner: SharedThreadPool;
  readonly generation: Generation;
  readonly bytes: number;
  released: boolean;
}

/**
 * The process-wide pool of one size, as `threads: n` and "auto" use it: the same object for the life of
 * the process, whose workers start on the first attach (asking for it starts nothing). A worker keeps every
 * memory attached to it (every copy of X) until it stops, and nothing can make an idle worker collect its
 * garbage; so the pool counts the memories released (by KernelWorkers.release, which LogisticRegression.fit
 * calls when done, or else when this thread garbage collects them), and once those weigh 64 MiB, new
 * objectives get new workers and the old ones stop when the last memory attached to them is released, which
 * frees what they held. Repeated fits on large X so hold about 64 MiB of dead copies, or one, at most.
 * (Collection is observed by a finalization callback, which never interrupts synchronous code: a loop of
 * objectives built by hand and never released, in one synchronous run, keeps every copy until it ends.)
 */
class SharedThreadPool implements ObjectiveThreadPool {
  private current: Generation | undefined;

  constructor(readonly threads: number) {}

  /** Whether workers are running for it (false until the first attach). */
  get started(): boolean {
    return this.current !== undefined;
  }

  attach(
    memory: WebAssemblyMemory,
    module: object,
    bases: readonly number[],
    kernels: readonly string[],
  ): KernelWorkers {
    // A generation whose worker died cannot run again: new objectives get new workers.
    if (this.current?.pool.closed) this.current = undefined;
    this.current ??= {
      pool: createThreadPool({ threads: this.threads }),
      live: 0,
      releasedBytes: 0,
      retired: false,
    };
    const generation = this.current;
    const workers = generation.pool.attach(memory, module, bases, kernels);
    generation.live++;
    const bytes = memory.buffer.byteLength;
    const attachment: Attachment = { owner: this, generation, bytes, released: false };
    releaseWhenCollected.register(memory, attachment, attachment);
    reportToGarbageCollector(bytes);
    return {
      start: (worker, kernel, args) => workers.start(worker, kernel, args),
      wait: () => workers.wait(),
      release: () => {
        releaseWhenCollected.unregister(attachment);
        this.released(attachment);
      },
    };
  }

  /** An attached memory is no longer used (or was collected on this thread). */
  released(attachment: Attachment): void {
    if (attachment.released) return;
    attachment.released = true;
    const generation = attachment.generation;
    generation.live--;
    generation.releasedBytes += attachment.bytes;
    if (!generation.retired && generation.releasedBytes >= RETIRE_AFTER_RELEASED_BYTES) {
      generation.retired = true;
      if (this.current === generation) this.current = undefined;
    }
    if (generation.retired && generation.live === 0) generation.pool.close();
  }
}

/**
 * V8 does not count shared memory towards the external memory that makes it collect garbage, so a program
 * that builds one threaded objective after another would never collect the old memories (and never run
 * the finalization above) before running out: each copy of X is hundreds of megabytes that the heap does
 * not see. An ordinary ArrayBuffer of the same size, dropped at once, is counted: it makes the collector
 * run as it would for single-threaded objectives, and, never written, it costs no physical memory.
 */
function reportToGarbageCollector(bytes: number): void {
  try {
    void new ArrayBuffer(bytes);
  } catch {
    // Address space for the report itself is not to be had: the collector will run soon anyway.
  }
}

const releaseWhenCollected = new FinalizationRegistry<Attachment>((attachment) =>
  attachment.owner.released(attachment),
);

const sharedPools = new Map<number, SharedThreadPool>();

/** Node's threads: "auto" is os.availableParallelism(), and counts share one lazily started pool per size. */
export const nodeThreadProvider: ThreadProvider = {
  autoThreads: () => availableParallelism(),
  sharedPool(threads: number): ObjectiveThreadPool {
    let pool = sharedPools.get(threads);
    if (pool === undefined) {
      pool = new SharedThreadPool(threads);
      sharedPools.set(threads, pool);
    }
    return pool;
  },
};
