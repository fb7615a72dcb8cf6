import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
import { largestCurvature, smallestCurvature } from "./curvature.js";
import { accuracy } from "./evaluation.js";
import type { Problem } from "./problems.js";
import { solveReference } from "./referenceSolver.js";
import type { OptimumInfo } from "./results.js";

/** Bumped whenever the reference solver or what is stored changes, so an old f* is recomputed. */
const SOLVER_VERSION = 2;

interface StoredOptimum {
  readonly solverVersion: number;
  readonly f: number;
  readonly gradientNorm: number;
  readonly method: string;
  readonly iterations: number;
  readonly lipschitz: number;
  readonly strongConvexity: number;
  readonly strongConvexityExact: boolean;
  readonly testAccuracy: number;
  readonly seconds: number;
}

function info(stored: StoredOptimum, cached: boolean): OptimumInfo {
  return {
    f: stored.f,
    gradientNorm: stored.gradientNorm,
    method: `${stored.method} (${stored.iterations} iterations)`,
    lipschitz: stored.lipschitz,
    strongConvexity: stored.strongConvexity,
    strongConvexityExact: stored.strongConvexityExact,
    testAccuracy: stored.testAccuracy,
    cached,
  };
}

/**
 * f* of a stored problem, with L, μ and the optimum's test accuracy: read from the problem's cache
 * directory, or computed once by the reference solver (Newton to machine precision) and written there.
 * `load` is only called when it has to be computed.
 */
export function ensureOptimum(problemDir: string, load: () => Problem): OptimumInfo {
  const path = join(problemDir, "optimum.json");
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, "utf8")) as StoredOptimum;
    if (stored.solverVersion === SOLVER_VERSION) return info(stored, true);
  }
  const problem = load();
  const started = performance.now();
  const objective = logisticObjective({
    X: problem.train.X,
    y: problem.train.y,
    l2: problem.l2,
    backend: kernels(),
  });
  const solution = solveReference(objective);
  // 2 % above the estimate: power iteration approaches λmax from below.
  const lipschitz = 1.02 * (solution.curvatureAtOrigin ?? largestCurvature(objective, 30));
  const mu = smallestCurvature(objective, solution.theta);
  const stored: StoredOptimum = {
    solverVersion: SOLVER_VERSION,
    f: solution.f,
    gradientNorm: solution.gradientNorm,
    method: solution.method,
    iterations: solution.iterations,
    lipschitz,
    strongConvexity: mu.value,
    strongConvexityExact: mu.exact,
    testAccuracy: accuracy(solution.theta, problem.test),
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`);
  return info(stored, false);
}
