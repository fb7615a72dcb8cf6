import { logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
import { type RunIdentity, summarizeRun, unavailableRun } from "../assemble.js";
import { runInChild } from "../childProcess.js";
import { accuracy } from "../evaluation.js";
import { ensureProblem, readProblem, readProblemMeta } from "../problemStore.js";
import type { Problem } from "../problems.js";
import type { ProgressReporter } from "../progress.js";
import { type SklearnEstimatorOptions, sklearnFit, sklearnPath } from "../runners/sklearn.js";
import { median, summarize } from "../stats.js";
import { monotoneSweepTimes, relativeGap, TARGETS, type Trace } from "../trace.js";
import type { L1DescentJob, L1DescentOutput, L1PathJob, L1PathOutput } from "./l1Jobs.js";
import { L1_CONFIGURATIONS, type L1ConfigurationId, l1Configuration } from "./l1Optimizers.js";
import { ensureL1Optimum, ensureL1PathOptimum, type L1OptimumInfo } from "./l1Optimum.js";
import {
  type L1Penalty,
  type L1ProblemPlan,
  l1Penalty,
  l1ProblemId,
  l1ProblemLabel,
  type SklearnL1Solver,
  sklearnC,
} from "./l1Plan.js";
import { supportMismatches } from "./l1Reference.js";
import type { L1PathResult, L1PathRun, L1ProblemResult, L1RunResult } from "./l1Results.js";

export interface L1BenchContext {
  readonly cacheDir: string;
  readonly python: string;
  /** scikit-learn's version, or null when it is not run. */
  readonly sklearn: string | null;
  readonly progress: ProgressReporter;
  readonly threads: number;
  readonly notes: Set<string>;
}

/** The methods whose whole path descent times: the two that reach 1e-8. */
const PATH_CONFIGURATIONS: readonly L1ConfigurationId[] = ["newton", "lbfgs"];
/** descent's per-point tolerance on the path (‖◇F‖∞) and scikit-learn's tol there. */
const DESCENT_PATH_TOL = 1e-7;
const SKLEARN_PATH_TOL = 1e-6;
/** scikit-learn's tol for the timed fits (traced by refitting with growing max_iter). */
const SKLEARN_TOL = 1e-10;
/**
 * liblinear penalizes the intercept: it fits b = s·w_b with λ1|w_b| on the extra column of value s
 * (intercept_scaling), i.e. λ1|b|/s. s = 100 makes that penalty a hundredth as strong, which moves F (under
 * descent's definition, intercept unpenalized) by about 1e-9 relative on these problems.
 */
const LIBLINEAR_INTERCEPT_SCALING = 100;

/**
 * Doubling caps: saga's iterations are epochs, liblinear's newGLMNET's outer steps. liblinear stops at 32:
 * by then it sits on its own optimum (F + λ1|b|/100, not F*), and at tol 1e-10 a cap of 64 ran 240 s on
 * 100k × 100 without improving F.
 */
function iterationCaps(solver: SklearnL1Solver): number[] {
  return Array.from({ length: solver === "liblinear" ? 6 : 14 }, (_, k) => 2 ** k);
}

/** Runs every L1 problem of the plan: data, F*, descent's methods, scikit-learn, and the path. */
export async function runL1Problems(
  plans: readonly L1ProblemPlan[],
  context: L1BenchContext,
): Promise<L1ProblemResult[]> {
  const results: L1ProblemResult[] = [];
  for (const plan of plans) results.push(await runL1Problem(plan, context));
  return results;
}

/** How many progress tasks a plan adds (for the bar). */
export function l1TaskCount(plans: readonly L1ProblemPlan[], sklearn: boolean): number {
  return plans.reduce(
    (sum, plan) =>
      sum +
      2 +
      L1_CONFIGURATIONS.length +
      (sklearn ? plan.sklearnSolvers.length : 0) +
      (plan.path ? PATH_CONFIGURATIONS.length + 1 + (sklearn ? plan.pathSklearnSolvers.length : 0) : 0),
    0,
  );
}

function childTimeout(plan: L1ProblemPlan): number {
  return plan.budgetSeconds * plan.repeats * 3 + 300;
}

async function runL1Problem(plan: L1ProblemPlan, context: L1BenchContext): Promise<L1ProblemResult> {
  const { progress } = context;
  const label = l1ProblemLabel(plan);
  const penalty = l1Penalty(plan);
  progress.start(`${label}: data`);
  const { dir } = ensureProblem(context.cacheDir, plan.spec);
  const meta = readProblemMeta(dir);
  let loaded: Problem | null = null;
  const load = () => {
    loaded ??= readProblem(dir);
    return loaded;
  };
  progress.done();
  progress.start(`${label}: F* (proximal Newton on kernels)`);
  const optimum = ensureL1Optimum(dir, load, plan);
  progress.done();

  const runs: L1RunResult[] = [];
  for (const id of L1_CONFIGURATIONS) {
    const configuration = l1Configuration(id, optimum.lipschitz);
    progress.start(`${label}: ${configuration.label}`);
    const identity: RunIdentity = {
      id: `descent/l1-${id}`,
      library: "descent",
      label: configuration.label,
      tuning: configuration.tuning,
      settings: configuration.settings,
    };
    const job: L1DescentJob = {
      kind: "l1-descent",
      problemDir: dir,
      fStar: optimum.f,
      ...penalty,
      configurationId: id,
      lipschitz: optimum.lipschitz,
      support: optimum.support,
      threads: context.threads,
      repeats: plan.repeats,
      budgetSeconds: plan.budgetSeconds,
      totalBudgetSeconds: plan.budgetSeconds,
      stopGap: Math.min(...TARGETS),
    };
    try {
      const { output } = await runInChild<L1DescentOutput>(job, childTimeout(plan));
      runs.push({
        ...summarizeRun(
          { ...identity, settings: { ...identity.settings, ...output.settings } },
          output.traces,
          optimum.f,
          {
            testAccuracy: output.testAccuracy,
            memory: null,
            note: output.notes.length > 0 ? output.notes.join(" ") : null,
          },
        ),
        nonZero: output.nonZero,
        supportMismatches: output.supportMismatches,
      });
    } catch (error) {
      progress.log(`${configuration.label} failed: ${(error as Error).message}`);
      runs.push({
        ...unavailableRun(identity, "failed", (error as Error).message),
        nonZero: null,
        supportMismatches: null,
      });
    }
    progress.done();
  }
  if (context.sklearn !== null) {
    for (const solver of plan.sklearnSolvers) {
      progress.start(`${label}: scikit-learn ${solver}`);
      runs.push(await runSklearnL1(solver, dir, plan, penalty, load, optimum, context));
      progress.done();
    }
  }
  for (const run of runs) {
    if (run.bestGap !== null && run.bestGap < -1e-12) {
      context.notes.add(
        `${label}: ${run.label} went ${(-run.bestGap).toExponential(1)} (relative) below F*: the cached F* is not exact.`,
      );
    }
  }
  const path = plan.path ? await runL1Path(plan, dir, load, context) : null;
  return {
    id: l1ProblemId(plan),
    label,
    rows: meta.train.rows,
    columns: meta.train.columns,
    strength: plan.strength,
    l1Ratio: plan.l1Ratio,
    ...penalty,
    optimum,
    runs,
    path,
  };
}

/** LogisticRegression's keyword arguments for this penalty and solver (C and tol aside). */
export function sklearnEstimator(solver: SklearnL1Solver, l1Ratio: number): SklearnEstimatorOptions {
  if (solver === "liblinear") {
    if (l1Ratio !== 1) throw new Error("liblinear has no elastic net: l1Ratio must be 1.");
    return { penalty: "l1", intercept_scaling: LIBLINEAR_INTERCEPT_SCALING };
  }
  return l1Ratio === 1 ? { penalty: "l1" } : { penalty: "elasticnet", l1_ratio: l1Ratio };
}

/** F under descent's definition (intercept unpenalized) of scikit-learn's coefficients. */
function compositeObjective(problem: Problem, penalty: L1Penalty) {
  const objective = logisticObjective({
    X: problem.train.X,
    y: problem.train.y,
    l1: penalty.l1,
    l2: penalty.l2,
    backend: kernels({ threads: 1 }),
  });
  const features = objective.features;
  return (coef: readonly number[], intercept: number): number => {
    const theta = Float64Array.from([...coef, intercept]);
    let absolute = 0;
    for (let j = 0; j < features; j++) absolute += Math.abs(theta[j]!);
    return objective.value(theta) + penalty.l1 * absolute;
  };
}

async function runSklearnL1(
  solver: SklearnL1Solver,
  problemDir: string,
  plan: L1ProblemPlan,
  penalty: L1Penalty,
  load: () => Problem,
  optimum: L1OptimumInfo,
  context: L1BenchContext,
): Promise<L1RunResult> {
  const problem = load();
  const rows = problem.train.y.length;
  const C = sklearnC(plan.strength, rows);
  const estimator = sklearnEstimator(solver, plan.l1Ratio);
  const identity: RunIdentity = {
    id: `scikit-learn/${solver}`,
    library: "scikit-learn",
    label: `scikit-learn ${solver}`,
    tuning: "user",
    settings: { solver, C, tol: SKLEARN_TOL, ...estimator },
  };
  try {
    const reply = await sklearnFit(
      context.python,
      {
        problemDir,
        solver,
        C,
        tol: SKLEARN_TOL,
        maxIter: iterationCaps(solver),
        repeats: plan.repeats,
        budgetSeconds: plan.sklearnBudgetSeconds,
        estimator,
      },
      plan.sklearnBudgetSeconds * plan.repeats * 4 + 300,
    );
    const F = compositeObjective(problem, penalty);
    const losses = reply.fits.map((fit) => F(fit.coef, fit.intercept));
    const repeats = Math.max(...reply.fits.map((fit) => fit.seconds.length));
    const traces: Trace[] = Array.from({ length: repeats }, (_, repeat) => ({
      seconds: monotoneSweepTimes([
        0,
        ...reply.fits.map((fit) => fit.seconds[repeat] ?? median(fit.seconds)),
      ]),
      passes: [0, ...reply.fits.map(() => null)],
      loss: [Math.LN2, ...losses],
    }));
    const last = reply.fits[reply.fits.length - 1]!;
    const features = problem.train.X.shape[1];
    const nonZero = last.coef.filter((value) => value !== 0).length;
    const liblinearNote =
      solver === "liblinear"
        ? ` liblinear minimizes F + λ1|b|/${LIBLINEAR_INTERCEPT_SCALING} (it penalizes the intercept, scaled by intercept_scaling); its F here is descent's, intercept unpenalized.`
        : "";
    return {
      ...summarizeRun(
        { ...identity, settings: { ...identity.settings, sklearn: reply.sklearn } },
        traces,
        optimum.f,
        {
          testAccuracy: accuracy(Float64Array.from([...last.coef, last.intercept]), problem.test),
          memory: null,
          note: `${last.iterations} iterations at the last fit; traced by refitting with max_iter = ${reply.fits.map((fit) => fit.maxIter).join(", ")}.${liblinearNote}`,
        },
      ),
      nonZero,
      supportMismatches: supportMismatches(last.coef, optimum.support, features),
    };
  } catch (error) {
    context.progress.log(`${identity.label} failed: ${(error as Error).message}`);
    return {
      ...unavailableRun(identity, "failed", (error as Error).message),
      nonZero: null,
      supportMismatches: null,
    };
  }
}

async function runL1Path(
  plan: L1ProblemPlan,
  dir: string,
  load: () => Problem,
  context: L1BenchContext,
): Promise<L1PathResult> {
  const { progress } = context;
  const label = l1ProblemLabel(plan);
  progress.start(`${label}: path F* (20 strengths)`);
  const optimum = ensureL1PathOptimum(dir, load, plan.l1Ratio);
  progress.done();
  const gapsOf = (objectives: readonly number[]) =>
    objectives.map((value, k) => relativeGap(value, optimum.f[k]!));
  const runs: L1PathRun[] = [];
  for (const id of PATH_CONFIGURATIONS) {
    const configuration = l1Configuration(id, 1);
    progress.start(`${label}: path, descent ${configuration.label}`);
    const settings = {
      ...configuration.settings,
      tol: DESCENT_PATH_TOL,
      warmStart: true,
      backend: "kernels",
    };
    const job: L1PathJob = {
      kind: "l1-path",
      problemDir: dir,
      l1Ratio: plan.l1Ratio,
      strengths: optimum.strengths,
      configurationId: id,
      tol: DESCENT_PATH_TOL,
      repeats: Math.min(plan.repeats, 3),
      threads: context.threads,
    };
    try {
      const { output } = await runInChild<L1PathOutput>(job, 1800);
      runs.push({
        label: `descent ${configuration.label}`,
        library: "descent",
        settings,
        status: "ok",
        note: output.points.every((point) => point.converged) ? null : "some points stopped before tol",
        seconds: summarize(output.seconds),
        gaps: gapsOf(output.points.map((point) => point.objective)),
        nonZero: output.points.map((point) => point.nonZero),
      });
    } catch (error) {
      runs.push({
        label: `descent ${configuration.label}`,
        library: "descent",
        settings,
        status: "failed",
        note: (error as Error).message,
        seconds: null,
        gaps: [],
        nonZero: [],
      });
    }
    progress.done();
  }
  if (context.sklearn !== null) {
    const problem = load();
    const rows = problem.train.y.length;
    for (const solver of plan.pathSklearnSolvers) {
      progress.start(`${label}: path, scikit-learn ${solver} (20 fits)`);
      const estimator = sklearnEstimator(solver, plan.l1Ratio);
      const settings = { solver, tol: SKLEARN_PATH_TOL, warmStart: false, ...estimator };
      try {
        const reply = await sklearnPath(
          context.python,
          {
            problemDir: dir,
            solver,
            Cs: optimum.strengths.map((strength) => sklearnC(strength, rows)),
            tol: SKLEARN_PATH_TOL,
            maxIter: 10_000,
            estimator,
          },
          3600,
        );
        const objectives = reply.points.map((point, k) => {
          const pointPenalty = l1Penalty({ strength: optimum.strengths[k]!, l1Ratio: plan.l1Ratio });
          return compositeObjective(problem, pointPenalty)(point.coef, point.intercept);
        });
        runs.push({
          label: `scikit-learn ${solver}`,
          library: "scikit-learn",
          settings,
          status: "ok",
          note: "one fit per strength, from scratch.",
          seconds: summarize([reply.points.reduce((sum, point) => sum + point.seconds, 0)]),
          gaps: gapsOf(objectives),
          nonZero: reply.points.map((point) => point.coef.filter((value) => value !== 0).length),
        });
      } catch (error) {
        runs.push({
          label: `scikit-learn ${solver}`,
          library: "scikit-learn",
          settings,
          status: "failed",
          note: (error as Error).message,
          seconds: null,
          gaps: [],
          nonZero: [],
        });
      }
      progress.done();
    }
  }
  return {
    strengths: optimum.strengths,
    optimumF: optimum.f,
    optimumNonZero: optimum.nonZero,
    runs,
  };
}
