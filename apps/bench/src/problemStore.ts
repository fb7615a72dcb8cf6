import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { createCsrMatrix, createDenseMatrix, type ObjectiveThreadPool } from "@descent/kernels";
import type { Features, Problem, ProblemSpec, Split } from "./problems.js";
import { buildProblem, problemId } from "./problems.js";

/**
 * Problems on disk, so that each child process (and scikit-learn's Python) reads the same bits
 * without generating them again. One directory per spec:
 *
 *     meta.json                                  what is in the files (below)
 *     {train,test}.X.f64                         dense: row-major float64
 *     {train,test}.{indptr,indices}.i32          sparse: CSR structure, int32
 *     {train,test}.values.f64                    sparse: CSR values, float64
 *     {train,test}.y.f64                         0/1 targets (multiclass: class indices 0 … K − 1), float64
 *
 * All little-endian, as the machines this runs on are. python/sklearn_fit.py reads the same layout.
 */
export interface StoredSplit {
  readonly kind: "dense" | "csr";
  readonly rows: number;
  readonly columns: number;
  readonly nonZeros: number;
}

export interface StoredProblemMeta {
  readonly format: 1;
  readonly id: string;
  readonly label: string;
  readonly spec: ProblemSpec;
  readonly l2: number;
  /** K on a multiclass problem; absent on a binary one. */
  readonly classes?: number;
  readonly train: StoredSplit;
  readonly test: StoredSplit;
}

/** Bumped whenever generation changes, so an old cache is never taken for a new problem. */
const GENERATOR_VERSION = 1;

/** A short hash of the spec: the cache key. */
export function specKey(spec: ProblemSpec): string {
  return createHash("sha256")
    .update(JSON.stringify({ generator: GENERATOR_VERSION, spec }))
    .digest("hex")
    .slice(0, 12);
}

export function problemDirectory(cacheDir: string, spec: ProblemSpec): string {
  return join(cacheDir, "problems", `${problemId(spec)}-${specKey(spec)}`);
}

function writeArray(path: string, array: Float64Array | Int32Array): void {
  writeFileSync(path, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

function writeSplit(dir: string, name: string, split: Split): StoredSplit {
  const { X } = split;
  writeArray(join(dir, `${name}.y.f64`), split.y);
  if (X.kind === "dense") {
    writeArray(join(dir, `${name}.X.f64`), X.data);
    return { kind: "dense", rows: X.shape[0], columns: X.shape[1], nonZeros: X.data.length };
  }
  writeArray(join(dir, `${name}.indptr.i32`), X.indptr);
  writeArray(join(dir, `${name}.indices.i32`), X.indices);
  writeArray(join(dir, `${name}.values.f64`), X.values);
  return { kind: "csr", rows: X.shape[0], columns: X.shape[1], nonZeros: X.values.length };
}

/** Writes a problem into `dir` (replacing it), through a temporary directory so a crash leaves no half. */
export function writeProblem(dir: string, problem: Problem): StoredProblemMeta {
  const temporary = `${dir}.partial-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  const meta: StoredProblemMeta = {
    format: 1,
    id: problem.id,
    label: problem.label,
    spec: problem.spec,
    l2: problem.l2,
    ...(problem.classes === undefined ? {} : { classes: problem.classes }),
    train: writeSplit(temporary, "train", problem.train),
    test: writeSplit(temporary, "test", problem.test),
  };
  writeFileSync(join(temporary, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(temporary, dir);
  return meta;
}

/** Reads a file straight into a typed array of the right size: no intermediate copy of large data. */
function readArray<T extends Float64Array | Int32Array>(path: string, array: T): T {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const fd = openSync(path, "r");
  try {
    let offset = 0;
    while (offset < bytes.length) {
      // readSync moves at most 2 GiB at a time.
      const read = readSync(fd, bytes, offset, Math.min(bytes.length - offset, 1 << 30), offset);
      if (read === 0) throw new Error(`${path} is shorter than its meta.json says.`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return array;
}

function readSplit(dir: string, name: string, stored: StoredSplit, pool?: ObjectiveThreadPool): Split {
  const y = readArray(join(dir, `${name}.y.f64`), new Float64Array(stored.rows));
  let X: Features;
  if (stored.kind === "dense") {
    // Read straight into kernel memory (shared, laid out for the pool's workers, when a pool will run the
    // fit): the objective then runs on it without a copy, and X is held once.
    X = createDenseMatrix(stored.rows, stored.columns, { threads: pool ?? 1 });
    readArray(join(dir, `${name}.X.f64`), X.data);
  } else {
    // Likewise for CSR (createCsrMatrix): indptr, indices and values go straight into kernel memory.
    const csr = createCsrMatrix(
      stored.rows,
      stored.columns,
      stored.nonZeros,
      pool === undefined ? {} : { threads: pool },
    );
    readArray(join(dir, `${name}.indptr.i32`), csr.indptr);
    readArray(join(dir, `${name}.indices.i32`), csr.indices);
    readArray(join(dir, `${name}.values.f64`), csr.values);
    X = csr;
  }
  return { X, y };
}

export function readProblemMeta(dir: string): StoredProblemMeta {
  return JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as StoredProblemMeta;
}

/**
 * Loads a stored problem, both splits; with `pool`, train X (dense or CSR) goes into shared memory laid out
 * for it, so that threaded objectives on it copy nothing.
 */
export function readProblem(dir: string, pool?: ObjectiveThreadPool): Problem {
  const meta = readProblemMeta(dir);
  return {
    id: meta.id,
    label: meta.label,
    spec: meta.spec,
    l2: meta.l2,
    ...(meta.classes === undefined ? {} : { classes: meta.classes }),
    train: readSplit(dir, "train", meta.train, pool),
    test: readSplit(dir, "test", meta.test),
  };
}

/**
 * The directory of `spec`'s problem under `cacheDir`, generating and writing it first when it is not
 * there. Returns whether it was generated now.
 */
export function ensureProblem(cacheDir: string, spec: ProblemSpec): { dir: string; generated: boolean } {
  const dir = problemDirectory(cacheDir, spec);
  if (existsSync(join(dir, "meta.json"))) return { dir, generated: false };
  writeProblem(dir, buildProblem(spec));
  return { dir, generated: true };
}
