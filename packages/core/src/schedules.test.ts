import { describe, expect, it } from "vitest";
import { DescentError } from "./errors.js";
import {
  constantSchedule,
  cosineDecay,
  describeLearningRate,
  exponentialDecay,
  inverseScaling,
  stepDecay,
  toSchedule,
} from "./schedules.js";

describe("schedules", () => {
  it.each([
    ["constant", constantSchedule(0.3), [0.3, 0.3, 0.3, 0.3]],
    [
      "inverse scaling (scikit-learn's invscaling, t from 1)",
      inverseScaling({ initial: 1, power: 0.5 }),
      [1, 1 / Math.SQRT2, 1 / Math.sqrt(3), 0.5],
    ],
    ["step decay", stepDecay({ initial: 1, factor: 0.1, every: 2 }), [1, 1, 0.1, 0.1]],
    ["exponential decay", exponentialDecay({ initial: 2, rate: 0.5 }), [2, 1, 0.5, 0.25]],
    ["cosine decay", cosineDecay({ initial: 1, steps: 2, final: 0.2 }), [1, 0.6, 0.2, 0.2]],
  ])("%s", (_, schedule, expected) => {
    expected.forEach((value, t) => {
      expect(schedule(t)).toBeCloseTo(value, 15);
    });
  });

  it("describe themselves for reports", () => {
    expect(describeLearningRate(0.1)).toBe(0.1);
    expect(describeLearningRate(stepDecay({ initial: 1, every: 10 }))).toBe(
      "stepDecay(initial=1, factor=0.5, every=10)",
    );
    expect(toSchedule((t: number) => 1 / (t + 1)).description).toBe("custom schedule");
  });

  it.each([
    () => toSchedule(-1),
    () => toSchedule(0),
    () => toSchedule("fast"),
    () => inverseScaling({ initial: 0 }),
    () => stepDecay({ initial: 1, every: 0 }),
    () => stepDecay({ initial: 1, factor: 2, every: 1 }),
    () => cosineDecay({ initial: 1, steps: 10, final: 2 }),
  ])("refuse bad settings (%#)", (make) => {
    expect(make).toThrow(DescentError);
  });
});
