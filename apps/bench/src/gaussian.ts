import { nextUniform, type RandomState } from "@descent/core";

/**
 * Standard normal draws from core's seeded uniform generator by the Box–Muller transform, both values
 * of each pair used, so a problem is the same on every machine for the same seed.
 */
export class GaussianStream {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly random: RandomState) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - nextUniform(this.random)));
    const angle = 2 * Math.PI * nextUniform(this.random);
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}
