import type { RunResult } from "../results.js";
import type { Summary } from "../stats.js";
import type { L1OptimumInfo } from "./l1Optimum.js";

/** One run on an L1 problem: the usual figures, and how its last θ's zero set compares with the optimum's. */
export interface L1RunResult extends RunResult {
  readonly nonZero: number | null;
  /** Coordinates zero in one of the last θ and θ* but not in the other: 0 is the same zero set. */
  readonly supportMismatches: number | null;
}

/** One method's whole path: total time and, per strength, the gap to that strength's F* and the non-zeros. */
export interface L1PathRun {
  readonly label: string;
  readonly library: "descent" | "scikit-learn";
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly status: "ok" | "failed";
  readonly note: string | null;
  /** The whole path (all 20 strengths), seconds: median, min, max over repeats. */
  readonly seconds: Summary | null;
  /** Per strength: (F − F*)/|F*|, and non-zero coefficients. */
  readonly gaps: number[];
  readonly nonZero: number[];
}

export interface L1PathResult {
  readonly strengths: number[];
  readonly optimumF: number[];
  readonly optimumNonZero: number[];
  readonly runs: L1PathRun[];
}

export interface L1ProblemResult {
  readonly id: string;
  readonly label: string;
  readonly rows: number;
  readonly columns: number;
  readonly strength: number;
  readonly l1Ratio: number;
  readonly l1: number;
  readonly l2: number;
  readonly optimum: L1OptimumInfo;
  readonly runs: L1RunResult[];
  readonly path: L1PathResult | null;
}
