import type { RunLimits, RunOutput } from "../jobs.js";
import type { L1ConfigurationId } from "./l1Optimizers.js";

/** One descent method on an L1 problem, in a child process (see ../jobs.ts). */
export interface L1DescentJob extends RunLimits {
  readonly kind: "l1-descent";
  readonly problemDir: string;
  readonly fStar: number;
  readonly l1: number;
  readonly l2: number;
  readonly configurationId: L1ConfigurationId;
  /** L, for FISTA's step. */
  readonly lipschitz: number;
  /** The optimum's non-zero coefficients: the last repeat's θ is compared with it. */
  readonly support: number[];
  readonly threads: number;
}

export interface L1DescentOutput extends RunOutput {
  /** Of the last repeat's θ: non-zero coefficients, and coordinates whose zero-ness differs from the optimum's. */
  readonly nonZero: number;
  readonly supportMismatches: number;
}

/** descent's whole warm-started path (regularizationPath on kernels()), in a child process. */
export interface L1PathJob {
  readonly kind: "l1-path";
  readonly problemDir: string;
  readonly l1Ratio: number;
  readonly strengths: number[];
  readonly configurationId: L1ConfigurationId;
  /** regularizationPath's tol per point: the pseudo-gradient's ∞-norm. */
  readonly tol: number;
  readonly repeats: number;
  readonly threads: number;
}

export interface L1PathOutput {
  /** Whole path, per repeat. */
  readonly seconds: number[];
  /** Of the last repeat, per strength. */
  readonly points: { objective: number; nonZero: number; passes: number; converged: boolean }[];
}
