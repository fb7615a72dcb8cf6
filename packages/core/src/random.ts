/**
 * A seeded generator whose whole state is one 32-bit integer (mulberry32), so a run's randomness is
 * plain data that a checkpoint can carry. Good enough for shuffling; not for cryptography.
 */
export interface RandomState {
  seed: number;
}

export function createRandomState(seed: number): RandomState {
  return { seed: seed >>> 0 };
}

/** A uniform number in [0, 1), advancing the state. */
export function nextUniform(state: RandomState): number {
  state.seed = (state.seed + 0x6d2b79f5) >>> 0;
  let t = state.seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Fisher–Yates shuffle of `values` in place. */
export function shuffleInPlace(values: Int32Array, state: RandomState): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(nextUniform(state) * (i + 1));
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}

/**
 * An epoch's order for rows that come as a stream: 0..m−1 in storage order, cut into consecutive blocks of
 * `blockRows` rows (the last may be shorter), each block shuffled (Fisher–Yates) in place. A reader then
 * serves the epoch in one sequential pass, holding one block at a time; every row is visited once, and
 * within a block every order is equally likely, but rows of different blocks never mix.
 */
export function shuffleWithinBlocks(order: Int32Array, blockRows: number, state: RandomState): void {
  const m = order.length;
  for (let i = 0; i < m; i++) order[i] = i;
  for (let blockStart = 0; blockStart < m; blockStart += blockRows) {
    const blockEnd = Math.min(blockStart + blockRows, m);
    for (let i = blockEnd - 1; i > blockStart; i--) {
      const j = blockStart + Math.floor(nextUniform(state) * (i - blockStart + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
  }
}
