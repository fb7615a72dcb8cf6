import { createRandomState, nextUniform } from "@descent/core";
import { multinomialReferenceProblems } from "@descent/datasets";
import { GaussianStream } from "./gaussian.js";
import { compact, type Problem, type Split, seededSplit } from "./problems.js";

/**
 * The multiclass problems (K ≥ 3 classes, the multinomial loss). Their ids all begin with "multiclass-",
 * so `pnpm bench --only multiclass` selects them and no binary problem's fragment ("dense-100000") does.
 */
export type MulticlassSpec =
  /**
   * An embedded multinomial data set (@descent/datasets' multinomialReferenceProblems()), split by a seeded
   * shuffle, with λ = 1/m on the training rows: scikit-learn's C = 1 problem on what it is fitted on.
   */
  | {
      readonly kind: "multiclass-reference";
      /** The reference problem's name, as in reference-optima-multinomial.json. */
      readonly reference: string;
      readonly testFraction: number;
      readonly seed: number;
    }
  /** Gaussian features, labels drawn from a random softmax model; λ = 1/m. */
  | {
      readonly kind: "multiclass-dense";
      readonly rows: number;
      readonly columns: number;
      readonly classes: number;
      readonly testRows: number;
      readonly seed: number;
    };

/**
 * The standard deviation of each true logit w_k·x (unit-variance features): with 10 classes, the most
 * likely class has probability about 0.55 on average, so the optimum's accuracy is far from both chance
 * (0.1) and 1, and the classes overlap enough that the optimum is finite and well inside its basin.
 */
const LOGIT_SCALE = 2;
/** The spread of the true intercepts: mildly unequal class sizes, so the intercepts matter. */
const INTERCEPT_SCALE = 0.25;

/** The first word of a reference name, short: "digits". */
function referenceWord(name: string): string {
  return name.split(/[ ,]/)[0]!;
}

export function multiclassProblemId(spec: MulticlassSpec): string {
  switch (spec.kind) {
    case "multiclass-reference": {
      const classes = multiclassReference(spec.reference).classes.length;
      return `multiclass-${referenceWord(spec.reference)}-k${classes}`;
    }
    case "multiclass-dense":
      return `multiclass-${spec.rows}x${spec.columns}-k${spec.classes}`;
  }
}

export function multiclassProblemLabel(spec: MulticlassSpec): string {
  switch (spec.kind) {
    case "multiclass-reference": {
      const classes = multiclassReference(spec.reference).classes.length;
      return `${referenceWord(spec.reference)} ${classes} classes`;
    }
    case "multiclass-dense":
      return `multiclass ${compact(spec.rows)}×${compact(spec.columns)}, ${spec.classes} classes`;
  }
}

function multiclassReference(name: string) {
  const reference = multinomialReferenceProblems().find((candidate) => candidate.name === name);
  if (reference === undefined) throw new Error(`No multinomial reference problem named "${name}".`);
  return reference;
}

/** Builds the problem a spec describes: deterministic, to the last bit, for a given spec. */
export function buildMulticlassProblem(spec: MulticlassSpec): Problem {
  return spec.kind === "multiclass-reference" ? buildReference(spec) : buildDense(spec);
}

function buildReference(spec: Extract<MulticlassSpec, { kind: "multiclass-reference" }>): Problem {
  const reference = multiclassReference(spec.reference);
  if (reference.sampleWeight !== null) {
    throw new Error(`"${spec.reference}" has class weights; the bench's problems are unweighted.`);
  }
  const split = seededSplit(reference.X, reference.y, spec.testFraction, spec.seed);
  return {
    id: multiclassProblemId(spec),
    label: multiclassProblemLabel(spec),
    spec,
    classes: reference.classes.length,
    l2: 1 / split.train.y.length,
    ...split,
  };
}

function buildDense(spec: Extract<MulticlassSpec, { kind: "multiclass-dense" }>): Problem {
  const { columns: n, classes: K } = spec;
  if (!(Number.isInteger(K) && K >= 3)) throw new Error(`A multiclass problem needs K ≥ 3, got ${K}.`);
  const random = createRandomState(spec.seed);
  const gaussian = new GaussianStream(random);
  // W row-major (K × n), then b: the true model.
  const wTrue = new Float64Array(K * n);
  for (let j = 0; j < wTrue.length; j++) wTrue[j] = (gaussian.next() * LOGIT_SCALE) / Math.sqrt(n);
  const bTrue = Float64Array.from({ length: K }, () => gaussian.next() * INTERCEPT_SCALE);
  const logits = new Float64Array(K);
  const draw = (rows: number): Split => {
    const data = new Float64Array(rows * n);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) data[row + j] = gaussian.next();
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        let z = bTrue[k]!;
        for (let j = 0; j < n; j++) z += wTrue[k * n + j]! * data[row + j]!;
        logits[k] = z;
        if (z > largest) largest = z;
      }
      // A draw from softmax(z): the first class whose running sum of e^{z_k − z_max} passes u · Σ.
      let total = 0;
      for (let k = 0; k < K; k++) {
        logits[k] = Math.exp(logits[k]! - largest);
        total += logits[k]!;
      }
      const threshold = nextUniform(random) * total;
      let label = K - 1;
      let running = 0;
      for (let k = 0; k < K - 1; k++) {
        running += logits[k]!;
        if (threshold < running) {
          label = k;
          break;
        }
      }
      y[i] = label;
    }
    return { X: { kind: "dense", data, shape: [rows, n] }, y };
  };
  const train = draw(spec.rows);
  const test = draw(spec.testRows);
  return {
    id: multiclassProblemId(spec),
    label: multiclassProblemLabel(spec),
    spec,
    classes: K,
    l2: 1 / spec.rows,
    train,
    test,
  };
}
