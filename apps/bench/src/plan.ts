import { breastCancerProblems, irisProblem } from "@descent/datasets";
import { type L1ProblemPlan, l1Plan } from "./l1/l1Plan.js";
import { multiclassProblemPlans } from "./multiclassPlan.js";
import type { ProblemSpec } from "./problems.js";
import type { SklearnSolver } from "./runners/sklearn.js";

/** What to run on one problem, and how hard. */
export interface ProblemPlan {
  readonly spec: ProblemSpec;
  /** Repeats of each descent configuration and peer (figures are medians over them). */
  readonly repeats: number;
  /** Fit-time budget of one repeat, seconds: a run that has not reached 1e-8 by then stops. */
  readonly budgetSeconds: number;
  /** TF.js and ml.js need dense X (the sparse problem would be 8 GB dense). */
  readonly tfjs: boolean;
  /**
   * TF.js's budget per repeat, when it differs from budgetSeconds: on 100k × 100 it needs about as many
   * steps as gradient descent, each several times slower, and the ≥ 30× target can only be judged when
   * it either gets to 1e-8 or runs 30 times longer than descent did.
   */
  readonly tfjsBudgetSeconds?: number;
  readonly mljs: boolean;
  readonly sklearnSolvers: readonly SklearnSolver[];
  /** The descent optimizer packages to run ("newton", "lbfgs"); default, every known one. */
  readonly optimizerPackages?: readonly string[];
  /** Timed calls per kernel. */
  readonly kernelRepeats: number;
  /**
   * Which kernel paths to time: the default one only; it and the plain TypeScript one (what the
   * WebAssembly kernels gain); or every path core offers (float32 storage too).
   */
  readonly kernelPaths: "default" | "default and js" | "all";
}

export interface BenchPlan {
  readonly mode: "quick" | "full";
  readonly problems: readonly ProblemPlan[];
  /** The L1 and elastic-net problems (l1/l1Plan.ts); their ids start with "l1-", so `--only l1` picks them. */
  readonly l1Problems: readonly L1ProblemPlan[];
  /** Runs of each whole-process program (node, python). */
  readonly processRepeats: number;
  readonly rooflineSweeps: number;
}

const SEED = 20_240_601;

function reference(name: string): ProblemSpec {
  return { kind: "reference", reference: name, testFraction: 0.2, seed: SEED };
}

function dense(rows: number, columns: number, seed: number): ProblemSpec {
  return { kind: "dense", rows, columns, testRows: Math.min(Math.ceil(rows / 4), 20_000), seed };
}

const SPARSE: ProblemSpec = {
  kind: "sparse",
  rows: 100_000,
  columns: 10_000,
  nonZerosPerRow: 50,
  testRows: 20_000,
  seed: SEED + 3,
};

const BOTH_SOLVERS = ["lbfgs", "newton-cholesky"] as const;

/**
 * quick: the real data sets at one λ each, 10k × 20, 100k × 100 and the sparse problem, fewer repeats
 * and short budgets: under 3 minutes on 2 cores once f* is cached. full: every reference problem,
 * 1M × 100 too, more repeats and budgets long enough for the slow methods to show their tails.
 */
export function benchPlan(mode: "quick" | "full"): BenchPlan {
  const [breastCancerStrong, breastCancer, breastCancerWeak] = breastCancerProblems();
  const iris = irisProblem();
  const small = (spec: ProblemSpec, repeats: number, budgetSeconds: number): ProblemPlan => ({
    spec,
    repeats,
    budgetSeconds,
    tfjs: true,
    mljs: true,
    sklearnSolvers: BOTH_SOLVERS,
    kernelRepeats: 50,
    kernelPaths: mode === "full" ? "all" : "default",
  });
  if (mode === "quick") {
    return {
      mode,
      problems: [
        small(reference(breastCancer!.name), 5, 1),
        small(reference(iris.name), 5, 1),
        small(dense(10_000, 20, SEED + 1), 3, 1),
        {
          spec: dense(100_000, 100, SEED + 2),
          repeats: 3,
          budgetSeconds: 4,
          tfjs: true,
          tfjsBudgetSeconds: 12,
          mljs: true,
          sklearnSolvers: BOTH_SOLVERS,
          kernelRepeats: 10,
          kernelPaths: "default and js",
        },
        {
          spec: SPARSE,
          repeats: 1,
          budgetSeconds: 3,
          tfjs: false,
          mljs: false,
          sklearnSolvers: ["lbfgs"],
          kernelRepeats: 10,
          kernelPaths: "default",
        },
        ...multiclassProblemPlans(mode),
      ],
      l1Problems: l1Plan(mode),
      processRepeats: 7,
      rooflineSweeps: 10,
    };
  }
  return {
    mode,
    problems: [
      small(reference(breastCancerStrong!.name), 7, 10),
      small(reference(breastCancer!.name), 7, 10),
      small(reference(breastCancerWeak!.name), 7, 10),
      small(reference(iris.name), 7, 10),
      small(dense(10_000, 20, SEED + 1), 5, 10),
      {
        spec: dense(100_000, 100, SEED + 2),
        repeats: 5,
        budgetSeconds: 30,
        tfjs: true,
        mljs: true,
        sklearnSolvers: BOTH_SOLVERS,
        kernelRepeats: 30,
        kernelPaths: "all",
      },
      {
        spec: dense(1_000_000, 100, SEED + 4),
        repeats: 3,
        budgetSeconds: 60,
        tfjs: true,
        mljs: false,
        sklearnSolvers: BOTH_SOLVERS,
        kernelRepeats: 10,
        kernelPaths: "all",
      },
      {
        spec: SPARSE,
        repeats: 3,
        budgetSeconds: 60,
        tfjs: false,
        mljs: false,
        sklearnSolvers: ["lbfgs"],
        kernelRepeats: 20,
        kernelPaths: "all",
      },
      ...multiclassProblemPlans(mode),
    ],
    l1Problems: l1Plan(mode),
    processRepeats: 15,
    rooflineSweeps: 20,
  };
}
