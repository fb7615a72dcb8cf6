import { createRandomState, shuffleInPlace } from "@descent/core";
import { loadDigits } from "@descent/datasets";
import type { Problem, Split } from "../problems.js";

/** Digits, binary: the L1 bench's real data set (64 pixels, many of them never lit: a natural sparse optimum). */
export interface DigitsBinarySpec {
  readonly kind: "digits-binary";
  readonly testFraction: number;
  readonly seed: number;
}

/**
 * The 1797 digits with pixel intensities scaled to [0, 1] (each / 16, as @descent/datasets' digitsProblems),
 * y = 1 for the digits 5–9 and 0 for 0–4, split by a seeded shuffle. λ2 of the stored problem is 0: the L1
 * plan sets the penalties.
 */
export function buildDigitsBinary(spec: DigitsBinarySpec, id: string, label: string): Problem {
  const digits = loadDigits();
  const [rows, columns] = digits.shape;
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  shuffleInPlace(order, createRandomState(spec.seed));
  const testRows = Math.round(rows * spec.testFraction);
  const pick = (from: number, to: number): Split => {
    const count = to - from;
    const data = new Float64Array(count * columns);
    const y = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const row = order[from + k]!;
      for (let j = 0; j < columns; j++) data[k * columns + j] = digits.data[row * columns + j]! / 16;
      y[k] = Number(digits.labels[row]!) >= 5 ? 1 : 0;
    }
    return { X: { kind: "dense", data, shape: [count, columns] }, y };
  };
  return { id, label, spec, l2: 0, test: pick(0, testRows), train: pick(testRows, rows) };
}
