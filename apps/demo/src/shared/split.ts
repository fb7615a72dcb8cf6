import { createRandomState, shuffleInPlace } from "@descent/core";

/** Row indices of a train/test split, each in increasing order. */
export interface TrainTestSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * A seeded, stratified split (as scikit-learn's `train_test_split(..., stratify=y)`): each class gives
 * round(testFraction · its count) rows to the test set, but always keeps at least one for training, so
 * both classes are learned from. The same labels, fraction and seed always give the same split.
 */
export function trainTestSplit<L>(labels: readonly L[], testFraction: number, seed: number): TrainTestSplit {
  const rowsByClass = new Map<L, number[]>();
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row] as L;
    const rows = rowsByClass.get(label);
    if (rows === undefined) rowsByClass.set(label, [row]);
    else rows.push(row);
  }
  const random = createRandomState(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of rowsByClass.values()) {
    const order = Int32Array.from(rows);
    shuffleInPlace(order, random);
    const testCount = Math.min(Math.round(testFraction * order.length), order.length - 1);
    for (let k = 0; k < order.length; k++) (k < testCount ? test : train).push(order[k]!);
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: Int32Array.from(train.sort(ascending)), test: Int32Array.from(test.sort(ascending)) };
}
