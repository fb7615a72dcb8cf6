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
