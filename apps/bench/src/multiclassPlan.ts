import { digitsProblems } from "@descent/datasets";
import type { MulticlassSpec } from "./multiclassProblems.js";
import type { ProblemPlan } from "./plan.js";

const SEED = 20_240_611;

/** scikit-learn's solvers that fit the multinomial loss (newton-cholesky is one-vs-rest on K ≥ 3 before 1.6). */
const MULTINOMIAL_SOLVERS = ["lbfgs", "newton-cg", "sag", "saga"] as const;

/**
 * descent's packages on the multiclass problems: the second-order ones, which a user fits a multinomial
 * model with. (Newton's auto mode is its truncated mode here: d = K(n + 1) is far above the 64 up to which
 * it forms the Hessian, so "newton (auto)" is newton-cg and runs once.) The first-order methods at their
 * defaults are left out: on digits Adam had closed a third of the gap after a 1-second budget, and on
 * 100k × 100 each of their passes costs as much as one of L-BFGS's.
 */
const SECOND_ORDER = ["newton", "lbfgs"] as const;

const DIGITS: MulticlassSpec = {
  kind: "multiclass-reference",
  reference: digitsProblems()[0]!.name,
  testFraction: 0.2,
  seed: SEED,
};

const SYNTHETIC: MulticlassSpec = {
  kind: "multiclass-dense",
  rows: 100_000,
  columns: 100,
  classes: 10,
  testRows: 20_000,
  seed: SEED + 1,
};

/**
 * The multiclass problems of a run. quick: digits (1438 training rows × 64, 10 classes), with short budgets
 * and three of scikit-learn's solvers (saga, which equals sag on an L2 problem, waits for full): it adds
 * under a minute on an idle machine. full: digits with longer budgets, and 100k × 100 with 10 classes, whose pass on core's
 * TypeScript multinomial objective takes about half a second (until the kernels backend runs the multinomial
 * loss), so that a fit to 1e-8 takes tens of seconds and its f* minutes the first time: too long for quick.
 */
export function multiclassProblemPlans(mode: "quick" | "full"): ProblemPlan[] {
  const digits = (repeats: number, budgetSeconds: number): ProblemPlan => ({
    spec: DIGITS,
    repeats,
    budgetSeconds,
    tfjs: true,
    mljs: false,
    sklearnSolvers: mode === "quick" ? MULTINOMIAL_SOLVERS.slice(0, 3) : MULTINOMIAL_SOLVERS,
    optimizerPackages: SECOND_ORDER,
    kernelRepeats: mode === "quick" ? 20 : 50,
    kernelPaths: mode === "quick" ? "default" : "default and js",
  });
  // L-BFGS took 211 passes to 1e-8 on all 1797 digits, 2.7 s on core's TypeScript objective (load 9).
  if (mode === "quick") return [digits(3, 4)];
  return [
    digits(7, 10),
    {
      spec: SYNTHETIC,
      repeats: 3,
      budgetSeconds: 60,
      tfjs: true,
      mljs: false,
      sklearnSolvers: MULTINOMIAL_SOLVERS,
      optimizerPackages: SECOND_ORDER,
      kernelRepeats: 10,
      kernelPaths: "default and js",
    },
  ];
}
