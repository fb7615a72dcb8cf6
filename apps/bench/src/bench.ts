import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { kernels } from "@descent/kernels";
import { type RunIdentity, summarizeRun, unavailableRun } from "./assemble.js";
import { runInChild } from "./childProcess.js";
import { accuracy } from "./evaluation.js";
import type { DescentJob, KernelsOutput, MljsJob, RunLimits, RunOutput, TfjsJob, WorkerJob } from "./jobs.js";
import { type KernelVariant, kernelVariants } from "./kernelVariants.js";
import { l1TaskCount, runL1Problems } from "./l1/l1Bench.js";
import { l1ProblemId, l1ProblemLabel } from "./l1/l1Plan.js";
import { discoverOptimizers, firstOrderSettings, type TuningContext } from "./optimizers.js";
import { ensureOptimum } from "./optimum.js";
import type { BenchPlan, ProblemPlan } from "./plan.js";
import { lossAtOrigin, problemObjective } from "./problemObjective.js";
import { ensureProblem, readProblem, readProblemMeta } from "./problemStore.js";
import { type Problem, problemId, problemLabel } from "./problems.js";
import { measureProcesses, PROCESS_OPTIMIZERS } from "./processTiming.js";
import type { ProgressReporter } from "./progress.js";
import type {
  BenchResults,
  KernelResult,
  MemoryResult,
  OptimumInfo,
  ProblemResult,
  RunResult,
} from "./results.js";
import { measureRoofline, poolRooflines } from "./roofline.js";
import {
  idlePythonRss,
  type SklearnSolver,
  sklearnFit,
  sklearnTheta,
  sklearnVersion,
} from "./runners/sklearn.js";
import { median, summarize } from "./stats.js";
import { monotoneSweepTimes, TARGETS, type Trace } from "./trace.js";

export interface BenchOptions {
  readonly plan: BenchPlan;
  readonly cacheDir: string;
  /** The Python that has scikit-learn (Debian's /usr/bin/python3). */
  readonly python: string;
  readonly progress: ProgressReporter;
  /** Only the problems whose id contains one of these. */
  readonly only?: readonly string[];
  /** Leave out TF.js, ml.js and scikit-learn. */
  readonly skipPeers?: boolean;
  /** Worker threads for descent's fits on large X, dense or CSR (1: the calling thread only). */
  readonly threads: number;
}

interface Context {
  readonly options: BenchOptions;
  readonly notes: Set<string>;
  readonly idleNodeRss: number;
  readonly idlePythonRss: number | null;
  readonly sklearn: string | null;
}

const TIGHTEST_TARGET = Math.min(...TARGETS);

function tfjsVersion(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return (require("@tensorflow/tfjs/package.json") as { version: string }).version;
  } catch {
    return null;
  }
}

/** Runs the whole plan: roofline, every problem (data, f*, optimizers, peers, kernels), whole process. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const { plan, progress } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0]!;
  const notes = new Set<string>();
  const selected = (id: string, label: string) =>
    options.only === undefined ||
    options.only.length === 0 ||
    options.only.some((fragment) => id.includes(fragment) || label.includes(fragment));
  const problems = plan.problems.filter((problem) =>
    selected(problemId(problem.spec), problemLabel(problem.spec)),
  );
  const l1Problems = plan.l1Problems.filter((problem) =>
    selected(l1ProblemId(problem), l1ProblemLabel(problem)),
  );
  progress.addTasks(4 + problems.length * 3);

  progress.start("checking for Python and scikit-learn");
  const sklearn = options.skipPeers ? null : await sklearnVersion(options.python);
  if (!options.skipPeers && sklearn === null) {
    notes.add(
      `scikit-learn: skipped, ${options.python} cannot import sklearn (on Debian: apt-get install -y python3-sklearn).`,
    );
  }
  const idleNode = [];
  for (let k = 0; k < 3; k++)
    idleNode.push((await runInChild<null>({ kind: "idle" }, 60)).memory.maxRssBytes);
  const context: Context = {
    options,
    notes,
    idleNodeRss: median(idleNode),
    idlePythonRss: sklearn === null ? null : await idlePythonRss(options.python),
    sklearn,
  };
  progress.done();

  // Half the roofline's sweeps now and half at the end, so that a busy spell on a shared machine
  // weighs on the kernels and on their yardstick alike.
  progress.start("memory roofline");
  const sweeps = Math.ceil(plan.rooflineSweeps / 2);
  const cores = availableParallelism();
  const measureRooflines = async () => ({
    one: (await measureRoofline({ cacheDir: options.cacheDir, sweeps }))!,
    all: cores > 1 ? await measureRoofline({ cacheDir: options.cacheDir, sweeps, threads: cores }) : null,
    wasm: await measureRoofline({ cacheDir: options.cacheDir, sweeps, forceWasm: true }),
  });
  const rooflineBefore = await measureRooflines();
  progress.done();

  const measured: ProblemResult[] = [];
  for (const problem of problems) measured.push(await benchProblem(problem, context));
  progress.addTasks(l1TaskCount(l1Problems, sklearn !== null));
  const l1 = await runL1Problems(l1Problems, {
    cacheDir: options.cacheDir,
    python: options.python,
    sklearn,
    progress,
    threads: options.threads,
    notes,
  });

  progress.start("whole process: node vs python on breast cancer");
  const processPackages = await processOptimizers();
  if (processPackages.length === 0) {
    notes.add(`Whole process: not measured, none of ${PROCESS_OPTIMIZERS.join(", ")} is built.`);
  }
  const processTiming =
    processPackages.length === 0
      ? null
      : await measureProcesses(
          processPackages,
          sklearn === null ? null : options.python,
          plan.processRepeats,
          options.cacheDir,
          options.skipPeers
            ? "Python left out (--no-peers): no comparison."
            : `${options.python} cannot import scikit-learn: no comparison.`,
        );
  progress.done();

  progress.start("memory roofline, again");
  const rooflineAfter = await measureRooflines();
  const roofline = poolRooflines(rooflineBefore.one, rooflineAfter.one);
  const rooflineAllCores = cores > 1 ? poolRooflines(rooflineBefore.all, rooflineAfter.all) : roofline;
  const wasmReadLoop = poolRooflines(rooflineBefore.wasm, rooflineAfter.wasm);
  progress.done();
  // A variant is judged against the bandwidth of as many threads as it ran on.
  const yardstick = (threads: number | undefined) => ((threads ?? 1) > 1 ? rooflineAllCores : roofline);
  const results = measured.map((problem) => ({
    ...problem,
    kernels: problem.kernels.map((kernels) => {
      const reference = yardstick(kernels.threads);
      return {
        ...kernels,
        rooflineFraction:
          reference === null ? null : kernels.gradientBandwidth / reference.bytesPerSecond.median,
      };
    }),
  }));

  return {
    format: "descent-bench/1",
    startedAt,
    mode: plan.mode,
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryBytes: totalmem(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: { start: loadAtStart, end: loadavg()[0]! },
      python: sklearn === null ? null : options.python,
      sklearn,
      tfjs: tfjsVersion(),
    },
    targets: [...TARGETS],
    roofline,
    rooflineAllCores,
    wasmReadLoop: wasmReadLoop?.method === roofline.method ? null : wasmReadLoop,
    problems: results,
    l1,
    processTiming,
    notes: [...notes],
    seconds: (performance.now() - started) / 1000,
  };
}

/** The second-order packages that are installed (few passes on breast cancer), else gradient descent. */
/** The optimizer packages with a whole-process program that are installed and built. */
async function processOptimizers(): Promise<string[]> {
  const installed: string[] = [];
  for (const name of PROCESS_OPTIMIZERS) {
    try {
      const module = (await import(`@descent/${name}`)) as Record<string, unknown>;
      if (typeof module[name] === "function") installed.push(name);
    } catch {
      // Not there: try the next.
    }
  }
  return installed;
}

function childMemory(
  reply: { memory: { maxRssBytes: number; heapUsedBytes: number; externalBytes: number } },
  baseline: number,
): MemoryResult {
  return {
    peakBytes: Math.max(0, reply.memory.maxRssBytes - baseline),
    baselineBytes: baseline,
    heapUsedBytes: reply.memory.heapUsedBytes,
    externalBytes: reply.memory.externalBytes,
  };
}

/** Generous: repeats × budget, plus time to start, load the data and evaluate f on the trace. */
function childTimeout(limits: RunLimits): number {
  return (limits.totalBudgetSeconds + limits.budgetSeconds) * 3 + 300;
}

async function benchProblem(plan: ProblemPlan, context: Context): Promise<ProblemResult> {
  const { options, notes } = context;
  const { progress, cacheDir } = options;
  const label = problemLabel(plan.spec);

  progress.start(`${label}: data`);
  const { dir, generated } = ensureProblem(cacheDir, plan.spec);
  const meta = readProblemMeta(dir);
  let loaded: Problem | null = null;
  const load = () => {
    loaded ??= readProblem(dir);
    return loaded;
  };
  progress.done();

  progress.start(`${label}: f* (reference Newton${generated ? ", first time" : ""})`);
  const optimum = ensureOptimum(dir, load);
  progress.done();

  const sparse = meta.train.kind === "csr";
  const tuning: TuningContext = {
    lipschitz: optimum.lipschitz,
    strongConvexity: optimum.strongConvexity,
    l2: meta.l2,
    examples: meta.train.rows,
    // K(n + 1) on a multiclass problem: its θ holds K rows of coefficients and K intercepts.
    dim: (meta.train.columns + 1) * (meta.classes ?? 1),
    sparse,
    mode: options.plan.mode,
  };
  const discovery = await discoverOptimizers(tuning, undefined, plan.optimizerPackages);
  const { gradientDescentStep } = firstOrderSettings(optimum.lipschitz, optimum.strongConvexity);
  for (const note of discovery.notes) notes.add(note);
  const limits: RunLimits = {
    repeats: plan.repeats,
    budgetSeconds: plan.budgetSeconds,
    // A run that needs its whole budget runs once; one that needs a third of it, three times.
    totalBudgetSeconds: plan.budgetSeconds,
    stopGap: TIGHTEST_TARGET,
  };
  const peers = !options.skipPeers;
  const tfjsPlanned = peers && plan.tfjs && !sparse;
  const mljsPlanned = peers && plan.mljs && !sparse;
  const sklearnPlanned = peers && context.sklearn !== null ? plan.sklearnSolvers.length : 0;
  const variants = kernelVariants(sparse, plan.kernelPaths, availableParallelism());
  progress.addTasks(
    discovery.configurations.length +
      (tfjsPlanned ? 2 : 0) +
      (mljsPlanned ? 1 : 0) +
      sklearnPlanned +
      variants.length -
      1,
  );

  const runs: RunResult[] = [];
  for (const configuration of discovery.configurations) {
    progress.start(`${label}: ${configuration.label}`);
    const job: DescentJob = {
      kind: "descent",
      problemDir: dir,
      fStar: optimum.f,
      tuning,
      packageName: configuration.packageName.replace("@descent/", ""),
      configurationId: configuration.id,
      threads: options.threads,
      ...limits,
    };
    runs.push(
      await runNodeJob(
        {
          id: configuration.id,
          library: "descent",
          label: configuration.label,
          tuning: configuration.tuning,
          settings: configuration.settings,
        },
        job,
        optimum,
        context,
      ),
    );
    progress.done();
  }

  if (peers && !sparse && !plan.tfjs)
    notes.add(`TF.js: not run on ${label} in this mode (its budget would buy a handful of steps).`);
  if (peers && !sparse && !plan.mljs && meta.classes !== undefined)
    notes.add(`ml.js: not run on ${label}: it trains one-vs-rest classifiers, not the multinomial loss.`);
  else if (peers && !sparse && !plan.mljs)
    notes.add(`ml.js: not run on ${label} in this mode (building its matrix alone takes most of a budget).`);
  if (peers && sparse)
    notes.add(
      `TF.js and ml.js: not run on ${label}: neither multiplies sparse matrices, and X dense would take ${((meta.train.rows * meta.train.columns * 8) / 1e9).toFixed(0)} GB.`,
    );
  if (tfjsPlanned) {
    for (const optimizer of ["adam", "sgd"] as const) {
      progress.start(`${label}: TF.js ${optimizer}`);
      // Adam at α = 1e-3, TF.js's default and descent's; gradient descent at the oracle step 2/(L + μ).
      const learningRate = optimizer === "adam" ? 1e-3 : gradientDescentStep;
      const job: TfjsJob = {
        kind: "tfjs",
        problemDir: dir,
        fStar: optimum.f,
        optimizer,
        learningRate,
        ...limits,
        ...(plan.tfjsBudgetSeconds === undefined
          ? {}
          : { budgetSeconds: plan.tfjsBudgetSeconds, totalBudgetSeconds: plan.tfjsBudgetSeconds }),
      };
      runs.push(
        await runNodeJob(
          {
            id: `tfjs/${optimizer}`,
            library: "tfjs",
            label: `TF.js ${optimizer}`,
            tuning: optimizer === "adam" ? "user" : "oracle",
            settings: {},
          },
          job,
          optimum,
          context,
        ),
      );
      progress.done();
    }
  }
  if (mljsPlanned) {
    progress.start(`${label}: ml.js`);
    const job: MljsJob = {
      kind: "mljs",
      problemDir: dir,
      fStar: optimum.f,
      // Gradient descent's step, on its summed (not averaged) gradient.
      learningRate: gradientDescentStep / meta.train.rows,
      ...limits,
    };
    const run = await runNodeJob(
      { id: "ml.js/gradient-ascent", library: "ml.js", label: "ml.js", tuning: "oracle", settings: {} },
      job,
      optimum,
      context,
    );
    runs.push(
      run.status === "ok"
        ? {
            ...run,
            note: "minimizes the unregularized summed loss without an intercept (a ones column stands in): it cannot reach f*.",
          }
        : run,
    );
    progress.done();
  }
  if (peers && context.sklearn !== null) {
    for (const solver of plan.sklearnSolvers) {
      progress.start(`${label}: scikit-learn ${solver}`);
      runs.push(await runSklearn(solver, dir, plan, load, optimum, context));
      progress.done();
    }
    if (meta.classes !== undefined) {
      notes.add(
        `scikit-learn newton-cholesky: not run on ${label}: on ${meta.classes} classes scikit-learn ${context.sklearn} fits it one-vs-rest, not the multinomial loss.`,
      );
    } else if (!plan.sklearnSolvers.includes("newton-cholesky")) {
      notes.add(
        `scikit-learn newton-cholesky: not run on ${label}: it forms and factors the ${meta.train.columns + 1}-square Hessian.`,
      );
    }
  }

  const kernels: KernelResult[] = [];
  for (const variant of variants) {
    progress.start(`${label}: kernels, ${variant.name}`);
    kernels.push(await runKernelJob(dir, plan, variant.options, context));
    progress.done();
  }

  for (const run of runs) {
    if (run.bestGap !== null && run.bestGap < -1e-12) {
      notes.add(
        `${label}: ${run.label} went ${(-run.bestGap).toExponential(1)} (relative) below f*: the cached f* is not exact.`,
      );
    }
  }

  return {
    id: meta.id,
    label,
    kind: meta.train.kind,
    rows: meta.train.rows,
    columns: meta.train.columns,
    ...(meta.classes === undefined ? {} : { classes: meta.classes }),
    nonZeros: meta.train.nonZeros,
    testRows: meta.test.rows,
    l2: meta.l2,
    featureBytes:
      meta.train.kind === "dense"
        ? meta.train.nonZeros * 8
        : meta.train.nonZeros * 12 + (meta.train.rows + 1) * 4,
    optimum,
    runs,
    kernels,
  };
}

async function runNodeJob(
  identity: RunIdentity,
  job: Extract<WorkerJob, { kind: "descent" | "tfjs" | "mljs" }>,
  optimum: OptimumInfo,
  context: Context,
): Promise<RunResult> {
  try {
    const reply = await runInChild<RunOutput>(job, childTimeout(job));
    const output = reply.output;
    return summarizeRun(
      { ...identity, settings: { ...identity.settings, ...output.settings } },
      output.traces,
      optimum.f,
      {
        testAccuracy: output.testAccuracy,
        memory: childMemory(reply, context.idleNodeRss),
        note: output.notes.length > 0 ? output.notes.join(" ") : null,
      },
    );
  } catch (error) {
    context.options.progress.log(`${identity.label} failed: ${(error as Error).message}`);
    return unavailableRun(identity, "failed", (error as Error).message);
  }
}

/**
 * Iteration caps whose fits trace scikit-learn's path: every step for newton-cholesky; every step to 8,
 * then growing by about 1.4×, for newton-cg (its steps are dearer, and it takes a few more); doubling for
 * L-BFGS and for sag and saga (whose iterations are epochs).
 */
function iterationCaps(solver: SklearnSolver): number[] {
  if (solver === "newton-cholesky") return Array.from({ length: 30 }, (_, k) => k + 1);
  if (solver === "newton-cg") return [1, 2, 3, 4, 5, 6, 7, 8, 11, 16, 23, 32, 45, 64, 90, 128];
  return Array.from({ length: 14 }, (_, k) => 2 ** k);
}

async function runSklearn(
  solver: SklearnSolver,
  problemDir: string,
  plan: ProblemPlan,
  load: () => Problem,
  optimum: OptimumInfo,
  context: Context,
): Promise<RunResult> {
  const problem = load();
  const rows = problem.train.y.length;
  const tol = 1e-10;
  const identity: RunIdentity = {
    id: `scikit-learn/${solver}`,
    library: "scikit-learn",
    label: `scikit-learn ${solver}`,
    tuning: "user",
    settings: { solver, C: 1 / (problem.l2 * rows), tol },
  };
  try {
    const reply = await sklearnFit(
      context.options.python,
      {
        problemDir,
        solver,
        C: 1 / (problem.l2 * rows),
        tol,
        maxIter: iterationCaps(solver),
        repeats: plan.repeats,
        budgetSeconds: plan.budgetSeconds,
      },
      plan.budgetSeconds * plan.repeats * 4 + 300,
    );
    const objective = problemObjective(problem.train, problem.l2, problem.classes, kernels({ threads: 1 }));
    const losses = reply.fits.map((fit) => objective.value(sklearnTheta(fit, reply.classes)));
    // One trace per repeat; a cap whose fits stopped repeating early (they had used the budget) stands
    // in with its median for the repeats it did not run.
    const repeats = Math.max(...reply.fits.map((fit) => fit.seconds.length));
    const traces: Trace[] = Array.from({ length: repeats }, (_, repeat) => ({
      seconds: monotoneSweepTimes([
        0,
        ...reply.fits.map((fit) => fit.seconds[repeat] ?? median(fit.seconds)),
      ]),
      passes: [0, ...reply.fits.map(() => null)],
      loss: [lossAtOrigin(problem.classes), ...losses],
    }));
    const last = reply.fits[reply.fits.length - 1]!;
    const threads = reply.threads.map((pool) => `${pool.library ?? pool.api} ${pool.threads}`).join(", ");
    return summarizeRun(
      {
        ...identity,
        settings: { ...identity.settings, threads: threads || "unknown", sklearn: reply.sklearn },
      },
      traces,
      optimum.f,
      {
        testAccuracy: accuracy(sklearnTheta(last, reply.classes), problem.test, problem.classes),
        memory: {
          peakBytes: Math.max(0, reply.maxRssBytes - (context.idlePythonRss ?? 0)),
          baselineBytes: context.idlePythonRss ?? 0,
          heapUsedBytes: null,
          externalBytes: null,
        },
        note: `${last.iterations} iterations at the last fit; passes are not reported by scikit-learn. Traced by refitting with max_iter = ${reply.fits.map((fit) => fit.maxIter).join(", ")}.`,
      },
    );
  } catch (error) {
    context.options.progress.log(`${identity.label} failed: ${(error as Error).message}`);
    return unavailableRun(identity, "failed", (error as Error).message);
  }
}

async function runKernelJob(
  problemDir: string,
  plan: ProblemPlan,
  objectiveOptions: KernelVariant["options"],
  context: Context,
): Promise<KernelResult> {
  const meta = readProblemMeta(problemDir);
  const dim = (meta.train.columns + 1) * (meta.classes ?? 1);
  const reply = await runInChild<KernelsOutput>(
    {
      kind: "kernels",
      problemDir,
      repeats: plan.kernelRepeats,
      budgetSeconds: context.options.plan.mode === "quick" ? 2 : 10,
      // Past 300 the d × d Hessian is slow to form (m d²/2 multiply-adds) and large to hold.
      includeHessian: dim <= 300,
      objectiveOptions,
    },
    600,
  );
  const { output } = reply;
  const timings = Object.entries(output.samples).map(([name, samples]) => ({
    name: name as KernelResult["timings"][number]["name"],
    seconds: summarize(samples),
  }));
  const gradient = timings.find((timing) => timing.name === "valueAndGradient")!;
  const gradientBandwidth = output.featureBytes / gradient.seconds.median;
  return {
    variant: Object.keys(objectiveOptions).length === 0 ? `default (${output.variant})` : output.variant,
    threads: output.threads,
    featureBytes: output.featureBytes,
    timings,
    gradientBandwidth,
    // Set once the roofline's second half is in.
    rooflineFraction: null,
    notes: output.notes,
  };
}
