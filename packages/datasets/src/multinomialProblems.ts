import { type Dataset, standardized } from "./dataset.js";
import { loadDigits, loadIris, loadWine } from "./loaders.js";
import { type MultinomialOptimum, multinomialOptima } from "./referenceOptimaMultinomial.generated.js";

/**
 * A multinomial (softmax) logistic problem with its exact optimum, from scikit-learn 1.2.1 (multinomial,
 * tol = 1e-12, the better of lbfgs and newton-cg, polished by Newton steps in numpy to ‖∇f‖∞ ≤ 1e-15): the
 * minimizer of (1/Σ c) Σ_i c_i [logsumexp(W x_i + b) − (W x_i + b)_{y_i}] + (λ/2)‖W‖²_F.
 */
export interface MultinomialReferenceProblem {
  /** The key in reference-optima-multinomial.json. */
  readonly name: string;
  /** A short name for test titles: "wine K=3 λ=0.00562". */
  readonly label: string;
  /** Dense row-major features and their shape. */
  readonly X: { readonly data: Float64Array; readonly shape: readonly [number, number] };
  /** The class names, sorted as scikit-learn sorts them. */
  readonly classes: readonly string[];
  /** The class name of each row. */
  readonly labels: readonly string[];
  /** The class index of each row, into `classes`. */
  readonly y: Int32Array;
  /** The weight of each row (from the class weights), or null when every row weighs 1. */
  readonly sampleWeight: Float64Array | null;
  /** λ = 1/(C Σ weights). */
  readonly l2: number;
  readonly optimum: MultinomialOptimum;
  /** θ* = [W* row-major, b*], as the multinomial objective lays it out (b* sums to 0). */
  readonly theta: Float64Array;
}

function multinomialProblem(name: string, label: string, dataset: Dataset): MultinomialReferenceProblem {
  const optimum = multinomialOptima[name];
  if (optimum === undefined) throw new Error(`No multinomial reference optimum named ${name}.`);
  const classes = optimum.classes;
  const y = Int32Array.from(dataset.labels, (name) => classes.indexOf(name));
  let sampleWeight: Float64Array | null = null;
  const classWeight = optimum.classWeight;
  if (classWeight !== undefined) {
    // scikit-learn's class_weight: "balanced" gives class k the weight m / (K · count_k).
    const counts = classes.map((_, k) => y.filter((target) => target === k).length);
    const weightOf = (k: number) =>
      classWeight === "balanced"
        ? y.length / (classes.length * counts[k]!)
        : (classWeight as Readonly<Record<string, number>>)[classes[k]!]!;
    sampleWeight = Float64Array.from(y, weightOf);
  }
  return {
    name,
    label,
    X: { data: dataset.data, shape: dataset.shape },
    classes,
    labels: dataset.labels,
    y,
    sampleWeight,
    l2: optimum.l2,
    optimum,
    theta: Float64Array.from([...optimum.coef.flat(), ...optimum.intercept]),
  };
}

/** Iris, three classes, raw features: at C = 1 (λ = 1/150) and C = 10. */
export function irisMultinomialProblems(): MultinomialReferenceProblem[] {
  const data = loadIris();
  return [
    multinomialProblem("iris raw features, C=1", "iris K=3 C=1", data),
    multinomialProblem("iris raw features, C=10", "iris K=3 C=10", data),
  ];
}

/** Wine, three classes, standardized (ddof = 0): at C = 1 (λ = 1/178) and C = 10. */
export function wineProblems(): MultinomialReferenceProblem[] {
  const data = standardized(loadWine());
  return [
    multinomialProblem("wine standardized, C=1", "wine K=3 C=1", data),
    multinomialProblem("wine standardized, C=10", "wine K=3 C=10", data),
  ];
}

/** The digits as pixel intensities in [0, 1] (each value / 16). */
export function scaledDigits(): Dataset {
  const digits = loadDigits();
  return { ...digits, data: digits.data.map((value) => value / 16) };
}

/** Digits, ten classes, intensities scaled to [0, 1]: at C = 1 (λ = 1/1797) and C = 0.1. */
export function digitsProblems(): MultinomialReferenceProblem[] {
  const data = scaledDigits();
  return [
    multinomialProblem("digits scaled to [0, 1], C=1", "digits K=10 C=1", data),
    multinomialProblem("digits scaled to [0, 1], C=0.1", "digits K=10 C=0.1", data),
  ];
}

/**
 * Problems with class weights, as scikit-learn's class_weight (multiplied into the sample weights):
 * standardized wine with "balanced", and raw iris with { setosa: 1, versicolor: 2, virginica: 0.5 }.
 */
export function classWeightProblems(): MultinomialReferenceProblem[] {
  return [
    multinomialProblem(
      "wine standardized, class_weight=balanced, C=1",
      "wine K=3 balanced",
      standardized(loadWine()),
    ),
    multinomialProblem(
      "iris raw features, class_weight={setosa: 1, versicolor: 2, virginica: 0.5}, C=1",
      "iris K=3 weighted classes",
      loadIris(),
    ),
  ];
}

/** Every problem in reference-optima-multinomial.json. */
export function multinomialReferenceProblems(): MultinomialReferenceProblem[] {
  return [...irisMultinomialProblems(), ...wineProblems(), ...digitsProblems(), ...classWeightProblems()];
}
