import { createRandomState, nextUniform, type Objective } from "@descent/core";

export interface NoiseOptions {
  /** Each f is multiplied by 1 + u·lossNoise, u uniform in [−1, 1) and drawn anew per call. Default 16 ε. */
  readonly lossNoise?: number;
  /** Each entry of ∇f gets u·gradientNoise added, u drawn anew per entry and call. Default 1e-14. */
  readonly gradientNoise?: number;
  /** Seeds the noise. Default 0. */
  readonly seed?: number;
}

/**
 * `objective` with last-bit noise on f and ∇f, as a backend whose sums are not bit-reproducible gives it
 * (DuckDB adds row groups in whatever order its threads finish them): the same θ gives a slightly different
 * f and ∇f on every call. The noise is pseudo-random and seeded, so a test repeats. Relative on f, absolute
 * on ∇f: a sum's rounding error scales with its terms, not with the sum, which near the optimum is ≈ 0.
 * The Hessian and its products are passed through exact.
 */
export function noisyObjective(objective: Objective, options: NoiseOptions = {}): Objective {
  const lossNoise = options.lossNoise ?? 16 * Number.EPSILON;
  const gradientNoise = options.gradientNoise ?? 1e-14;
  const random = createRandomState(options.seed ?? 0);
  const uniform = () => 2 * nextUniform(random) - 1;
  const noisy: Objective = {
    dim: objective.dim,
    reproducible: false,
    value: (theta) => objective.value(theta) * (1 + uniform() * lossNoise),
    valueAndGradient: (theta, grad) => {
      const loss = objective.valueAndGradient(theta, grad);
      for (let j = 0; j < grad.length; j++) grad[j] = grad[j]! + uniform() * gradientNoise;
      return loss * (1 + uniform() * lossNoise);
    },
  };
  const extras: Partial<Objective> = {};
  if (objective.hessian) extras.hessian = objective.hessian.bind(objective);
  if (objective.hessianVectorProduct)
    extras.hessianVectorProduct = objective.hessianVectorProduct.bind(objective);
  if (objective.penalizedCount !== undefined)
    Object.assign(extras, { penalizedCount: objective.penalizedCount });
  return Object.assign(noisy, extras);
}
