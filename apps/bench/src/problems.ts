import { createRandomState, nextUniform, shuffleInPlace, sigmoid } from "@descent/core";
import { referenceProblems } from "@descent/datasets";
import { GaussianStream } from "./gaussian.js";
import { buildDigitsBinary, type DigitsBinarySpec } from "./l1/l1Data.js";
import {
  buildMulticlassProblem,
  type MulticlassSpec,
  multiclassProblemId,
  multiclassProblemLabel,
} from "./multiclassProblems.js";

/**
 * What a problem is made from. Two problems with equal specs are equal to the last bit, so a spec keys
 * the cache of generated data and of f*.
 */
export type ProblemSpec =
  /** An embedded real data set (@descent/datasets' referenceProblems()), split by a seeded shuffle. */
  | {
      readonly kind: "reference";
      /** The reference problem's name, as in reference-optima.json. */
      readonly reference: string;
      readonly testFraction: number;
      readonly seed: number;
    }
  /** Gaussian features, labels drawn from a logistic model. */
  | {
      readonly kind: "dense";
      readonly rows: number;
      readonly columns: number;
      readonly testRows: number;
      readonly seed: number;
      /**
       * Only the first `informative` true coefficients are non-zero (the L1 problems: a sparse truth for the
       * penalty to find); absent, every one is.
       */
      readonly informative?: number;
    }
  /** CSR rows with `nonZerosPerRow` Gaussian entries at distinct uniform columns, labels as above. */
  | {
      readonly kind: "sparse";
      readonly rows: number;
      readonly columns: number;
      readonly nonZerosPerRow: number;
      readonly testRows: number;
      readonly seed: number;
    }
  /** Digits (8 × 8 pixels / 16), binary: digit ≥ 5 against < 5 (see l1/l1Data.ts). */
  | DigitsBinarySpec
  /** K ≥ 3 classes, the multinomial loss: see multiclassProblems.ts. */
  | MulticlassSpec;

export interface DenseFeatures {
  readonly kind: "dense";
  readonly data: Float64Array;
  readonly shape: readonly [rows: number, columns: number];
}

export interface CsrFeatures {
  readonly kind: "csr";
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly shape: readonly [rows: number, columns: number];
}

/** Features in one of the layouts @descent/core accepts as they are (no copy). */
export type Features = DenseFeatures | CsrFeatures;

export interface Split {
  readonly X: Features;
  /** 0/1 targets; on a multiclass problem, class indices 0 … K − 1. */
  readonly y: Float64Array;
}

export interface Problem {
  /** A file-name-safe key: "dense-100000x100". */
  readonly id: string;
  /** For people: "dense 100k×100". */
  readonly label: string;
  readonly spec: ProblemSpec;
  /** λ: the reference problem's own, or 1/m for the synthetic ones. */
  readonly l2: number;
  /** K, on a multiclass problem (the multinomial loss); absent on a binary one. */
  readonly classes?: number;
  readonly train: Split;
  readonly test: Split;
}

/**
 * The scale of the true coefficients: with unit-variance features, the true logit x·w has standard
 * deviation LOGIT_SCALE, so the classes overlap (a Bayes error near 20 %) and the optimum is finite.
 */
const LOGIT_SCALE = 2;
/** The true intercept: a mild class imbalance, so the intercept matters. */
const TRUE_INTERCEPT = 0.25;

export function compact(count: number): string {
  if (count >= 1e6 && count % 1e6 === 0) return `${count / 1e6}M`;
  if (count >= 1e3 && count % 1e3 === 0) return `${count / 1e3}k`;
  return String(count);
}

function referenceSlug(name: string): string {
  const lambda = /lambda=([0-9.e-]+)/.exec(name)?.[1] ?? "?";
  return `${name.split(/[ ,]/)[0]}-l2=${lambda}`;
}

/** A key for file names and result lookups. */
export function problemId(spec: ProblemSpec): string {
  switch (spec.kind) {
    case "reference":
      return referenceSlug(spec.reference);
    case "dense":
      return `dense-${spec.rows}x${spec.columns}${spec.informative === undefined ? "" : `-informative${spec.informative}`}`;
    case "sparse":
      return `sparse-${spec.rows}x${spec.columns}-nnz${spec.nonZerosPerRow}`;
    case "digits-binary":
      return "digits-binary";
    default:
      return multiclassProblemId(spec);
  }
}

/** A name for tables and plots. */
export function problemLabel(spec: ProblemSpec): string {
  switch (spec.kind) {
    case "reference": {
      const lambda = /lambda=([0-9.e-]+)/.exec(spec.reference)?.[1] ?? "?";
      return `${spec.reference.split(/[ ,]/)[0]} λ=${lambda}`;
    }
    case "dense":
      return `dense ${compact(spec.rows)}×${compact(spec.columns)}${spec.informative === undefined ? "" : ` (${spec.informative} informative)`}`;
    case "sparse":
      return `sparse ${compact(spec.rows)}×${compact(spec.columns)} (${spec.nonZerosPerRow} nnz/row)`;
    case "digits-binary":
      return "digits ≥5 vs <5";
    default:
      return multiclassProblemLabel(spec);
  }
}

/** Builds the problem a spec describes: deterministic, to the last bit, for a given spec. */
export function buildProblem(spec: ProblemSpec): Problem {
  switch (spec.kind) {
    case "reference":
      return buildReference(spec);
    case "dense":
      return buildDense(spec);
    case "sparse":
      return buildSparse(spec);
    case "digits-binary":
      return buildDigitsBinary(spec, problemId(spec), problemLabel(spec));
    default:
      return buildMulticlassProblem(spec);
  }
}

function buildReference(spec: Extract<ProblemSpec, { kind: "reference" }>): Problem {
  const reference = referenceProblems().find((candidate) => candidate.name === spec.reference);
  if (reference === undefined) throw new Error(`No reference problem named "${spec.reference}".`);
  return {
    id: problemId(spec),
    label: problemLabel(spec),
    spec,
    l2: reference.l2,
    ...seededSplit(reference.X, reference.y, spec.testFraction, spec.seed),
  };
}

/**
 * Splits dense rows by a seeded shuffle: the first `testFraction` of the shuffled rows are held out, the
 * rest train. The same seed gives the same split, to the last bit.
 */
export function seededSplit(
  X: { readonly data: Float64Array; readonly shape: readonly [number, number] },
  y: ArrayLike<number>,
  testFraction: number,
  seed: number,
): { train: Split; test: Split } {
  const [rows, columns] = X.shape;
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  shuffleInPlace(order, createRandomState(seed));
  const testRows = Math.round(rows * testFraction);
  const pick = (from: number, to: number): Split => {
    const count = to - from;
    const data = new Float64Array(count * columns);
    const targets = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const row = order[from + k]!;
      data.set(X.data.subarray(row * columns, (row + 1) * columns), k * columns);
      targets[k] = y[row]!;
    }
    return { X: { kind: "dense", data, shape: [count, columns] }, y: targets };
  };
  return { test: pick(0, testRows), train: pick(testRows, rows) };
}

function trueCoefficients(gaussian: GaussianStream, count: number, activePerRow: number): Float64Array {
  const w = new Float64Array(count);
  const scale = LOGIT_SCALE / Math.sqrt(activePerRow);
  for (let j = 0; j < count; j++) w[j] = gaussian.next() * scale;
  return w;
}

function buildDense(spec: Extract<ProblemSpec, { kind: "dense" }>): Problem {
  const random = createRandomState(spec.seed);
  const gaussian = new GaussianStream(random);
  const n = spec.columns;
  const informative = spec.informative ?? n;
  const wTrue = trueCoefficients(gaussian, n, informative);
  // Drawn for every column and then cut, so a spec without `informative` keeps its old stream.
  wTrue.fill(0, informative);
  const draw = (rows: number): Split => {
    const data = new Float64Array(rows * n);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let logit = TRUE_INTERCEPT;
      for (let j = 0; j < n; j++) {
        const x = gaussian.next();
        data[i * n + j] = x;
        logit += x * wTrue[j]!;
      }
      y[i] = nextUniform(random) < sigmoid(logit) ? 1 : 0;
    }
    return { X: { kind: "dense", data, shape: [rows, n] }, y };
  };
  const train = draw(spec.rows);
  const test = draw(spec.testRows);
  return { id: problemId(spec), label: problemLabel(spec), spec, l2: 1 / spec.rows, train, test };
}

function buildSparse(spec: Extract<ProblemSpec, { kind: "sparse" }>): Problem {
  const random = createRandomState(spec.seed);
  const gaussian = new GaussianStream(random);
  const { columns, nonZerosPerRow: k } = spec;
  if (k > columns) throw new Error(`A sparse problem cannot have ${k} non-zeros in ${columns} columns.`);
  const wTrue = trueCoefficients(gaussian, columns, k);
  // lastRowAt[j] = the last row that used column j: distinct columns per row without a set.
  const lastRowAt = new Int32Array(columns).fill(-1);
  const draw = (rows: number): Split => {
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(rows * k);
    const values = new Float64Array(rows * k);
    const y = new Float64Array(rows);
    lastRowAt.fill(-1);
    for (let i = 0; i < rows; i++) {
      const start = i * k;
      for (let p = 0; p < k; p++) {
        let column = Math.floor(nextUniform(random) * columns);
        while (lastRowAt[column] === i) column = Math.floor(nextUniform(random) * columns);
        lastRowAt[column] = i;
        // Insertion keeps each row's columns sorted, the order a CSR producer usually gives.
        let q = start + p;
        while (q > start && indices[q - 1]! > column) {
          indices[q] = indices[q - 1]!;
          q--;
        }
        indices[q] = column;
      }
      let logit = TRUE_INTERCEPT;
      for (let p = start; p < start + k; p++) {
        const x = gaussian.next();
        values[p] = x;
        logit += x * wTrue[indices[p]!]!;
      }
      y[i] = nextUniform(random) < sigmoid(logit) ? 1 : 0;
      indptr[i + 1] = start + k;
    }
    return { X: { kind: "csr", indptr, indices, values, shape: [rows, columns] }, y };
  };
  const train = draw(spec.rows);
  const test = draw(spec.testRows);
  return { id: problemId(spec), label: problemLabel(spec), spec, l2: 1 / spec.rows, train, test };
}

/** Bytes of X that one pass over the training rows reads: the values, and column indices when sparse. */
export function featureBytes(X: Features): number {
  if (X.kind === "dense") return X.data.byteLength;
  return X.values.byteLength + X.indices.byteLength + X.indptr.byteLength;
}

/** How many stored entries X has: rows × columns when dense, the non-zeros when sparse. */
export function storedEntries(X: Features): number {
  return X.kind === "dense" ? X.data.length : X.values.length;
}
