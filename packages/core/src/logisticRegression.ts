import type { ObjectiveBackend } from "./backend.js";
import { DescentError, describeValue } from "./errors.js";
import { encodeLabels, type Label } from "./labels.js";
import { checkBackendOption, checkLogisticProblemOn, logisticObjectiveOn } from "./logisticObjective.js";
import { type DesignMatrix, type MatrixInput, type StoredMatrix, toDesignMatrix } from "./matrix.js";
import { type AbortSignalLike, type MinimizeResult, minimize, type Progress } from "./minimize.js";
import { sigmoid } from "./numerics.js";
import type { AnyOptimizer, Optimizer } from "./optimizer.js";
import { checkBooleanOption, checkNumberOption } from "./options.js";

export interface LogisticRegressionOptions {
  /** The optimizer plugin that fits the model, e.g. `newton()` from @descent/newton. */
  readonly optimizer: AnyOptimizer;
  /** λ, the L2 strength (the intercept is never penalized). Default 1/m, scikit-learn's C = 1. */
  readonly l2?: number;
  /** Whether to learn an intercept. Default true. */
  readonly fitIntercept?: boolean;
  /** The most optimizer steps. Default 1000. */
  readonly maxIter?: number;
  /** Stop when the gradient's ∞-norm is at most this. Default 1e-4, as scikit-learn. */
  readonly tol?: number;
  /** Rows per minibatch; default: full batch. */
  readonly batchSize?: number;
  /** Seeds minibatch shuffling. Default 0. */
  readonly seed?: number;
  /**
   * Where the objective's passes over the data run, e.g. `kernels()` from @descent/kernels (WebAssembly SIMD
   * and threads). Default: core's TypeScript reference.
   */
  readonly backend?: ObjectiveBackend;
}

export interface FitOptions {
  /** Non-negative weights, one per row. They are normalized to sum to m. */
  readonly sampleWeight?: ArrayLike<number>;
  readonly signal?: AbortSignalLike;
  readonly onProgress?: (progress: Progress) => void;
}

/** A fitted model as plain JSON: what `toJSON` writes and `fromJSON` reads. */
export interface LogisticRegressionJSON {
  readonly format: "descent.LogisticRegression";
  readonly version: 1;
  readonly classes: readonly [Label, Label];
  readonly coef: readonly number[];
  readonly intercept: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  readonly optimizer: {
    readonly name: string;
    readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  } | null;
}

const FORMAT = "descent.LogisticRegression";

interface FittedParameters<L extends Label> {
  readonly classes: readonly [L, L];
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly l2: number;
}

/**
 * Binary logistic regression with a pluggable optimizer, shaped after scikit-learn's estimator:
 * `fit(X, y)` then `predictProba`, `predict`, `decisionFunction`, `score`. It minimizes
 * (1/m) Σ c_i log(1 + exp(−s_i (x_i·w + b))) + (λ/2)‖w‖².
 */
export class LogisticRegression<L extends Label = Label> {
  readonly optimizer: AnyOptimizer | null;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize: number | undefined;
  readonly seed: number;
  readonly backend: ObjectiveBackend | undefined;
  private readonly requestedL2: number | undefined;
  private fitted: FittedParameters<L> | null = null;
  private lastResult: MinimizeResult | null = null;

  constructor(options: LogisticRegressionOptions) {
    if (options === null || typeof options !== "object" || !isOptimizer(options.optimizer)) {
      throw new DescentError(
        "INVALID_OPTION",
        "LogisticRegression needs an optimizer, e.g. new LogisticRegression({ optimizer: newton() }).",
      );
    }
    this.optimizer = options.optimizer;
    this.requestedL2 = options.l2 === undefined ? undefined : checkNumberOption("l2", options.l2, { min: 0 });
    this.fitIntercept = checkBooleanOption("fitIntercept", options.fitIntercept ?? true);
    this.maxIter = checkNumberOption("maxIter", options.maxIter ?? 1000, { min: 0, integer: true });
    this.tol = checkNumberOption("tol", options.tol ?? 1e-4, { min: 0 });
    this.batchSize =
      options.batchSize === undefined
        ? undefined
        : checkNumberOption("batchSize", options.batchSize, { min: 1, integer: true });
    this.seed = checkNumberOption("seed", options.seed ?? 0, { integer: true });
    this.backend = checkBackendOption(options.backend);
  }

  /** Learns w and b from X and y (any two distinct labels). Returns this model. */
  fit(X: MatrixInput | DesignMatrix, y: ArrayLike<L>, options: FitOptions = {}): this {
    if (this.optimizer === null) {
      throw new DescentError(
        "INVALID_OPTION",
        "This model was loaded from JSON without an optimizer; construct a new LogisticRegression to fit.",
      );
    }
    const matrix = toDesignMatrix(X);
    if (y.length !== matrix.rows) {
      throw new DescentError("LENGTH_MISMATCH", `y has ${y.length} labels, but X has ${matrix.rows} rows.`);
    }
    const { classes, targets } = encodeLabels(y);
    const l2 = this.requestedL2 ?? 1 / matrix.rows;
    // X was checked just above; the problem is checked once, and the backend trusts it.
    const problem = checkLogisticProblemOn(matrix, {
      y: targets,
      l2,
      fitIntercept: this.fitIntercept,
      ...(options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }),
    });
    const objective = logisticObjectiveOn(problem, this.backend);
    let result: MinimizeResult;
    try {
      result = minimize(objective, this.optimizer, {
        maxIter: this.maxIter,
        tol: this.tol,
        seed: this.seed,
        ...(this.batchSize === undefined ? {} : { batchSize: this.batchSize }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
    } finally {
      // The objective ends with the fit: the workers may drop their hold on its copy of X now, rather than
      // whenever this thread's garbage collector and event loop get round to it.
      objective.release?.();
    }
    const features = matrix.columns;
    this.fitted = {
      classes,
      coef: result.theta.slice(0, features),
      intercept: this.fitIntercept ? result.theta[features]! : 0,
      l2,
    };
    this.lastResult = result;
    return this;
  }

  private parameters(): FittedParameters<L> {
    if (this.fitted === null) {
      throw new DescentError(
        "NOT_FITTED",
        "This LogisticRegression is not fitted yet: call fit(X, y) first.",
      );
    }
    return this.fitted;
  }

  private checkedMatrix(X: MatrixInput | DesignMatrix): StoredMatrix {
    const { coef } = this.parameters();
    const matrix = toDesignMatrix(X);
    if (matrix.columns !== coef.length) {
      throw new DescentError(
        "FEATURE_COUNT_MISMATCH",
        `X has ${matrix.columns} features, but the model was fitted on ${coef.length}.`,
        { value: matrix.columns },
      );
    }
    return matrix;
  }

  /** The logits x·w + b, one per row. */
  decisionFunction(X: MatrixInput | DesignMatrix): Float64Array {
    const { coef, intercept } = this.parameters();
    const matrix = this.checkedMatrix(X);
    const logits = new Float64Array(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) logits[i] = matrix.dotRow(i, coef) + intercept;
    return logits;
  }

  /** P(y = classes[1] | x), one per row. */
  predictProba(X: MatrixInput | DesignMatrix): Float64Array {
    const probabilities = this.decisionFunction(X);
    for (let i = 0; i < probabilities.length; i++) probabilities[i] = sigmoid(probabilities[i]!);
    return probabilities;
  }

  /** The predicted label of each row: classes[1] where the logit is positive, as scikit-learn. */
  predict(X: MatrixInput | DesignMatrix): L[] {
    const [negative, positive] = this.parameters().classes;
    return Array.from(this.decisionFunction(X), (logit) => (logit > 0 ? positive : negative));
  }

  /** Accuracy on X and y: the (optionally weighted) fraction of rows predicted right. */
  score(X: MatrixInput | DesignMatrix, y: ArrayLike<L>, sampleWeight?: ArrayLike<number>): number {
    const predictions = this.predict(X);
    if (y.length !== predictions.length) {
      throw new DescentError(
        "LENGTH_MISMATCH",
        `y has ${y.length} labels, but X has ${predictions.length} rows.`,
      );
    }
    if (sampleWeight !== undefined && sampleWeight.length !== y.length) {
      throw new DescentError(
        "LENGTH_MISMATCH",
        `sampleWeight has ${sampleWeight.length} entries, but y has ${y.length}.`,
      );
    }
    let right = 0;
    let total = 0;
    for (let i = 0; i < predictions.length; i++) {
      const weight = sampleWeight === undefined ? 1 : sampleWeight[i]!;
      if (predictions[i] === y[i]) right += weight;
      total += weight;
    }
    return right / total;
  }

  /** The coefficients w, one per feature (a copy). */
  get coef(): Float64Array {
    return this.parameters().coef.slice();
  }

  /** The intercept b (0 when fitIntercept is false). */
  get intercept(): number {
    return this.parameters().intercept;
  }

  /** The two classes, sorted; the second is the positive one. */
  get classes(): readonly [L, L] {
    return this.parameters().classes;
  }

  /** The λ the model was fitted with. */
  get l2(): number {
    return this.parameters().l2;
  }

  /** How the last fit went: iterations, evaluations, whether and why it stopped. Null after fromJSON. */
  get result(): MinimizeResult | null {
    this.parameters();
    return this.lastResult;
  }

  toJSON(): LogisticRegressionJSON {
    const { classes, coef, intercept, l2 } = this.parameters();
    return {
      format: FORMAT,
      version: 1,
      classes,
      coef: Array.from(coef),
      intercept,
      fitIntercept: this.fitIntercept,
      l2,
      optimizer:
        this.optimizer === null
          ? null
          : { name: this.optimizer.name, hyperparameters: { ...this.optimizer.hyperparameters } },
    };
  }

  /**
   * Restores a fitted model from `toJSON()` output (an object or its JSON text), validating every field.
   * The restored model predicts; to fit again, construct a new one with an optimizer.
   */
  static fromJSON<L extends Label = Label>(json: unknown): LogisticRegression<L> {
    const data = parseModelJSON(json);
    const model = Object.create(LogisticRegression.prototype) as LogisticRegression<L>;
    Object.assign(model, {
      optimizer: null,
      requestedL2: data.l2,
      fitIntercept: data.fitIntercept,
      maxIter: 1000,
      tol: 1e-4,
      batchSize: undefined,
      seed: 0,
      backend: undefined,
      lastResult: null,
      fitted: {
        classes: data.classes as unknown as readonly [L, L],
        coef: Float64Array.from(data.coef),
        intercept: data.intercept,
        l2: data.l2,
      },
    });
    return model;
  }
}

function isOptimizer(value: unknown): value is AnyOptimizer {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as Optimizer).name === "string" &&
    typeof (value as Optimizer).init === "function" &&
    typeof (value as Optimizer).step === "function"
  );
}

function malformed(detail: string): DescentError {
  return new DescentError("INVALID_MODEL_JSON", `Not a descent LogisticRegression model: ${detail}.`);
}

function parseModelJSON(json: unknown): LogisticRegressionJSON {
  let data: unknown = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw malformed(`the text is not JSON (${(error as Error).message})`);
    }
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw malformed("expected an object");
  const record = data as Record<string, unknown>;
  if (record.format !== FORMAT)
    throw malformed(`format is ${describeValue(record.format)}, expected "${FORMAT}"`);
  if (record.version !== 1)
    throw malformed(`version ${describeValue(record.version)} is not supported (this reads version 1)`);
  const { classes, coef, intercept, fitIntercept, l2 } = record;
  if (!Array.isArray(classes) || classes.length !== 2)
    throw malformed("classes must hold exactly two labels");
  const [negative, positive] = classes as unknown[];
  const labelType = typeof negative;
  if (
    !["number", "string", "boolean"].includes(labelType) ||
    typeof positive !== labelType ||
    negative === positive
  ) {
    throw malformed("classes must be two distinct labels of one type (number, string or boolean)");
  }
  if (!Array.isArray(coef) || coef.length === 0) throw malformed("coef must be a non-empty array of numbers");
  for (let column = 0; column < coef.length; column++) {
    const value: unknown = coef[column];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DescentError(
        "INVALID_MODEL_JSON",
        `Not a descent LogisticRegression model: coef[${column}] is ${describeValue(value)}.`,
        { column, value },
      );
    }
  }
  if (typeof intercept !== "number" || !Number.isFinite(intercept))
    throw malformed(`intercept is ${describeValue(intercept)}`);
  if (typeof fitIntercept !== "boolean") throw malformed("fitIntercept must be true or false");
  if (typeof l2 !== "number" || !Number.isFinite(l2) || l2 < 0) throw malformed(`l2 is ${describeValue(l2)}`);
  return data as LogisticRegressionJSON;
}
