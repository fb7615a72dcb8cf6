import type { Objective } from "@descent/core";
import { describe, expect, it } from "vitest";
import { interpolateStep, type LineSearchRecord, strongWolfeLineSearch } from "./lineSearch.js";

/** φ as a one-dimensional objective along d = 1 from θ = 0, so that α is θ itself. */
function lineObjective(phi: (alpha: number) => number, slope: (alpha: number) => number): Objective {
  return {
    dim: 1,
    value: (theta) => phi(theta[0]!),
    valueAndGradient(theta, grad) {
      grad[0] = slope(theta[0]!);
      return phi(theta[0]!);
    },
  };
}

function search(objective: Objective, initialStep: number, c1 = 1e-4, c2 = 0.9) {
  const theta = Float64Array.of(0);
  const direction = Float64Array.of(1);
  const grad = new Float64Array(1);
  const loss0 = objective.valueAndGradient(theta, grad);
  const record: LineSearchRecord = {
    initialLoss: loss0,
    initialSlope: grad[0]!,
    initialStep,
    step: 0,
    loss: 0,
    evaluations: 0,
  };
  const trialTheta = new Float64Array(1);
  const trialGradient = new Float64Array(1);
  const outcome = strongWolfeLineSearch(
    objective,
    theta,
    direction,
    trialTheta,
    trialGradient,
    { c1, c2, maxEvaluations: 20 },
    record,
  );
  return { outcome, record, loss0, slope0: grad[0]!, trialTheta, trialGradient };
}

describe("strongWolfeLineSearch", () => {
  // Moré & Thuente (1994), functions 1 and 2: φ(α) = −α/(α² + β) and φ(α) = (α + β)⁵ − 2(α + β)⁴,
  // tried from initial steps far too short and far too long, as in their Table I–II.
  const beta = 2;
  const problems: [string, (a: number) => number, (a: number) => number, number, number][] = [
    ["−α/(α² + 2)", (a) => -a / (a * a + beta), (a) => (a * a - beta) / (a * a + beta) ** 2, 0.001, 0.1],
    [
      "(α + 0.004)⁵ − 2(α + 0.004)⁴",
      (a) => (a + 0.004) ** 5 - 2 * (a + 0.004) ** 4,
      (a) => 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3,
      0.1,
      0.1,
    ],
  ];
  for (const [name, phi, slope, c1, c2] of problems) {
    it.each([1e-3, 1e-1, 1e1, 1e3])(
      `satisfies both strong Wolfe conditions on ${name} from α₀ = %s`,
      (initial) => {
        const result = search(lineObjective(phi, slope), initial, c1, c2);
        expect(result.outcome).toBe("wolfe");
        const alpha = result.record.step;
        expect(result.trialTheta[0]).toBe(alpha);
        expect(result.record.loss).toBe(phi(alpha));
        expect(result.trialGradient[0]).toBe(slope(alpha));
        expect(phi(alpha)).toBeLessThanOrEqual(result.loss0 + c1 * alpha * result.slope0);
        expect(Math.abs(slope(alpha))).toBeLessThanOrEqual(c2 * Math.abs(result.slope0));
        // Doubling from α₀ = 1e-3 up to α* (1.4 and 1.6) takes 11 trials, zooming down from 1e3 about as many.
        expect(result.record.evaluations).toBeLessThanOrEqual(20);
      },
    );
  }

  it("accepts α₀ at once when it already satisfies both conditions", () => {
    // φ(α) = (α − 1)², φ'(0) = −2: α = 1 is the minimizer.
    const result = search(
      lineObjective(
        (a) => (a - 1) ** 2,
        (a) => 2 * (a - 1),
      ),
      1,
    );
    expect(result.outcome).toBe("wolfe");
    expect(result.record).toMatchObject({ step: 1, loss: 0, evaluations: 1 });
  });

  it("reports a NaN gradient at the first trial as non-finite, at that trial", () => {
    const result = search(
      lineObjective(
        (a) => (a - 1) ** 2,
        (a) => (a === 0 ? -2 : Number.NaN),
      ),
      0.5,
    );
    expect(result.outcome).toBe("non-finite");
    expect(result.record.step).toBe(0.5);
    expect(result.record.evaluations).toBe(1);
  });

  it("backs off from a step where f is +∞", () => {
    // f(α) = (α − 1)² on α < 2 and +∞ beyond, like a barrier: the search must come back inside.
    const result = search(
      lineObjective(
        (a) => (a < 2 ? (a - 1) ** 2 : Number.POSITIVE_INFINITY),
        (a) => (a < 2 ? 2 * (a - 1) : Number.NaN),
      ),
      100,
    );
    expect(result.outcome).toBe("wolfe");
    expect(result.record.step).toBeLessThan(2);
  });
});

describe("interpolateStep", () => {
  it("finds the minimizer of a cubic exactly from its values and slopes at two points", () => {
    // φ(α) = α³ − 3α + 1 has its local minimum at α = 1.
    const phi = (a: number) => a ** 3 - 3 * a + 1;
    const slope = (a: number) => 3 * a * a - 3;
    expect(interpolateStep(0, phi(0), slope(0), 2, phi(2), slope(2))).toBeCloseTo(1, 14);
    expect(interpolateStep(2, phi(2), slope(2), 0, phi(0), slope(0))).toBeCloseTo(1, 14);
  });

  it("finds the minimizer of a quadratic exactly", () => {
    // φ(α) = (α − 0.3)²
    expect(interpolateStep(0, 0.09, -0.6, 1, 0.49, 1.4)).toBeCloseTo(0.3, 14);
  });

  it("stays 1% of the interval away from its ends", () => {
    // The quadratic (α − 1e-6)² has its minimizer at 1e-6, within 1% of the end α = 0 of [0, 1].
    const step = interpolateStep(0, 1e-12, -2e-6, 1, (1 - 1e-6) ** 2, 2 * (1 - 1e-6));
    expect(step).toBe(0.01);
  });

  it("falls back to the midpoint when f is +∞ at one end", () => {
    expect(interpolateStep(0, 1, -1, 4, Number.POSITIVE_INFINITY, Number.NaN)).toBe(2);
  });
});
