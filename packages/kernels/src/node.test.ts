import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  constantSchedule,
  createRandomState,
  gradientTransformationOptimizer,
  isDescentError,
  type LogisticObjective,
  LogisticRegression,
  nextUniform,
  scaleByLearningRate,
} from "@descent/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bitsOf, expectClose, THREADED_AGREEMENT } from "../test/agreement.js";
import { builtPackages } from "../test/builtPackages.js";
import { testObjective } from "../test/objectives.js";
// The kernels' Node entry, as `import … from "@descent/kernels"` gets it in Node: it registers Node's threads.
import { createDenseMatrix, kernels } from "./node.js";
import type { KernelWorkers, ObjectiveThreadPool } from "./objectiveThreadPool.js";
import { registeredThreadProvider, registerThreadProvider, type ThreadProvider } from "./threadProvider.js";
import { nodeThreadProvider } from "./threads/nodeThreadProvider.js";
import { hasWebAssemblySimd } from "./webAssembly.js";

const _packageDirectory = fileURLToPath(new URL("../", import.meta.url));
/** What "auto" stands for here: every core (the pool's limit is 256). */
const autoThreads = Math.min(availableParallelism(), 256);

/** 20 000 × 64 = 1.28M entries, above the default 2^20 from which "auto" uses threads. */
function largeProblem(seed: number) {
  const rows = 20_000;
  const columns = 64;
  const random = createRandomState(seed);
  const uniform = () => nextUniform(random) * 2 - 1;
  const data = Float64Array.from({ length: rows * columns }, uniform);
  const y = Float64Array.from({ length: rows }, () => (nextUniform(random) < 0.5 ? 0 : 1));
  const theta = Float64Array.from({ length: columns + 1 }, () => uniform() * 0.1);
  return { X: { data, shape: [rows, columns] as const }, y, theta };
}

function evaluate(objective: LogisticObjective, theta: Float64Array) {
  const grad = new Float64Array(objective.dim);
  const f = objective.valueAndGradient(theta, grad);
  return { f, value: objective.value(theta), grad };
}

/** Node's provider, with every attach to its shared pools counted (an attach is where workers start). */
function countingProvider() {
  const pools = new Map<number, ObjectiveThreadPool>();
  const asked: ObjectiveThreadPool[] = [];
  let attaches = 0;
  let releases = 0;
  const provider: ThreadProvider = {
    autoThreads: () => nodeThreadProvider.autoThreads(),
    sharedPool(threads) {
      const shared = nodeThreadProvider.sharedPool(threads);
      let counted = pools.get(threads);
      if (counted === undefined) {
        counted = {
          threads,
          attach(...args): KernelWorkers {
            attaches++;
            const workers = shared.attach(...args);
            return {
              start: (worker, kernel, values) => workers.start(worker, kernel, values),
              wait: () => workers.wait(),
              release: () => {
                releases++;
                workers.release?.();
              },
            };
          },
        };
        pools.set(threads, counted);
      }
      asked.push(counted);
      return counted;
    },
  };
  return { provider, asked, attaches: () => attaches, releases: () => releases };
}

/** Runs `body` with `provider` registered in place of Node's. */
function withProvider<T>(provider: ThreadProvider, body: () => T): T {
  registerThreadProvider(provider);
  try {
    return body();
  } finally {
    registerThreadProvider(nodeThreadProvider);
  }
}

describe("the kernels' Node entry", () => {
  it("registers Node's thread provider, whose shared pool of a size is one object", () => {
    expect(registeredThreadProvider()).toBe(nodeThreadProvider);
    expect(nodeThreadProvider.autoThreads()).toBe(availableParallelism());
    expect(nodeThreadProvider.sharedPool(2)).toBe(nodeThreadProvider.sharedPool(2));
    expect(nodeThreadProvider.sharedPool(3)).not.toBe(nodeThreadProvider.sharedPool(2));
  });

  it("refuses a bad threads value with INVALID_OPTION naming it", () => {
    const { X, y } = largeProblem(1);
    for (const threads of [0, 2.5, 257, "many"]) {
      try {
        testObjective({ X, y, threads: threads as number });
        expect.unreachable();
      } catch (error) {
        expect(isDescentError(error) && error.code).toBe("INVALID_OPTION");
        expect(isDescentError(error) && error.value).toBe(threads);
      }
    }
  });

  describe.runIf(hasWebAssemblySimd())("threads 'auto' (the default)", () => {
    it(`runs large dense X on availableParallelism() = ${autoThreads} threads, as one thread to 1e-12, and repeats bit for bit`, () => {
      const { X, y, theta } = largeProblem(2);
      const byDefault = testObjective({ X, y, l2: 0.01 });
      expect(byDefault.threads).toBe(autoThreads);
      const single = evaluate(testObjective({ X, y, l2: 0.01, threads: 1 }), theta);
      const first = evaluate(byDefault, theta);
      expectClose([first.f, first.value], [single.f, single.value], THREADED_AGREEMENT);
      expectClose(first.grad, single.grad, THREADED_AGREEMENT);
      const again = testObjective({ X, y, l2: 0.01, threads: "auto" });
      for (const repeat of [evaluate(byDefault, theta), evaluate(again, theta)]) {
        for (const key of ["f", "value", "grad"] as const)
          expect(bitsOf(repeat[key])).toBe(bitsOf(first[key]));
      }
    });

    it("keeps small X on one thread and starts no worker", () => {
      const counting = countingProvider();
      const objective = withProvider(counting.provider, () => {
        const random = createRandomState(4);
        const data = Float64Array.from({ length: 1000 * 10 }, () => nextUniform(random));
        const y = Float64Array.from({ length: 1000 }, (_, i) => i % 2);
        return testObjective({ X: { data, shape: [1000, 10] }, y });
      });
      expect(objective.threads).toBe(1);
      expect(counting.attaches()).toBe(0);
    });

    it("lays a large createDenseMatrix out for the same threads, so that the objective on it copies nothing", () => {
      const { X, y, theta } = largeProblem(5);
      const [rows, columns] = X.shape;
      const matrix = createDenseMatrix(rows, columns);
      matrix.data.set(X.data);
      const objective = testObjective({ X: matrix, y });
      expect(objective.threads).toBe(autoThreads);
      // The objective runs where the loader wrote X: its matrix is the one passed in, not a copy.
      expect((objective.matrix as typeof matrix).data).toBe(matrix.data);
      const single = evaluate(testObjective({ X, y, threads: 1 }), theta);
      expectClose(evaluate(objective, theta).grad, single.grad, THREADED_AGREEMENT);
    });
  });

  describe.runIf(hasWebAssemblySimd())("threads: n", () => {
    it("threads: 2 runs on Node's shared pool of 2, the same pool for every objective", () => {
      const { X, y, theta } = largeProblem(6);
      const counting = countingProvider();
      const [first, second] = withProvider(counting.provider, () => [
        testObjective({ X, y, threads: 2 }),
        testObjective({ X, y, threads: 2 }),
      ]);
      expect(first!.threads).toBe(2);
      expect(second!.threads).toBe(2);
      expect(counting.asked.length).toBe(2);
      expect(counting.asked[1]).toBe(counting.asked[0]);
      expect(counting.attaches()).toBe(2);
      expect(bitsOf(evaluate(second!, theta).grad)).toBe(bitsOf(evaluate(first!, theta).grad));
    });

    it("the shared pool lets its workers go once 64 MiB of released copies of X pile up in them", () => {
      const { X, y } = largeProblem(9);
      const labels = Array.from(y);
      const pool = nodeThreadProvider.sharedPool(3) as ObjectiveThreadPool & { readonly started: boolean };
      const fit = () =>
        new LogisticRegression({
          optimizer: gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {}),
          maxIter: 1,
          backend: kernels({ threads: 3 }),
        }).fit(X, labels);
      fit();
      expect(pool.started).toBe(true);
      // Each fit releases its own copy of X (20 000 × 64 float64, 10 MB): the seventh reaches 64 MiB.
      let fits = 1;
      while (pool.started && fits < 20) {
        fit();
        fits++;
      }
      expect(pool.started).toBe(false);
      // About 7: each copy is X and the kernels' buffers beside it, a little over 10 MB.
      expect(fits).toBeGreaterThanOrEqual(6);
      expect(fits).toBeLessThanOrEqual(8);
      fit();
      expect(pool.started).toBe(true);
    });

    it("threads: 1 runs on the calling thread alone", () => {
      const { X, y } = largeProblem(7);
      expect(testObjective({ X, y, threads: 1 }).threads).toBe(1);
    });

    it("LogisticRegression fits on 'auto' as on one thread, to 1e-12, and releases its copy of X when done", () => {
      const { X, y } = largeProblem(8);
      const labels = Array.from(y);
      const fit = (threads: "auto" | 1) =>
        new LogisticRegression({
          optimizer: gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {}),
          maxIter: 10,
          tol: 0,
          backend: kernels({ threads }),
        }).fit(X, labels);
      const counting = countingProvider();
      const auto = withProvider(counting.provider, () => fit("auto"));
      expect(counting.attaches()).toBe(autoThreads > 1 ? 1 : 0);
      expect(counting.releases()).toBe(counting.attaches());
      const single = fit(1);
      auto.coef.forEach((w, j) => {
        expect(Math.abs(w - single.coef[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
      });
    });
  });
});

describe.runIf(hasWebAssemblySimd())("the built package in a new Node process", () => {
  let fixture: string;
  let remove = () => {};
  beforeAll(async () => {
    ({ directory: fixture, remove } = await builtPackages());
  });
  afterAll(() => remove());

  it("fits a large model on threads and exits with code 0 on its own (the workers do not keep it alive)", () => {
    writeFileSync(
      join(fixture, "fit.mjs"),
      `import { LogisticRegression, gradientTransformationOptimizer, scaleByLearningRate, constantSchedule, logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
const rows = 20000, columns = 64;
const data = new Float64Array(rows * columns);
for (let k = 0; k < data.length; k++) data[k] = Math.sin(k * 0.7);
const y = Array.from({ length: rows }, (_, i) => (Math.sin(i * 1.3) > 0 ? 1 : 0));
const X = { data, shape: [rows, columns] };
const optimizer = gradientTransformationOptimizer("gd", scaleByLearningRate(constantSchedule(1)), {});
const model = new LogisticRegression({ optimizer, maxIter: 5, tol: 0, backend: kernels() }).fit(X, y);
console.log(JSON.stringify({ threads: logisticObjective({ X, y, backend: kernels() }).threads, finite: model.coef.every(Number.isFinite) }));
`,
    );
    // Generous: a process that the workers kept alive would never exit, and fail here on the timeout.
    const run = spawnSync(process.execPath, ["fit.mjs"], {
      cwd: fixture,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ threads: autoThreads, finite: true });
  });
});
