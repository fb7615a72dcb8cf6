import {
  constantSchedule,
  createRandomState,
  gradientTransformationOptimizer,
  isDescentError,
  LogisticRegression,
  nextUniform,
  scaleByLearningRate,
} from "@descent/core";
import { describe, expect, it } from "vitest";
import { testObjective } from "../test/objectives.js";
// The platform-neutral entry, as a browser gets it: nothing here imports the kernels' Node entry.
import { createDenseMatrix, kernels } from "./index.js";
import type { KernelWorkers, ObjectiveThreadPool } from "./objectiveThreadPool.js";
import { registeredThreadProvider, resolveThreadsOption, type ThreadProvider } from "./threadProvider.js";

/** The DescentError that `run` throws, for its code, value and message. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isDescentError(error)) return { code: error.code, value: error.value, message: error.message };
    throw error;
  }
  throw new Error("expected a DescentError");
}

/** A provider that starts nothing: it records which shared pools were asked for. */
function recordingProvider(autoThreads: number) {
  const pools = new Map<number, ObjectiveThreadPool>();
  const provider: ThreadProvider = {
    autoThreads: () => autoThreads,
    sharedPool(threads) {
      let pool = pools.get(threads);
      if (pool === undefined) {
        pool = {
          threads,
          attach(): KernelWorkers {
            throw new Error("a recording pool never runs");
          },
        };
        pools.set(threads, pool);
      }
      return pool;
    },
  };
  return { provider, pools };
}

/** A pool of one's own, as a browser page would pass one (never run here). */
const ownPool = { threads: 2, attach: () => ({}) as KernelWorkers } satisfies ObjectiveThreadPool;

describe("the threads option, resolved", () => {
  it("without a provider: 'auto' (and the default) is one thread, 1 is one thread, a pool is itself", () => {
    for (const value of [undefined, "auto"]) {
      expect(resolveThreadsOption(value, undefined)).toEqual({ threads: 1, auto: true, pool: undefined });
    }
    expect(resolveThreadsOption(1, undefined)).toEqual({ threads: 1, auto: false, pool: undefined });
    expect(resolveThreadsOption(ownPool, undefined)).toEqual({ threads: 2, auto: false, pool: ownPool });
  });

  it("without a provider, a count above 1 is refused with a message that says what works", () => {
    const error = refusal(() => resolveThreadsOption(2, undefined));
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.value).toBe(2);
    expect(error.message).toMatch(/threads: 2 .*Node.*pool.*cross-origin-isolated/);
  });

  it("with a provider: 'auto' is its count (clamped to 1 … 256) on its shared pool, n its pool of n", () => {
    const { provider, pools } = recordingProvider(8);
    const auto = resolveThreadsOption("auto", provider);
    expect(auto.threads).toBe(8);
    expect(auto.auto).toBe(true);
    expect(auto.pool).toBe(pools.get(8));
    const three = resolveThreadsOption(3, provider);
    expect(three.threads).toBe(3);
    expect(three.pool).toBe(pools.get(3));
    expect(resolveThreadsOption(3, provider).pool).toBe(three.pool);
    expect(resolveThreadsOption(1, provider).pool).toBeUndefined();
    expect(resolveThreadsOption(ownPool, provider).pool).toBe(ownPool);
    expect(resolveThreadsOption("auto", recordingProvider(1).provider)).toEqual({
      threads: 1,
      auto: true,
      pool: undefined,
    });
    expect(resolveThreadsOption("auto", recordingProvider(1000).provider).threads).toBe(256);
  });

  it("refuses anything but 'auto', an integer in [1, 256] or a pool, naming the option and the value", () => {
    const { provider } = recordingProvider(2);
    for (const value of [0, -1, 1.5, 257, Number.NaN, Number.POSITIVE_INFINITY, "all", "2", null, {}, true]) {
      for (const against of [provider, undefined]) {
        const error = refusal(() => resolveThreadsOption(value, against));
        expect(error.code).toBe("INVALID_OPTION");
        expect(error.value).toBe(value);
        expect(error.message).toMatch(/^threads /);
      }
    }
  });
});

describe("the platform-neutral entry (no thread provider registered)", () => {
  function largeProblem() {
    // 16384 × 64 = 2^20 entries: at the default threshold, where Node's "auto" would use threads.
    const rows = 16384;
    const columns = 64;
    const random = createRandomState(3);
    const data = Float64Array.from({ length: rows * columns }, () => nextUniform(random) * 2 - 1);
    const y = Float64Array.from({ length: rows }, () => (nextUniform(random) < 0.5 ? 0 : 1));
    return { X: { data, shape: [rows, columns] as const }, y };
  }

  it("has no provider, and 'auto' runs large X on one thread", () => {
    expect(registeredThreadProvider()).toBeUndefined();
    const { X, y } = largeProblem();
    expect(testObjective({ X, y }).threads).toBe(1);
    expect(testObjective({ X, y, threads: "auto" }).threads).toBe(1);
    expect(testObjective({ X, y, threads: 1 }).threads).toBe(1);
  });

  it("refuses threads: 2 in logisticObjective, LogisticRegression and createDenseMatrix", () => {
    const { X, y } = largeProblem();
    const optimizer = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {});
    for (const run of [
      () => testObjective({ X, y, threads: 2 }),
      () => new LogisticRegression({ optimizer, backend: kernels({ threads: 2 }) }),
      () => createDenseMatrix(4, 4, { threads: 2 }),
    ]) {
      const error = refusal(run);
      expect(error.code).toBe("INVALID_OPTION");
      expect(error.value).toBe(2);
    }
    expect(refusal(() => new LogisticRegression({ optimizer, backend: kernels({ threads: 0 }) })).value).toBe(
      0,
    );
  });
});
