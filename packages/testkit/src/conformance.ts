import {
  type AnyOptimizer,
  cloneState,
  DescentError,
  type FiniteSumObjective,
  type LogisticObjective,
  l1Penalty,
  logisticObjective,
  type MinimizeOptions,
  minimize,
  multinomialObjective,
  type ObjectiveBackend,
} from "@descent/core";
import {
  breastCancerL1Problems,
  breastCancerProblems,
  irisProblem,
  type ReferenceProblem,
  wineProblems,
} from "@descent/datasets";
import { hasWebAssemblySimd, kernels } from "@descent/kernels";
import { describe, expect, it } from "vitest";
import { measureAllocation } from "./allocation.js";
import { l1QuadraticProblem } from "./l1Problems.js";
import { quadraticProblem } from "./quadratic.js";

/** How an optimizer is run on one problem, and what it must reach. */
export interface ConformanceRun<Options> {
  /** Options for the factory (tuned settings for this problem). Default: the factory's defaults. */
  readonly options?: Options;
  /** The iteration budget. */
  readonly maxIter: number;
  /** The gap it must reach: (f − f*)/f* on logistic problems, f − f* on the quadratic (where f* = 0). */
  readonly tolerance: number;
  /** Minibatch size, for stochastic methods. Default: full batch. */
  readonly batchSize?: number;
  /**
   * Stop early once ‖∇f‖∞ ≤ tol, as a user would run it. Default 0: the whole budget runs, which a
   * constant-step method that wanders off the optimum once ε dominates (Adam) may not want.
   */
  readonly tol?: number;
}

export interface ConformanceSpec<Options> {
  /** The title of the suite, usually the package name. */
  readonly name: string;
  /** The optimizer's factory, e.g. `adam`. */
  readonly factory: (options?: Options) => AnyOptimizer;
  /** A strongly convex quadratic, d = 10, condition number 10. */
  readonly quadratic: ConformanceRun<Options>;
  /** Standardized breast cancer at λ = 1e-3 (the reference optimum from scikit-learn). */
  readonly breastCancer: ConformanceRun<Options>;
  /** Iris versicolor vs virginica, raw features, λ = 1e-2; omit for methods that cannot handle its conditioning. */
  readonly iris?: ConformanceRun<Options>;
  /**
   * The multinomial (softmax) loss on standardized wine, three classes, scikit-learn's C = 1 (λ = 1/178),
   * d = 42. Default: the breastCancer run (its options, budget and tolerance), the problems being alike in
   * size and conditioning; so every optimizer is held to it without a line of its own.
   */
  readonly multinomial?: ConformanceRun<Options>;
  /** Whether the optimizer runs on minibatches (then resuming and repeating are also checked with them). */
  readonly minibatch?: { readonly options?: Options; readonly batchSize: number };
  /** Options the factory must refuse with a DescentError of code INVALID_OPTION; at least one. */
  readonly invalidOptions: readonly Options[];
  /**
   * For optimizers that declare `requires.l1`: how they run on problems with an L1 penalty. Omit it for an
   * optimizer that does not handle L1; the suite then checks that `minimize` refuses it.
   */
  readonly l1?: L1ConformanceSpec<Options>;
}

/** The L1 part of the conformance suite. */
export interface L1ConformanceSpec<Options> {
  /** `l1QuadraticProblem()`: tolerance on F − F* (F* > 0), and the exact zero set of θ*. */
  readonly quadratic: ConformanceRun<Options>;
  /**
   * Standardized breast cancer with λ1 = 0.01 and with λ1 = λ2 = 0.005 (scikit-learn saga's optima):
   * tolerance on (F − F*)/F*, and the optimum's zero set, exactly.
   */
  readonly breastCancer: ConformanceRun<Options>;
}

function isPlainData(value: unknown): boolean {
  if (value === null || ["number", "boolean", "string"].includes(typeof value)) return true;
  if (value instanceof Float64Array) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every(isPlainData);
  }
  return false;
}

function bitsOf(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** The backends to hold the optimizer to, by name: the WebAssembly kernels where they run, and core's reference. */
const BACKENDS = hasWebAssemblySimd() ? (["kernels", "typescript"] as const) : (["typescript"] as const);
type BackendName = (typeof BACKENDS)[number];

/** The backend of that name: kernels() on one thread (threads are the kernels' own tests), or none. */
function backendNamed(name: BackendName): ObjectiveBackend | undefined {
  return name === "kernels" ? kernels({ threads: 1 }) : undefined;
}

/** The logistic objective of a reference problem on the named backend. */
function problemObjective(problem: ReferenceProblem, name: BackendName): LogisticObjective {
  const backend = backendNamed(name);
  return logisticObjective({
    X: problem.X,
    y: problem.y,
    l2: problem.l2,
    ...(backend === undefined ? {} : { backend }),
  });
}

function breastCancer(backend: BackendName = BACKENDS[0]): {
  problem: ReferenceProblem;
  objective: LogisticObjective;
} {
  const problem = breastCancerProblems()[1]!;
  return { problem, objective: problemObjective(problem, backend) };
}

/**
 * An objective equal to `inner` whose gradient is NaN everywhere but at `safe`: the first step of any
 * optimizer lands on a non-finite gradient, which must stop the run as diverged at the safe point.
 */
function poisonedAwayFrom(inner: FiniteSumObjective, safe: Float64Array): FiniteSumObjective {
  const poisonUnlessSafe = (theta: Float64Array, grad: Float64Array) => {
    for (let j = 0; j < theta.length; j++) {
      if (theta[j] !== safe[j]) {
        grad[j] = Number.NaN;
        return;
      }
    }
  };
  return {
    dim: inner.dim,
    examples: inner.examples,
    value: (theta) => inner.value(theta),
    valueOnRows: (theta, rows, start, end) => inner.valueOnRows(theta, rows, start, end),
    valueAndGradient(theta, grad) {
      const loss = inner.valueAndGradient(theta, grad);
      poisonUnlessSafe(theta, grad);
      return loss;
    },
    valueAndGradientOnRows(theta, grad, rows, start, end) {
      const loss = inner.valueAndGradientOnRows(theta, grad, rows, start, end);
      poisonUnlessSafe(theta, grad);
      return loss;
    },
    ...(inner.hessian ? { hessian: inner.hessian.bind(inner) } : {}),
    ...(inner.hessianVectorProduct ? { hessianVectorProduct: inner.hessianVectorProduct.bind(inner) } : {}),
  };
}

/**
 * The conformance suite: registers vitest tests that hold an optimizer plugin to the bar every descent
 * optimizer meets. Call it once from the plugin's own test file:
 *
 * ```ts
 * describeOptimizerConformance({ name: "@descent/sgd", factory: sgd, quadratic: {...}, breastCancer: {...}, invalidOptions: [...] });
 * ```
 */
export function describeOptimizerConformance<Options>(spec: ConformanceSpec<Options>): void {
  const { factory } = spec;
  const create = (options: Options | undefined) => (options === undefined ? factory() : factory(options));
  const runOptions = (run: ConformanceRun<Options>): MinimizeOptions => ({
    maxIter: run.maxIter,
    tol: run.tol ?? 0,
    ...(run.batchSize === undefined ? {} : { batchSize: run.batchSize, seed: 1 }),
  });

  describe(`${spec.name} conformance`, () => {
    it(`reaches the optimum of a strongly convex quadratic to ${spec.quadratic.tolerance} in ${spec.quadratic.maxIter} iterations`, () => {
      const { objective } = quadraticProblem(10, 10);
      const result = minimize(objective, create(spec.quadratic.options), {
        ...runOptions(spec.quadratic),
        theta0: new Float64Array(10).fill(1),
      });
      expect(result.reason).not.toBe("diverged");
      expect(objective.value(result.theta)).toBeLessThanOrEqual(spec.quadratic.tolerance);
    });

    const logisticRuns: [string, () => ReferenceProblem, ConformanceRun<Options> | undefined][] = [
      ["standardized breast cancer (λ = 1e-3)", () => breastCancerProblems()[1]!, spec.breastCancer],
      ["raw iris versicolor vs virginica (λ = 1e-2)", irisProblem, spec.iris],
    ];
    for (const [title, load, run] of logisticRuns) {
      if (run === undefined) continue;
      it.each(BACKENDS)(
        `reaches scikit-learn's optimum on ${title} to ${run.tolerance} relative in ${run.maxIter} iterations (%s objective)`,
        (backend) => {
          const problem = load();
          const objective = problemObjective(problem, backend);
          const result = minimize(objective, create(run.options), runOptions(run));
          expect(result.reason).not.toBe("diverged");
          expect(result.iterations).toBeLessThanOrEqual(run.maxIter);
          const gap = (objective.value(result.theta) - problem.optimum.f) / problem.optimum.f;
          expect(gap).toBeLessThanOrEqual(run.tolerance);
          // f* is the minimum: a gap below −1e-12 would mean the objective or the reference is wrong.
          expect(gap).toBeGreaterThan(-1e-12);
        },
      );
    }

    const multinomialRun = spec.multinomial ?? spec.breastCancer;
    it.each(BACKENDS)(
      `reaches scikit-learn's optimum on the multinomial loss, standardized wine with 3 classes (λ = 1/178), to ${multinomialRun.tolerance} relative in ${multinomialRun.maxIter} iterations (%s objective)`,
      (name) => {
        const problem = wineProblems()[0]!;
        const backend = backendNamed(name);
        const objective = multinomialObjective({
          X: problem.X,
          y: problem.y,
          classes: problem.classes.length,
          l2: problem.l2,
          ...(backend === undefined ? {} : { backend }),
        });
        expect(objective.backend).toBe(name);
        const result = minimize(objective, create(multinomialRun.options), runOptions(multinomialRun));
        expect(result.reason).not.toBe("diverged");
        expect(result.iterations).toBeLessThanOrEqual(multinomialRun.maxIter);
        const gap = (objective.value(result.theta) - problem.optimum.f) / problem.optimum.f;
        expect(gap).toBeLessThanOrEqual(multinomialRun.tolerance);
        expect(gap).toBeGreaterThan(-1e-12);
      },
    );

    it("keeps its state as plain data that clones into an independent copy", () => {
      const { objective } = breastCancer();
      const optimizer = create(spec.breastCancer.options);
      const fresh = optimizer.init(objective.dim);
      expect(isPlainData(fresh)).toBe(true);
      const result = minimize(objective, optimizer, { maxIter: 5, tol: 0 });
      expect(isPlainData(result.state)).toBe(true);
      const copy = cloneState(result.state);
      expect(copy).toEqual(result.state);
      // Continuing from the copy must not touch the original.
      const before = structuredClone(result.state);
      minimize(objective, optimizer, {
        resumeFrom: { ...result.checkpoint, optimizerState: copy },
        maxIter: 10,
        tol: 0,
      });
      expect(result.state).toEqual(before);
    });

    const resumeCases: [string, Options | undefined, number | undefined][] = [
      ["full batch", spec.breastCancer.options, undefined],
      ...(spec.minibatch
        ? [
            ["minibatches", spec.minibatch.options, spec.minibatch.batchSize] as [
              string,
              Options | undefined,
              number,
            ],
          ]
        : []),
    ];
    for (const [mode, options, batchSize] of resumeCases) {
      const batching = batchSize === undefined ? {} : { batchSize, seed: 11 };

      it(`resumed from a checkpoint, matches an uninterrupted run bit for bit (${mode})`, () => {
        const { objective } = breastCancer();
        const whole = minimize(objective, create(options), { maxIter: 40, tol: 0, ...batching });
        // Stop partway (the whole run may itself stop before 40, on a stalled line search, say).
        const half = minimize(objective, create(options), {
          maxIter: Math.ceil(whole.iterations / 2),
          tol: 0,
          ...batching,
        });
        const resumed = minimize(objective, create(options), {
          maxIter: 40,
          tol: 0,
          ...batching,
          resumeFrom: half.checkpoint,
        });
        expect(resumed.iterations).toBe(whole.iterations);
        expect(bitsOf(resumed.theta)).toEqual(bitsOf(whole.theta));
        expect(resumed.state).toEqual(whole.state);
      });

      it(`repeats bit for bit given the same data, options and seed (${mode})`, () => {
        const { objective } = breastCancer();
        const first = minimize(objective, create(options), { maxIter: 60, tol: 0, ...batching });
        const second = minimize(objective, create(options), { maxIter: 60, tol: 0, ...batching });
        expect(bitsOf(second.theta)).toEqual(bitsOf(first.theta));
        expect(second.loss).toBe(first.loss);
      });
    }

    it.each(BACKENDS)("allocates nothing in a step (%s objective)", async (backend) => {
      const { objective } = breastCancer(backend);
      const optimizer = create(spec.breastCancer.options);
      const start = new Float64Array(objective.dim);
      const theta = new Float64Array(objective.dim);
      const grad = new Float64Array(objective.dim);
      const state = optimizer.init(objective.dim);
      // Every repetition restarts θ from the same point, so the measured steps are real steps (a line search
      // that finds a decrease, say) rather than steps at the optimum; the state carries on.
      const measurement = await measureAllocation(() => {
        theta.set(start);
        const loss = objective.valueAndGradient(theta, grad);
        optimizer.step(theta, grad, loss, state, objective);
      }, 1000);
      expect(measurement.collections).toBe(0);
      // Any Float64Array, whatever its length, grows V8's heap by at least ~180 bytes. Below that, what a
      // step may add is doubles V8 boxes (16 bytes each) when a call it did not inline returns one: the
      // loss from the objective, the step's result, a few inside a line search, depending on the JIT.
      expect(measurement.bytesPerRepetition).toBeLessThan(128);
    });

    it("stops with reason 'diverged' on a non-finite gradient, keeping the last finite θ", () => {
      const { objective } = quadraticProblem(10, 10);
      const start = new Float64Array(10).fill(1);
      const result = minimize(poisonedAwayFrom(objective, start), create(spec.quadratic.options), {
        theta0: start,
        maxIter: 50,
        tol: 0,
      });
      expect(result.reason).toBe("diverged");
      expect(result.converged).toBe(false);
      expect(bitsOf(result.theta)).toEqual(bitsOf(start));
      expect(Number.isFinite(result.loss)).toBe(true);
    });

    describeL1Conformance(spec, create, runOptions);

    it("refuses bad options with an INVALID_OPTION DescentError", () => {
      expect(spec.invalidOptions.length).toBeGreaterThan(0);
      for (const options of spec.invalidOptions) {
        let thrown: unknown;
        try {
          factory(options);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `options ${JSON.stringify(options)} were accepted`).toBeInstanceOf(DescentError);
        expect((thrown as DescentError).code).toBe("INVALID_OPTION");
      }
    });
  });
}

/** Which penalized coordinates are exactly 0, as a string of "0" and "x" for readable failures. */
function zeroPattern(theta: ArrayLike<number>, penalizedCount: number): string {
  let pattern = "";
  for (let j = 0; j < penalizedCount; j++) pattern += theta[j] === 0 ? "0" : "x";
  return pattern;
}

/**
 * The L1 section: an optimizer that declares `requires.l1` reaches the known sparse optimum of a quadratic
 * and scikit-learn's on breast cancer, with the optimum's zeros exactly 0.0, repeats itself and allocates
 * nothing in a step; one that does not is refused by `minimize` before its first step.
 */
function describeL1Conformance<Options>(
  spec: ConformanceSpec<Options>,
  create: (options: Options | undefined) => AnyOptimizer,
  runOptions: (run: ConformanceRun<Options>) => MinimizeOptions,
): void {
  const l1 = spec.l1;
  describe("L1 penalty", () => {
    it(l1 ? "declares requires.l1" : "does not declare requires.l1", () => {
      expect(create(spec.breastCancer.options).requires.l1 === true).toBe(l1 !== undefined);
    });

    if (l1 === undefined) {
      it("is refused by minimize with UNSUPPORTED_OBJECTIVE before the first step", () => {
        const { objective } = l1QuadraticProblem();
        const optimizer = create(spec.quadratic.options);
        let steps = 0;
        const counted: AnyOptimizer = {
          ...optimizer,
          step: (...args: Parameters<AnyOptimizer["step"]>) => {
            steps += 1;
            return optimizer.step(...args);
          },
        };
        let thrown: unknown;
        try {
          minimize(objective, counted, { maxIter: 5 });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DescentError);
        expect((thrown as DescentError).code).toBe("UNSUPPORTED_OBJECTIVE");
        expect(steps).toBe(0);
      });
      return;
    }

    it(`reaches the sparse optimum of an L1 quadratic to ${l1.quadratic.tolerance} with exact zeros`, () => {
      const { objective, minimizer, optimum } = l1QuadraticProblem();
      const result = minimize(objective, create(l1.quadratic.options), {
        ...runOptions(l1.quadratic),
        theta0: new Float64Array(10).fill(1),
      });
      expect(result.reason).not.toBe("diverged");
      expect(result.loss).toBe(
        objective.value(result.theta) + l1Penalty(result.theta, objective.penalizedCount, objective.l1),
      );
      expect(result.loss - optimum).toBeLessThanOrEqual(l1.quadratic.tolerance);
      expect(zeroPattern(result.theta, 9)).toBe(zeroPattern(minimizer, 9));
      for (let j = 0; j < 9; j++) if (minimizer[j] === 0) expect(Object.is(result.theta[j], 0)).toBe(true);
    });

    const problems = breastCancerL1Problems();
    it.each(problems.map((problem) => [problem.label, problem] as const))(
      `reaches scikit-learn's optimum on %s to ${l1.breastCancer.tolerance} relative in ${l1.breastCancer.maxIter} iterations, with its zero set`,
      (_, problem) => {
        const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
        const result = minimize(objective, create(l1.breastCancer.options), runOptions(l1.breastCancer));
        expect(result.reason).not.toBe("diverged");
        const gap = (result.loss - problem.optimum.f) / problem.optimum.f;
        expect(gap).toBeLessThanOrEqual(l1.breastCancer.tolerance);
        // saga's optimum satisfies the optimality conditions to ~1e-12: a gap below −1e-12 means a bug.
        expect(gap).toBeGreaterThan(-1e-12);
        expect(zeroPattern(result.theta, 30)).toBe(zeroPattern(problem.optimum.w, 30));
      },
    );

    it("repeats bit for bit on an L1 problem", () => {
      const problem = problems[0]!;
      const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
      const first = minimize(objective, create(l1.breastCancer.options), { maxIter: 60, tol: 0 });
      const second = minimize(objective, create(l1.breastCancer.options), { maxIter: 60, tol: 0 });
      expect(bitsOf(second.theta)).toEqual(bitsOf(first.theta));
      expect(second.loss).toBe(first.loss);
    });

    it("resumed from a checkpoint, matches an uninterrupted run bit for bit on an L1 problem", () => {
      const problem = problems[0]!;
      const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
      const options = l1.breastCancer.options;
      const whole = minimize(objective, create(options), { maxIter: 40, tol: 0 });
      const half = minimize(objective, create(options), { maxIter: Math.ceil(whole.iterations / 2), tol: 0 });
      const resumed = minimize(objective, create(options), {
        maxIter: 40,
        tol: 0,
        resumeFrom: half.checkpoint,
      });
      expect(resumed.iterations).toBe(whole.iterations);
      expect(bitsOf(resumed.theta)).toEqual(bitsOf(whole.theta));
      expect(resumed.loss).toBe(whole.loss);
    });

    it("allocates nothing in a step on an L1 problem", async () => {
      const problem = problems[0]!;
      const objective = logisticObjective({ X: problem.X, y: problem.y, l1: problem.l1, l2: problem.l2 });
      const optimizer = create(l1.breastCancer.options);
      // A start with some weights at zero and some not, so that the orthant and threshold logic all run.
      const start = Float64Array.from(problem.theta, (value, j) => (j % 3 === 0 ? 0 : value + 0.05));
      const theta = new Float64Array(objective.dim);
      const grad = new Float64Array(objective.dim);
      const state = optimizer.init(objective.dim);
      const measurement = await measureAllocation(() => {
        theta.set(start);
        const loss = objective.valueAndGradient(theta, grad);
        optimizer.step(theta, grad, loss, state, objective);
      }, 1000);
      expect(measurement.collections).toBe(0);
      expect(measurement.bytesPerRepetition).toBeLessThan(128);
    });
  });
}
