import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../childProcess.js";
import { PYTHON_DIR } from "../paths.js";

const SCRIPT = join(PYTHON_DIR, "sklearn_fit.py");

export type SklearnSolver = "lbfgs" | "newton-cholesky" | "newton-cg" | "sag" | "saga" | "liblinear";

/** Further keyword arguments of LogisticRegression (the L1 bench's penalty, l1_ratio, intercept_scaling). */
export type SklearnEstimatorOptions = Readonly<Record<string, string | number>>;

export interface SklearnFitRequest {
  readonly problemDir: string;
  readonly solver: SklearnSolver;
  /** C = 1/(λ m): scikit-learn then minimizes the same function as descent. */
  readonly C: number;
  readonly tol: number;
  /** Iteration caps to fit with in turn; their fits trace the solver's path. */
  readonly maxIter: readonly number[];
  readonly repeats: number;
  readonly budgetSeconds: number;
  readonly estimator?: SklearnEstimatorOptions;
}

export interface SklearnFit {
  readonly maxIter: number;
  readonly seconds: number[];
  readonly iterations: number;
  /** coef_ flattened row by row: n numbers, or K × n on a multiclass problem. */
  readonly coef: number[];
  /** intercept_[0]: the binary model's intercept. */
  readonly intercept: number;
  /** All of intercept_: K numbers on a multiclass problem. */
  readonly intercepts: number[];
}

export interface SklearnFitReply {
  readonly sklearn: string;
  readonly numpy: string;
  readonly threads: { api: string; library: string; threads: number }[];
  /** The distinct labels in y: 2, or K on a multiclass problem. */
  readonly classes: number;
  readonly fits: SklearnFit[];
  readonly maxRssBytes: number;
}

export interface SklearnEcho {
  readonly shape: [number, number];
  readonly sparse: boolean;
  readonly sumX: number;
  readonly sumY: number;
  readonly firstRow: number[];
  readonly lastY: number;
}

/**
 * θ of a fit in descent's layout: [w, b] on a binary problem; on a multiclass one [W row-major, b], which
 * is coef_ flattened row by row and intercept_ (scikit-learn's classes_ are the sorted class indices).
 */
export function sklearnTheta(fit: SklearnFit, classes: number): Float64Array {
  return Float64Array.from(classes > 2 ? [...fit.coef, ...fit.intercepts] : [...fit.coef, fit.intercept]);
}

/** The Python scikit-learn runs in, if it can import sklearn: its version, else null. */
export async function sklearnVersion(python: string): Promise<string | null> {
  if (!existsSync(python)) return null;
  try {
    const out = await runCommand(python, ["-c", "import sklearn; print(sklearn.__version__)"], {
      timeoutSeconds: 60,
    });
    return out.trim() || null;
  } catch {
    return null;
  }
}

/** The peak resident set of a Python that starts and does nothing: the baseline for scikit-learn's memory. */
export async function idlePythonRss(python: string): Promise<number> {
  const out = await runCommand(
    python,
    ["-c", "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"],
    { timeoutSeconds: 60 },
  );
  return Number(out.trim());
}

export async function sklearnFit(
  python: string,
  request: SklearnFitRequest,
  timeoutSeconds: number,
): Promise<SklearnFitReply> {
  const out = await runCommand(python, [SCRIPT, JSON.stringify({ mode: "fit", ...request })], {
    timeoutSeconds,
  });
  return JSON.parse(out) as SklearnFitReply;
}

export interface SklearnPathRequest {
  readonly problemDir: string;
  readonly solver: SklearnSolver;
  /** One fit from scratch per C, in this order. */
  readonly Cs: readonly number[];
  readonly tol: number;
  readonly maxIter: number;
  readonly estimator?: SklearnEstimatorOptions;
}

export interface SklearnPathReply {
  readonly sklearn: string;
  readonly threads: { api: string; library: string; threads: number }[];
  readonly points: { C: number; seconds: number; iterations: number; coef: number[]; intercept: number }[];
}

/** Fits each C of a path one by one, from scratch: scikit-learn without a path of its own for these solvers. */
export async function sklearnPath(
  python: string,
  request: SklearnPathRequest,
  timeoutSeconds: number,
): Promise<SklearnPathReply> {
  const out = await runCommand(python, [SCRIPT, JSON.stringify({ mode: "path", ...request })], {
    timeoutSeconds,
  });
  return JSON.parse(out) as SklearnPathReply;
}

/** Reads a stored problem back through Python: the hand-off check. */
export async function sklearnEcho(python: string, problemDir: string): Promise<SklearnEcho> {
  const out = await runCommand(python, [SCRIPT, JSON.stringify({ mode: "echo", problemDir })], {
    timeoutSeconds: 60,
  });
  return JSON.parse(out) as SklearnEcho;
}
