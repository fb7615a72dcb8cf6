import { binaryTargets, type Dataset, filterRows, standardized } from "./dataset.js";
import { loadBreastCancer, loadIris } from "./loaders.js";
import { referenceOptima } from "./referenceOptima.generated.js";

/**
 * A logistic problem with its exact optimum, computed with scikit-learn 1.2.1 at tol = 1e-12: the
 * minimizer of (1/m) Σ log(1 + exp(−s_i (x_i·w + b))) + (λ/2)‖w‖².
 */
export interface ReferenceProblem {
  /** The key in reference-optima.json. */
  readonly name: string;
  /** A short name for test titles: "breast-cancer λ=0.001". */
  readonly label: string;
  /** Dense row-major features and their shape. */
  readonly X: { readonly data: Float64Array; readonly shape: readonly [number, number] };
  /** 0/1 targets. */
  readonly y: Float64Array;
  /** λ. */
  readonly l2: number;
  /** The optimum: f(θ*), w* and b*. */
  readonly optimum: { readonly f: number; readonly w: readonly number[]; readonly b: number };
  /** θ* = [w*, b*], as the logistic objective lays it out. */
  readonly theta: Float64Array;
}

function problem(name: string, label: string, dataset: Dataset, positive: string): ReferenceProblem {
  const optimum = referenceOptima[name];
  const match = /lambda=([0-9.e-]+)/.exec(name);
  if (optimum === undefined || match === null) throw new Error(`No reference optimum named ${name}.`);
  return {
    name,
    label,
    X: { data: dataset.data, shape: dataset.shape },
    y: binaryTargets(dataset, positive),
    l2: Number(match[1]),
    optimum,
    theta: Float64Array.from([...optimum.w, optimum.b]),
  };
}

/** Breast cancer, standardized (ddof = 0), malignant = 1, at λ = 0.01, 0.001 and 0.0001. */
export function breastCancerProblems(): ReferenceProblem[] {
  const data = standardized(loadBreastCancer());
  return ["0.01", "0.001", "0.0001"].map((lambda) =>
    problem(
      `breast-cancer standardized, positive=malignant, lambda=${lambda}`,
      `breast-cancer λ=${lambda}`,
      data,
      "malignant",
    ),
  );
}

/** Iris versicolor (0) vs virginica (1), raw features (ill-conditioned on purpose), λ = 0.01. */
export function irisProblem(): ReferenceProblem {
  const data = filterRows(loadIris(), (label) => label !== "setosa");
  return problem(
    "iris versicolor(0) vs virginica(1), raw features, lambda=0.01",
    "iris λ=0.01",
    data,
    "virginica",
  );
}

/** Every problem in reference-optima.json. */
export function referenceProblems(): ReferenceProblem[] {
  return [...breastCancerProblems(), irisProblem()];
}
