import type { ProblemSpec } from "../problems.js";
import { problemId, problemLabel } from "../problems.js";

/** scikit-learn's solvers with an L1 penalty: saga (l1 and elasticnet) and liblinear (l1 only). */
export type SklearnL1Solver = "saga" | "liblinear";

/**
 * One L1 or elastic-net problem of the bench: stored data (a ProblemSpec, cached like every problem) and a
 * penalty s · (r‖w‖₁ + ((1 − r)/2)‖w‖²), that is λ1 = r s and λ2 = (1 − r) s, as regularizationPath and
 * scikit-learn's l1_ratio define it.
 */
export interface L1ProblemPlan {
  readonly spec: ProblemSpec;
  /** s, the strength. */
  readonly strength: number;
  /** r ∈ (0, 1]: 1 is the lasso penalty. */
  readonly l1Ratio: number;
  readonly repeats: number;
  /** Fit-time budget of one repeat, seconds. */
  readonly budgetSeconds: number;
  readonly sklearnSolvers: readonly SklearnL1Solver[];
  /**
   * scikit-learn's budget per repeat, seconds: its trace refits with max_iter = 1, 2, 4, …, about twice the
   * time of the final fit, and saga needs tens of epochs to 1e-8 on 100k × 100.
   */
  readonly sklearnBudgetSeconds: number;
  /** Also time the 20-point regularization path, descent's against scikit-learn's 20 fits… */
  readonly path: boolean;
  /** …with these solvers of scikit-learn's. */
  readonly pathSklearnSolvers: readonly SklearnL1Solver[];
}

export interface L1Penalty {
  readonly l1: number;
  readonly l2: number;
}

export function l1Penalty(plan: Pick<L1ProblemPlan, "strength" | "l1Ratio">): L1Penalty {
  return { l1: plan.l1Ratio * plan.strength, l2: (1 - plan.l1Ratio) * plan.strength };
}

/**
 * scikit-learn's C for strength s on m rows: its objective Σ loss + (1/C)(r‖w‖₁ + ((1 − r)/2)‖w‖²) is m
 * times descent's when 1/C = s m.
 */
export function sklearnC(strength: number, rows: number): number {
  return 1 / (strength * rows);
}

/** A key for file names and `--only`: every L1 problem's id starts with "l1-". */
export function l1ProblemId(plan: Pick<L1ProblemPlan, "spec" | "strength" | "l1Ratio">): string {
  return `l1-${problemId(plan.spec)}-s=${plan.strength}-r=${plan.l1Ratio}`;
}

export function l1ProblemLabel(plan: Pick<L1ProblemPlan, "spec" | "strength" | "l1Ratio">): string {
  const { l1, l2 } = l1Penalty(plan);
  const penalty = l2 === 0 ? `L1 λ1=${l1}` : `elastic net λ1=${l1} λ2=${l2}`;
  return `${problemLabel(plan.spec)}, ${penalty}`;
}

const SEED = 20_240_601;

/** 100k × 100, standard normal features, 20 informative (the first 20), the rest with true coefficient 0. */
export const WIDE_SPARSE_TRUTH: ProblemSpec = {
  kind: "dense",
  rows: 100_000,
  columns: 100,
  testRows: 20_000,
  seed: SEED + 15,
  informative: 20,
};

const DIGITS: ProblemSpec = { kind: "digits-binary", testFraction: 0.2, seed: SEED };

/**
 * The strength at which the optimum of WIDE_SPARSE_TRUTH keeps about half its 100 weights (l1 only): found
 * on the stored problem with the path (see the README); the report prints the count the optimum has.
 */
export const WIDE_L1_STRENGTH = 1e-3;
/** Digits (64 pixels, 1437 training rows): a strength that keeps about a third of the pixels. */
export const DIGITS_L1_STRENGTH = 5e-3;

/**
 * quick: the 100k × 100 lasso and digits, a few repeats, the path on digits only (on 100k × 100
 * scikit-learn's 20 fits alone take minutes). full: the elastic-net variant, and the path on 100k × 100 too.
 */
export function l1Plan(mode: "quick" | "full"): L1ProblemPlan[] {
  const quick = mode === "quick";
  const wide: L1ProblemPlan = {
    spec: WIDE_SPARSE_TRUTH,
    strength: WIDE_L1_STRENGTH,
    l1Ratio: 1,
    repeats: quick ? 2 : 5,
    budgetSeconds: quick ? 4 : 20,
    sklearnSolvers: ["saga", "liblinear"],
    sklearnBudgetSeconds: quick ? 20 : 60,
    path: !quick,
    pathSklearnSolvers: ["saga", "liblinear"],
  };
  const digits: L1ProblemPlan = {
    spec: DIGITS,
    strength: DIGITS_L1_STRENGTH,
    l1Ratio: 1,
    repeats: quick ? 3 : 7,
    budgetSeconds: quick ? 2 : 10,
    sklearnSolvers: ["saga", "liblinear"],
    sklearnBudgetSeconds: quick ? 2 : 10,
    path: true,
    // saga's 20 fits on digits took 218 s (its smallest strengths need thousands of epochs): full only.
    pathSklearnSolvers: quick ? ["liblinear"] : ["saga", "liblinear"],
  };
  if (quick) return [wide, digits];
  const elasticNet: L1ProblemPlan = {
    ...wide,
    strength: 2 * WIDE_L1_STRENGTH,
    l1Ratio: 0.5,
    sklearnSolvers: ["saga"],
    path: false,
  };
  return [wide, elasticNet, digits];
}
