import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { geometricStrengths, logisticObjective, maxStrength, toDesignMatrix } from "@descent/core";
import { kernels } from "@descent/kernels";
import { largestCurvature } from "../curvature.js";
import type { Problem } from "../problems.js";
import { type L1Penalty, l1Penalty } from "./l1Plan.js";
import { type L1ReferenceSolution, solveL1Reference } from "./l1Reference.js";

/** Bumped whenever the L1 reference or what is stored changes. */
const L1_SOLVER_VERSION = 1;

/** F* of one L1 problem, with what the report shows about it. */
export interface L1OptimumInfo {
  readonly f: number;
  readonly violation: number;
  readonly iterations: number;
  readonly support: number[];
  readonly nonZero: number;
  /** L: the Hessian's largest eigenvalue at θ = 0 (FISTA's step is 1/L), 2 % above the estimate. */
  readonly lipschitz: number;
  readonly seconds: number;
  /**
   * One Hessian of the smooth part on the kernels backend and on core's TypeScript reference, seconds: the
   * proximal Newton step forms it, and this shows which one it gets (the objective's own, on kernels()).
   */
  readonly hessianSeconds: { readonly kernels: number; readonly typescript: number };
  readonly cached: boolean;
}

/** The glmnet grid regularizationPath builds: 20 strengths from s_max down to 1e-4 s_max (1e-2 when m ≤ n). */
export interface L1PathOptimum {
  readonly strengths: number[];
  readonly f: number[];
  readonly nonZero: number[];
  readonly violation: number[];
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function objectiveFor(problem: Problem, penalty: L1Penalty, onKernels: boolean) {
  return logisticObjective({
    X: problem.train.X,
    y: problem.train.y,
    l1: penalty.l1,
    l2: penalty.l2,
    ...(onKernels ? { backend: kernels() } : {}),
  });
}

/**
 * F* of the problem at this penalty: read from the problem's cache directory, or found once by proximal
 * Newton on kernels() (solveL1Reference) and written there.
 */
export function ensureL1Optimum(
  problemDir: string,
  load: () => Problem,
  plan: { strength: number; l1Ratio: number },
): L1OptimumInfo {
  const penalty = l1Penalty(plan);
  const path = join(problemDir, `l1-optimum-l1=${penalty.l1}-l2=${penalty.l2}.json`);
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, "utf8")) as L1OptimumInfo & { solverVersion: number };
    if (stored.solverVersion === L1_SOLVER_VERSION) return { ...stored, cached: true };
  }
  const problem = load();
  const started = performance.now();
  const objective = objectiveFor(problem, penalty, true);
  const solution = solveL1Reference(objective);
  const seconds = (performance.now() - started) / 1000;
  const dim = objective.dim;
  const hessian = new Float64Array(dim * dim);
  const reference = objectiveFor(problem, penalty, false);
  const info: L1OptimumInfo = {
    f: solution.f,
    violation: solution.violation,
    iterations: solution.iterations,
    support: solution.support,
    nonZero: solution.support.length,
    lipschitz: 1.02 * largestCurvature(objective, 30),
    seconds,
    hessianSeconds: {
      kernels: time(() => objective.hessian(solution.theta, hessian)),
      typescript: time(() => reference.hessian(solution.theta, hessian)),
    },
    cached: false,
  };
  writeFileSync(path, `${JSON.stringify({ solverVersion: L1_SOLVER_VERSION, ...info }, null, 2)}\n`);
  return info;
}

/** The path's strengths as regularizationPath's default grid builds them. */
export function pathStrengths(problem: Problem, l1Ratio: number, count = 20): number[] {
  const matrix = toDesignMatrix(problem.train.X);
  const largest = maxStrength(matrix, problem.train.y, l1Ratio);
  return geometricStrengths(largest, matrix.rows > matrix.columns ? 1e-4 : 1e-2, count);
}

/** F* at every strength of the path (proximal Newton on kernels()), cached beside the problem. */
export function ensureL1PathOptimum(problemDir: string, load: () => Problem, l1Ratio: number): L1PathOptimum {
  const path = join(problemDir, `l1-path-optimum-r=${l1Ratio}.json`);
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, "utf8")) as L1PathOptimum & { solverVersion: number };
    if (stored.solverVersion === L1_SOLVER_VERSION) return stored;
  }
  const problem = load();
  const strengths = pathStrengths(problem, l1Ratio);
  // Each from the previous strength's optimum: a few steps each instead of a dozen.
  const solutions: L1ReferenceSolution[] = [];
  for (const strength of strengths) {
    const objective = objectiveFor(problem, l1Penalty({ strength, l1Ratio }), true);
    solutions.push(solveL1Reference(objective, solutions[solutions.length - 1]?.theta));
  }
  const optimum: L1PathOptimum = {
    strengths,
    f: solutions.map((solution) => solution.f),
    nonZero: solutions.map((solution) => solution.support.length),
    violation: solutions.map((solution) => solution.violation),
  };
  writeFileSync(path, `${JSON.stringify({ solverVersion: L1_SOLVER_VERSION, ...optimum }, null, 2)}\n`);
  return optimum;
}
