import { type AnyOptimizer, LogisticRegression } from "@descent/core";
import { loadBreastCancer, standardized } from "@descent/datasets";
import { kernels } from "@descent/kernels";

/**
 * The whole-process program: what a user's script does, start to finish. Node starts, loads descent and
 * the embedded breast-cancer data, standardizes it, fits with the optimizer package named in argv[2]
 * (its defaults, and LogisticRegression's: λ = 1/m, tol = 1e-4, as scikit-learn's C = 1), and prints the
 * model. The bench times this end to end, against the same in Python with scikit-learn
 * (python/process_fit.py).
 */
const name = process.argv[2] ?? "newton";
const plugin = (await import(`@descent/${name}`)) as Record<string, unknown>;
const factory = plugin[name] as () => AnyOptimizer;
const data = standardized(loadBreastCancer());
const X = { data: data.data, shape: data.shape };
const model = new LogisticRegression({ optimizer: factory(), backend: kernels() }).fit(X, data.labels);
process.stdout.write(
  `${JSON.stringify({
    optimizer: name,
    classes: model.classes,
    intercept: model.intercept,
    coef: Array.from(model.coef),
    trainingAccuracy: model.score(X, data.labels),
    iterations: model.result?.iterations,
  })}\n`,
);
