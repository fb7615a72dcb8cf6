import { describe, expect, it } from "vitest";
import { constantSchedule } from "./schedules.js";
import {
  addDecayedWeights,
  biasCorrection,
  chain,
  scaleByLearningRate,
  trace,
  updateMoment,
} from "./transforms.js";

/** PyTorch's SGD with momentum, written out as its documentation states it. */
function torchMomentum(
  gradients: number[][],
  options: { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number },
  theta: number[],
) {
  let buffer: number[] | null = null;
  const params = [...theta];
  for (const raw of gradients) {
    const g = raw.map((gj, j) => gj + options.weightDecay * params[j]!);
    buffer =
      buffer === null ? [...g] : buffer.map((b, j) => options.momentum * b + (1 - options.dampening) * g[j]!);
    const direction = options.nesterov ? g.map((gj, j) => gj + options.momentum * buffer![j]!) : buffer;
    direction.forEach((dj, j) => {
      params[j] = params[j]! - options.lr * dj;
    });
  }
  return params;
}

describe("gradient transformations", () => {
  const gradients = [
    [0.5, -1],
    [0.25, 2],
    [-1, 0.5],
    [0.1, 0.1],
  ];

  it.each([
    { momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 },
    { momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.1 },
    { momentum: 0.5, dampening: 0.3, nesterov: false, weightDecay: 0.05 },
  ])(
    "a chain of addDecayedWeights, trace and scaleByLearningRate equals PyTorch's momentum SGD (%o)",
    (options) => {
      const transform = chain(
        addDecayedWeights(options.weightDecay),
        trace({ decay: options.momentum, dampening: options.dampening, nesterov: options.nesterov }),
        scaleByLearningRate(constantSchedule(0.1)),
      );
      const theta = Float64Array.of(1, -1);
      const state = transform.init(2);
      for (const g of gradients) {
        const updates = Float64Array.from(g);
        transform.update(updates, state, theta);
        for (let j = 0; j < 2; j++) theta[j] = theta[j]! + updates[j]!;
      }
      const expected = torchMomentum(gradients, { lr: 0.1, ...options }, [1, -1]);
      expect(theta[0]).toBeCloseTo(expected[0]!, 15);
      expect(theta[1]).toBeCloseTo(expected[1]!, 15);
      expect(state[2].count).toBe(4);
    },
  );

  it("with momentum 0 the trace is the identity, as PyTorch's SGD, whatever the dampening", () => {
    const transform = trace({ decay: 0, dampening: 0.5 });
    const state = transform.init(1);
    for (const g of [2, -3]) {
      const updates = Float64Array.of(g);
      transform.update(updates, state, Float64Array.of(0));
      expect(updates[0]).toBe(g);
    }
  });

  it("updateMoment keeps exponential moving averages of g and g²", () => {
    const first = new Float64Array(2);
    const second = new Float64Array(2);
    updateMoment(first, Float64Array.of(2, -4), 0.9, 1);
    updateMoment(second, Float64Array.of(2, -4), 0.99, 2);
    // (1 − 0.9) is 0.09999999999999998 in doubles: compare to rounding.
    expect(first[0]).toBeCloseTo(0.2, 15);
    expect(first[1]).toBeCloseTo(-0.4, 15);
    expect(second[1]).toBeCloseTo(0.01 * 16, 15);
    expect(biasCorrection(0.9, 1)).toBeCloseTo(0.1, 15);
    // After one update, dividing by the bias correction recovers the gradient exactly (up to rounding).
    expect(first[0]! / biasCorrection(0.9, 1)).toBeCloseTo(2, 14);
  });
});
