import { type AnyOptimizer, LogisticRegression, type ObjectiveBackend } from "@descent/core";
import { loadBreastCancer, standardized } from "@descent/datasets";

/**
 * The whole-process program's body: what a user's script does, start to finish. It loads the embedded
 * breast-cancer data, standardizes it, fits with `optimizer` at its defaults and LogisticRegression's (λ =
 * 1/m, tol = 1e-4, as scikit-learn's C = 1) on `backend` (undefined: core's TypeScript reference), and
 * prints the model. Each program in this folder imports its optimizer (and backend) statically, as a
 * user's script would, so that Node loads each module once, with no dynamic import; the bench times them
 * end to end against the same in Python with scikit-learn (python/process_fit.py).
 */
export function fitAndPrint(
  name: string,
  optimizer: AnyOptimizer,
  backend: ObjectiveBackend | undefined,
): void {
  const data = standardized(loadBreastCancer());
  const X = { data: data.data, shape: data.shape };
  const model = new LogisticRegression({ optimizer, ...(backend ? { backend } : {}) }).fit(X, data.labels);
  process.stdout.write(
    `${JSON.stringify({
      optimizer: name,
      backend: backend === undefined ? "typescript" : "kernels",
      classes: model.classes,
      intercept: model.intercept,
      coef: Array.from(model.coef),
      trainingAccuracy: model.score(X, data.labels),
      iterations: model.result?.iterations,
    })}\n`,
  );
}
