import { binaryTargets, type Dataset, filterRows, standardized } from "./dataset.js";
import { l1ReferenceOptima } from "./l1ReferenceOptima.generated.js";
import { loadBreastCancer, loadIris } from "./loaders.js";

/**
 * A logistic problem with an L1 (or elastic-net) penalty and its optimum, computed with scikit-learn's
 * saga at tol = 1e-12 (scripts/l1_reference_optima.py): the minimizer of
 *
 *     F(w, b) = (1/m) Σ log(1 + exp(−s_i (x_i·w + b))) + λ1‖w‖₁ + (λ2/2)‖w‖²,
 *
 * which `LogisticRegression(penalty="elasticnet", solver="saga", C, l1_ratio=r)` minimizes when
 * λ1 = r/(C m) and λ2 = (1 − r)/(C m). Exact zeros in w are the optimum's zero set.
 */
export interface L1ReferenceProblem {
  /** The key in l1-reference-optima.json. */
  readonly name: string;
  /** A short name for test titles: "breast-cancer λ1=0.01". */
  readonly label: string;
  readonly X: { readonly data: Float64Array; readonly shape: readonly [number, number] };
  readonly y: Float64Array;
  readonly l1: number;
  readonly l2: number;
  /** F(θ*), w*, b*, and how many of w* are non-zero. */
  readonly optimum: {
    readonly f: number;
    readonly w: readonly number[];
    readonly b: number;
    readonly nonZero: number;
  };
  /** θ* = [w*, b*]. */
  readonly theta: Float64Array;
  /** The largest violation of the optimality conditions at θ* (as the script measured it). */
  readonly optimalityViolation: number;
}

function problem(name: string, dataset: Dataset, positive: string, label: string): L1ReferenceProblem {
  const optimum = l1ReferenceOptima[name];
  if (optimum === undefined) throw new Error(`No L1 reference optimum named ${name}.`);
  return {
    name,
    label,
    X: { data: dataset.data, shape: dataset.shape },
    y: binaryTargets(dataset, positive),
    l1: optimum.l1,
    l2: optimum.l2,
    optimum: { f: optimum.f, w: optimum.w, b: optimum.b, nonZero: optimum.nonZero },
    theta: Float64Array.from([...optimum.w, optimum.b]),
    optimalityViolation: optimum.optimalityViolation,
  };
}

/**
 * Breast cancer, standardized (ddof = 0), malignant = 1: L1 alone at λ1 = 0.01 (9 of 30 weights
 * non-zero), and elastic net at λ1 = λ2 = 0.005 (20 non-zero).
 */
export function breastCancerL1Problems(): L1ReferenceProblem[] {
  const data = standardized(loadBreastCancer());
  const prefix = "breast-cancer standardized, positive=malignant";
  return [
    problem(`${prefix}, l1=0.01, l2=0`, data, "malignant", "breast-cancer λ1=0.01"),
    problem(`${prefix}, l1=0.005, l2=0.005`, data, "malignant", "breast-cancer λ1=0.005 λ2=0.005"),
  ];
}

/**
 * Iris versicolor (0) vs virginica (1), raw features (condition number ~1e4), λ1 = 0.03: 2 of 4 weights
 * non-zero. Ill-conditioned on purpose; saga needs ~21 000 epochs for it.
 */
export function irisL1Problem(): L1ReferenceProblem {
  const data = filterRows(loadIris(), (label) => label !== "setosa");
  return problem(
    "iris versicolor(0) vs virginica(1), raw features, l1=0.03, l2=0",
    data,
    "virginica",
    "iris λ1=0.03",
  );
}
