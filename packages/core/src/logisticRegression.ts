import type { ObjectiveBackend } from "./backend.js";
import { DescentError, describeValue } from "./errors.js";
import { encodeLabels, type Label, normalizeSampleWeights } from "./labels.js";
import { checkBackendOption, checkLogisticProblemOn, logisticObjectiveOn } from "./logisticObjective.js";
import { type DesignMatrix, type MatrixInput, type StoredMatrix, toDesignMatrix } from "./matrix.js";
import {
  type AbortSignalLike,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  type Progress,
} from "./minimize.js";
import { minimizeAsync } from "./minimizeAsync.js";
import { checkMultinomialProblemOn, multinomialObjectiveOn } from "./multinomialObjective.js";
import { sigmoid } from "./numerics.js";
import type { Objective } from "./objective.js";
import type { AnyOptimizer, Optimizer } from "./optimizer.js";
import { checkOptionNames } from "./optionNames.js";
import { checkBooleanOption, checkNumberOption } from "./options.js";

export interface LogisticRegressionOptions {
  /** The optimizer plugin that fits the model, e.g. `newton()` from @descent/newton. */
  readonly optimizer: AnyOptimizer;
  /**
   * λ, the L2 strength (the intercepts are never penalized). Default 1/Σ weights (1/m without weights):
   * scikit-learn's C = 1, whose penalty is 1/C against the weighted sum of losses.
   */
  readonly l2?: number;
  /**
   * λ1, the L1 strength on the coefficients (never the intercepts): a sparse model, exact zeros included.
   * Default 0. With l1 > 0 and no l2, λ2 is 0 (scikit-learn's penalty="l1"); give both for an elastic net
   * (scikit-learn's l1_ratio r and C: λ1 = r/(C Σ weights), λ2 = (1 − r)/(C Σ weights)). Needs an optimizer
   * that handles L1 (lbfgs: OWL-QN, newton: proximal Newton, sgd, momentum: FISTA, adam); others are refused
   * (UNSUPPORTED_OBJECTIVE) before the first step.
   */
  readonly l1?: number;
  /**
   * Weights per class, multiplied into the sample weights, as scikit-learn's `class_weight`: "balanced"
   * gives class k the weight m / (K · count_k) (counts of y, not of the sample weights); an object maps a
   * label (its string form: "1", "true", "setosa") to a weight, and classes it leaves out weigh 1.
   */
  readonly classWeight?: ClassWeight;
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

/** scikit-learn's class_weight: "balanced", or a weight per label (keyed by the label's string form). */
export type ClassWeight = "balanced" | Readonly<Record<string, number>>;

export interface FitOptions {
  /** Non-negative weights, one per row, multiplied by the class weights. They are normalized to sum to m. */
  readonly sampleWeight?: ArrayLike<number>;
  readonly signal?: AbortSignalLike;
  readonly onProgress?: (progress: Progress) => void;
}

/** A fitted model as plain JSON: what `toJSON` writes and `fromJSON` reads. */
export interface LogisticRegressionJSON {
  readonly format: "descent.LogisticRegression";
  readonly version: 2;
  /** The K ≥ 2 classes, sorted. */
  readonly classes: readonly Label[];
  /** One row of n coefficients for two classes, K rows for K ≥ 3 (scikit-learn's coef_). */
  readonly coef: readonly (readonly number[])[];
  /** One intercept per row of coef (scikit-learn's intercept_). */
  readonly intercept: readonly number[];
  readonly fitIntercept: boolean;
  readonly l2: number;
  /** λ1 of an L1 (or elastic-net) model; absent for 0. */
  readonly l1?: number;
  readonly optimizer: {
    readonly name: string;
    readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  } | null;
}

/** Version 1 (binary only, descent 0.1): coef one flat row, intercept one number. Still read by fromJSON. */
export interface LogisticRegressionJSONVersion1 {
  readonly format: "descent.LogisticRegression";
  readonly version: 1;
  readonly classes: readonly [Label, Label];
  readonly coef: readonly number[];
  readonly intercept: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  readonly optimizer: LogisticRegressionJSON["optimizer"];
}

const FORMAT = "descent.LogisticRegression";

/** The options of fit (fitAsync adds yieldEvery). */
const FIT_OPTIONS = ["sampleWeight", "signal", "onProgress"];

/** What fit and fitAsync share: the objective to minimize, and what the model keeps of the fit. */
interface PreparedFit<L extends Label> {
  readonly objective: Objective;
  readonly optimizer: AnyOptimizer;
  readonly minimizeOptions: MinimizeOptions;
  readonly classes: readonly L[];
  readonly features: number;
  readonly K: number;
  readonly l2: number;
}

interface FittedParameters<L extends Label> {
  readonly classes: readonly L[];
  /** Row-major, rows × features: rows = 1 for two classes, K otherwise. */
  readonly coef: Float64Array;
  /** One per row of coef. */
  readonly intercept: Float64Array;
  readonly features: number;
  readonly l2: number;
}

/**
 * Logistic regression with a pluggable optimizer, shaped after scikit-learn's estimator: `fit(X, y)` then
 * `predictProba`, `predict`, `decisionFunction`, `score`. y may hold any K ≥ 2 labels. Two classes minimize
 * the binary loss (1/m) Σ c_i log(1 + exp(−s_i (x_i·w + b))) + (λ/2)‖w‖²; three or more the multinomial
 * one, (1/m) Σ c_i [logsumexp(W x_i + b) − (W x_i + b)_{y_i}] + (λ/2)‖W‖²_F (see multinomialObjective),
 * as scikit-learn's default. `backend` runs the passes of either loss (where a backend has no multinomial
 * objective, or declines, core's TypeScript reference runs).
 */
export class LogisticRegression<L extends Label = Label> {
  readonly optimizer: AnyOptimizer | null;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly batchSize: number | undefined;
  readonly seed: number;
  readonly backend: ObjectiveBackend | undefined;
  readonly classWeight: ClassWeight | undefined;
  private readonly requestedL2: number | undefined;
  /** λ1 (0 without L1). */
  readonly l1: number;
  private fitted: FittedParameters<L> | null = null;
  private lastResult: MinimizeResult | null = null;

  constructor(options: LogisticRegressionOptions) {
    if (options === null || typeof options !== "object" || !isOptimizer(options.optimizer)) {
      throw new DescentError(
        "INVALID_OPTION",
        "LogisticRegression needs an optimizer, e.g. new LogisticRegression({ optimizer: newton() }).",
      );
    }
    checkOptionNames("LogisticRegression", options, [
      "optimizer",
      "l2",
      "l1",
      "classWeight",
      "fitIntercept",
      "maxIter",
      "tol",
      "batchSize",
      "seed",
      "backend",
    ]);
    this.optimizer = options.optimizer;
    this.requestedL2 = options.l2 === undefined ? undefined : checkNumberOption("l2", options.l2, { min: 0 });
    this.l1 = checkNumberOption("l1", options.l1 ?? 0, { min: 0 });
    this.fitIntercept = checkBooleanOption("fitIntercept", options.fitIntercept ?? true);
    this.classWeight = checkClassWeight(options.classWeight);
    this.maxIter = checkNumberOption("maxIter", options.maxIter ?? 1000, { min: 0, integer: true });
    this.tol = checkNumberOption("tol", options.tol ?? 1e-4, { min: 0 });
    this.batchSize =
      options.batchSize === undefined
        ? undefined
        : checkNumberOption("batchSize", options.batchSize, { min: 1, integer: true });
    this.seed = checkNumberOption("seed", options.seed ?? 0, { integer: true });
    this.backend = checkBackendOption(options.backend);
  }

  /** Learns the coefficients and intercepts from X and y (K ≥ 2 distinct labels). Returns this model. */
  fit(X: MatrixInput | DesignMatrix, y: ArrayLike<L>, options: FitOptions = {}): this {
    checkOptionNames("fit", options, FIT_OPTIONS);
    const fit = this.prepareFit(X, y, options);
    let result: MinimizeResult;
    try {
      result = minimize(fit.objective, fit.optimizer, fit.minimizeOptions);
    } finally {
      // The objective ends with the fit: the workers may drop their hold on its copy of X now, rather than
      // whenever this thread's garbage collector and event loop get round to it.
      fit.objective.release?.();
    }
    return this.completeFit(fit, result);
  }

  /**
   * `fit`, handing the event loop back between steps at least every `yieldEvery` ms (default 16), so that
   * `signal: AbortSignal.timeout(ms)`, progress rendering and a page's events run during a long fit. The
   * steps, and so the model, are exactly fit's. Resolves to this model.
   */
  async fitAsync(
    X: MatrixInput | DesignMatrix,
    y: ArrayLike<L>,
    options: FitOptions & { readonly yieldEvery?: number } = {},
  ): Promise<this> {
    checkOptionNames("fitAsync", options, [...FIT_OPTIONS, "yieldEvery"]);
    const fit = this.prepareFit(X, y, options);
    let result: MinimizeResult;
    try {
      result = await minimizeAsync(fit.objective, fit.optimizer, {
        ...fit.minimizeOptions,
        ...(options.yieldEvery === undefined ? {} : { yieldEvery: options.yieldEvery }),
      });
    } finally {
      fit.objective.release?.();
    }
    return this.completeFit(fit, result);
  }

  /** Checks X, y and the options, and builds the objective that fit and fitAsync minimize. */
  private prepareFit(X: MatrixInput | DesignMatrix, y: ArrayLike<L>, options: FitOptions): PreparedFit<L> {
    const optimizer = this.optimizer;
    if (optimizer === null) {
      throw new DescentError(
        "INVALID_OPTION",
        "This model was loaded from JSON without an optimizer; construct a new LogisticRegression to fit.",
      );
    }
    const matrix = toDesignMatrix(X);
    if (y.length !== matrix.rows) {
      throw new DescentError("LENGTH_MISMATCH", `y has ${y.length} labels, but X has ${matrix.rows} rows.`);
    }
    const { classes, indices, targets } = encodeLabels(y);
    const weights = combinedWeights(classes, indices, this.classWeight, options.sampleWeight);
    // Checked here, so that a bad weight is refused as such before λ is derived from the weights' sum.
    if (weights !== undefined) normalizeSampleWeights(weights, matrix.rows);
    const totalWeight = weights === undefined ? matrix.rows : sumOf(weights);
    // scikit-learn's C = 1 by default; with an L1 penalty and no l2 given, a pure L1 model (penalty="l1").
    const l2 = this.requestedL2 ?? (this.l1 > 0 ? 0 : 1 / totalWeight);
    const l1 = this.l1;
    const K = classes.length;
    // X was checked just above; the problem (binary, or multinomial for K ≥ 3) is checked once, and the
    // backend trusts it.
    const objective =
      K === 2
        ? logisticObjectiveOn(
            checkLogisticProblemOn(matrix, {
              y: targets,
              l2,
              l1,
              fitIntercept: this.fitIntercept,
              ...(weights === undefined ? {} : { sampleWeight: weights }),
            }),
            this.backend,
          )
        : multinomialObjectiveOn(
            checkMultinomialProblemOn(matrix, {
              y: indices,
              classes: K,
              l2,
              l1,
              fitIntercept: this.fitIntercept,
              ...(weights === undefined ? {} : { sampleWeight: weights }),
            }),
            this.backend,
          );
    const minimizeOptions: MinimizeOptions = {
      maxIter: this.maxIter,
      tol: this.tol,
      seed: this.seed,
      ...(this.batchSize === undefined ? {} : { batchSize: this.batchSize }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    };
    return { objective, optimizer, minimizeOptions, classes, features: matrix.columns, K, l2 };
  }

  /** Keeps what a finished minimization found as the model's parameters. */
  private completeFit(fit: PreparedFit<L>, result: MinimizeResult): this {
    const { classes, features, K, l2 } = fit;
    const rows = K === 2 ? 1 : K;
    const intercept = new Float64Array(rows);
    if (this.fitIntercept) {
      intercept.set(result.theta.subarray(rows * features, rows * features + rows));
      // f does not change when all K intercepts shift together; report the centered ones (Σ_k b_k = 0),
      // where scikit-learn's lbfgs, started from b = 0, also keeps them.
      if (rows > 1) {
        const mean = sumOf(intercept) / rows;
        for (let k = 0; k < rows; k++) intercept[k] = intercept[k]! - mean;
      }
    }
    this.fitted = {
      classes,
      coef: result.theta.slice(0, rows * features),
      intercept,
      features,
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
    const { features } = this.parameters();
    const matrix = toDesignMatrix(X);
    if (matrix.columns !== features) {
      throw new DescentError(
        "FEATURE_COUNT_MISMATCH",
        `X has ${matrix.columns} features, but the model was fitted on ${features}.`,
        { value: matrix.columns },
      );
    }
    return matrix;
  }

  /**
   * The logits: for two classes x·w + b, one per row (as scikit-learn's decision_function); for K ≥ 3,
   * W x + b, K per row, row-major (the logit of class k for row i at i·K + k), like coef.
   */
  decisionFunction(X: MatrixInput | DesignMatrix): Float64Array {
    const { coef, intercept, features } = this.parameters();
    const matrix = this.checkedMatrix(X);
    const rows = intercept.length;
    const logits = new Float64Array(matrix.rows * rows);
    for (let k = 0; k < rows; k++) {
      // One row of coef at a time, as the w that dotRow reads from its first n entries.
      const w = coef.subarray(k * features, (k + 1) * features);
      for (let i = 0; i < matrix.rows; i++) {
        let logit = matrix.dotRow(i, w) + intercept[k]!;
        // Finite input whose products overflow to +∞ and −∞ sums to NaN: scaled, the sum has a sign.
        if (Number.isNaN(logit)) logit = scaledLogit(matrix, i, w, intercept[k]!);
        logits[i * rows + k] = logit;
      }
    }
    return logits;
  }

  /**
   * The probability of each class, one row of K per sample in `classes` order (scikit-learn's
   * predict_proba): for two classes [σ(−z), σ(z)], for K ≥ 3 softmax(W x + b), each row summing to 1.
   */
  predictProba(X: MatrixInput | DesignMatrix): Float64Array[] {
    const K = this.parameters().classes.length;
    const logits = this.decisionFunction(X);
    if (K === 2) return Array.from(logits, (z) => Float64Array.of(sigmoid(-z), sigmoid(z)));
    const rows: Float64Array[] = [];
    for (let i = 0; i < logits.length / K; i++) {
      const z = logits.subarray(i * K, (i + 1) * K);
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) max = Math.max(max, z[k]!);
      const row = new Float64Array(K);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        row[k] = Math.exp(z[k]! - max);
        sum += row[k]!;
      }
      for (let k = 0; k < K; k++) row[k] = row[k]! / sum;
      rows.push(row);
    }
    return rows;
  }

  /**
   * The predicted label of each row: for two classes classes[1] where the logit is positive, else the
   * class of the largest logit (the first on a tie), as scikit-learn.
   */
  predict(X: MatrixInput | DesignMatrix): L[] {
    const { classes } = this.parameters();
    const logits = this.decisionFunction(X);
    if (classes.length === 2) return Array.from(logits, (logit) => classes[logit > 0 ? 1 : 0]!);
    const K = classes.length;
    const predictions: L[] = [];
    for (let i = 0; i < logits.length / K; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (logits[i * K + k]! > logits[i * K + best]!) best = k;
      predictions.push(classes[best]!);
    }
    return predictions;
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
    // The same checks (and overflow-safe scaling) as a fit's weights: finite, ≥ 0, not all 0.
    const weights =
      sampleWeight === undefined ? undefined : normalizeSampleWeights(sampleWeight, y.length, "sampleWeight");
    let right = 0;
    for (let i = 0; i < predictions.length; i++) {
      if (predictions[i] === y[i]) right += weights === undefined ? 1 : weights[i]!;
    }
    return Math.min(right / predictions.length, 1);
  }

  /**
   * The coefficients as scikit-learn's coef_, row-major in one Float64Array (a copy): one row of n for two
   * classes (the weights of classes[1]'s logit, as today's binary models), K rows for K ≥ 3, so that
   * W_kj = coef[k·n + j] (`coefShape` gives [rows, n]).
   */
  get coef(): Float64Array {
    return this.parameters().coef.slice();
  }

  /** [rows, n] of coef: [1, n] for two classes, [K, n] for K ≥ 3 (scikit-learn's coef_.shape). */
  get coefShape(): readonly [rows: number, features: number] {
    const { intercept, features } = this.parameters();
    return [intercept.length, features];
  }

  /**
   * The intercepts as scikit-learn's intercept_ (a copy): one for two classes, K for K ≥ 3, centered to
   * sum to 0 (the multinomial loss does not see their common shift); zeros when fitIntercept is false.
   */
  get intercept(): Float64Array {
    return this.parameters().intercept.slice();
  }

  /** The K ≥ 2 classes, sorted as scikit-learn sorts them; for two, the second is the positive one. */
  /** The classes, sorted as scikit-learn sorts them (a copy: changing it changes nothing in the model). */
  get classes(): readonly L[] {
    return [...this.parameters().classes];
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
    const { classes, coef, intercept, features } = this.parameters();
    return {
      format: FORMAT,
      version: 2,
      classes,
      coef: Array.from(intercept, (_, k) => Array.from(coef.subarray(k * features, (k + 1) * features))),
      intercept: Array.from(intercept),
      fitIntercept: this.fitIntercept,
      l2: this.parameters().l2,
      ...(this.l1 > 0 ? { l1: this.l1 } : {}),
      optimizer:
        this.optimizer === null
          ? null
          : { name: this.optimizer.name, hyperparameters: { ...this.optimizer.hyperparameters } },
    };
  }

  /**
   * Restores a fitted model from `toJSON()` output (an object or its JSON text), validating every field;
   * reads version 2 and the binary models of version 1. The restored model predicts; to fit again,
   * construct a new one with an optimizer.
   */
  static fromJSON<L extends Label = Label>(json: unknown): LogisticRegression<L> {
    const data = parseModelJSON(json);
    const model = Object.create(LogisticRegression.prototype) as LogisticRegression<L>;
    Object.assign(model, {
      optimizer: null,
      requestedL2: data.l2,
      l1: data.l1 ?? 0,
      fitIntercept: data.fitIntercept,
      maxIter: 1000,
      tol: 1e-4,
      batchSize: undefined,
      seed: 0,
      backend: undefined,
      classWeight: undefined,
      lastResult: null,
      fitted: {
        classes: data.classes as readonly L[],
        coef: Float64Array.from(data.coef.flat()),
        intercept: Float64Array.from(data.intercept),
        features: data.coef[0]!.length,
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

function checkFiniteNumbers(values: unknown, what: string, row?: number): readonly number[] {
  if (!Array.isArray(values) || values.length === 0)
    throw malformed(`${what} must be a non-empty array of numbers`);
  for (let column = 0; column < values.length; column++) {
    const value: unknown = values[column];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DescentError(
        "INVALID_MODEL_JSON",
        `Not a descent LogisticRegression model: ${what}[${column}] is ${describeValue(value)}.`,
        { ...(row === undefined ? {} : { row }), column, value },
      );
    }
  }
  return values as number[];
}

function parseModelJSON(json: unknown): LogisticRegressionJSON {
  // An object goes through its JSON text too: read once (a getter cannot pass the checks and then return
  // something else), copied (nothing of the caller's is kept), and JSON's own data only.
  let text: string;
  if (typeof json === "string") {
    text = json;
  } else {
    try {
      text = JSON.stringify(json) ?? "null";
    } catch (error) {
      throw malformed(`it cannot be written as JSON (${(error as Error).message})`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw malformed(`the text is not JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw malformed("expected an object");
  const record = data as Record<string, unknown>;
  if (record.format !== FORMAT)
    throw malformed(`format is ${describeValue(record.format)}, expected "${FORMAT}"`);
  if (record.version !== 1 && record.version !== 2) {
    throw malformed(
      `version ${describeValue(record.version)} is not supported (this reads versions 1 and 2)`,
    );
  }
  const { classes, fitIntercept, l2 } = record;
  if (!Array.isArray(classes) || classes.length < 2) throw malformed("classes must hold two labels or more");
  const labelType = typeof classes[0];
  if (
    !["number", "string", "boolean"].includes(labelType) ||
    classes.some((label) => typeof label === "number" && !Number.isFinite(label)) ||
    classes.some((label) => typeof label !== labelType) ||
    new Set(classes).size !== classes.length
  ) {
    throw malformed("classes must be distinct labels of one type (number, string or boolean)");
  }
  let coef: readonly (readonly number[])[];
  let intercept: readonly number[];
  if (record.version === 1) {
    // Version 1: binary only, coef one flat row and intercept a number.
    if (classes.length !== 2) throw malformed("a version 1 model holds exactly two labels");
    coef = [checkFiniteNumbers(record.coef, "coef")];
    if (typeof record.intercept !== "number" || !Number.isFinite(record.intercept))
      throw malformed(`intercept is ${describeValue(record.intercept)}`);
    intercept = [record.intercept];
  } else {
    const rows = classes.length === 2 ? 1 : classes.length;
    if (!Array.isArray(record.coef) || record.coef.length !== rows) {
      throw malformed(`coef must hold ${rows} row${rows === 1 ? "" : "s"} for ${classes.length} classes`);
    }
    coef = record.coef.map((row: unknown, k: number) => checkFiniteNumbers(row, `coef[${k}]`, k));
    if (coef.some((row) => row.length !== coef[0]!.length))
      throw malformed("coef rows must share one length");
    intercept = checkFiniteNumbers(record.intercept, "intercept");
    if (intercept.length !== rows)
      throw malformed(`intercept must hold ${rows} numbers, one per row of coef`);
  }
  if (typeof fitIntercept !== "boolean") throw malformed("fitIntercept must be true or false");
  if (typeof l2 !== "number" || !Number.isFinite(l2) || l2 < 0) throw malformed(`l2 is ${describeValue(l2)}`);
  const l1 = record.l1;
  if (l1 !== undefined && (typeof l1 !== "number" || !Number.isFinite(l1) || l1 < 0)) {
    throw malformed(`l1 is ${describeValue(l1)}`);
  }
  return {
    format: FORMAT,
    version: 2,
    classes: classes as Label[],
    coef,
    intercept,
    fitIntercept,
    l2,
    ...(l1 === undefined ? {} : { l1 }),
    optimizer: null,
  };
}

function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

function checkClassWeight(classWeight: unknown): ClassWeight | undefined {
  if (classWeight === undefined || classWeight === "balanced") return classWeight;
  if (classWeight === null || typeof classWeight !== "object" || Array.isArray(classWeight)) {
    throw new DescentError(
      "INVALID_OPTION",
      `classWeight must be "balanced" or an object of weights per label, got ${describeValue(classWeight)}.`,
      { value: classWeight },
    );
  }
  for (const [label, weight] of Object.entries(classWeight)) {
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw new DescentError(
        "INVALID_OPTION",
        `classWeight[${JSON.stringify(label)}] must be a finite number ≥ 0, got ${describeValue(weight)}.`,
        { value: weight },
      );
    }
  }
  return classWeight as ClassWeight;
}

/**
 * The weight of each row: the sample weight (1 if none) times its class's weight, as scikit-learn's
 * class_weight; undefined when neither is given. "balanced" weighs class k by m / (K · count_k).
 */
function combinedWeights<L extends Label>(
  classes: readonly L[],
  indices: Int32Array,
  classWeight: ClassWeight | undefined,
  sampleWeight: ArrayLike<number> | undefined,
): ArrayLike<number> | undefined {
  if (classWeight === undefined) return sampleWeight;
  const m = indices.length;
  const K = classes.length;
  const perClass = new Float64Array(K).fill(1);
  if (classWeight === "balanced") {
    const counts = new Float64Array(K);
    for (let i = 0; i < m; i++) counts[indices[i]!]! += 1;
    for (let k = 0; k < K; k++) perClass[k] = m / (K * counts[k]!);
  } else {
    const known = new Set(classes.map(String));
    for (const [label, weight] of Object.entries(classWeight)) {
      if (!known.has(label)) {
        throw new DescentError(
          "INVALID_OPTION",
          `classWeight names the class ${JSON.stringify(label)}, which is not in y (classes: ${classes.map((c) => JSON.stringify(String(c))).join(", ")}).`,
          { value: label },
        );
      }
      perClass[classes.findIndex((c) => String(c) === label)] = weight;
    }
  }
  if (sampleWeight !== undefined && sampleWeight.length !== m) {
    throw new DescentError(
      "LENGTH_MISMATCH",
      `sampleWeight has ${sampleWeight.length} entries, but X has ${m} rows.`,
    );
  }
  const weights = new Array<number>(m);
  // A bad sample weight is left for normalizeSampleWeights to refuse with its row.
  for (let i = 0; i < m; i++) {
    weights[i] = (sampleWeight === undefined ? 1 : (sampleWeight[i] as number)) * perClass[indices[i]!]!;
  }
  return weights;
}

/**
 * x_i · w + b where the plain sum is NaN (finite products overflowing to +∞ and −∞): each factor scaled by
 * 2^−600 first, so that no product overflows, then the sum scaled back. The result is ±∞ or finite with the
 * sum's true sign; terms below about 1e38, which underflow in the scaled sum, are negligible beside the
 * overflowing ones (whose own rounding is larger).
 */
function scaledLogit(matrix: StoredMatrix, row: number, w: Float64Array, intercept: number): number {
  const down = 2 ** -600;
  let sum = 0;
  if (matrix.kind === "dense") {
    const { data, columns } = matrix;
    const offset = row * columns;
    for (let j = 0; j < columns; j++) sum += data[offset + j]! * down * (w[j]! * down);
  } else {
    const { indptr, indices, values } = matrix;
    for (let k = indptr[row]!; k < indptr[row + 1]!; k++) sum += values[k]! * down * (w[indices[k]!]! * down);
  }
  return sum * 2 ** 600 * 2 ** 600 + intercept;
}
