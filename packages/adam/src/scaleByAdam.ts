import {
  biasCorrection,
  checkBooleanOption,
  checkNumberOption,
  DescentError,
  type GradientTransformation,
  updateMoment,
} from "@descent/core";

export interface ScaleByAdamOptions {
  /** β₁, the decay of the first-moment average, in [0, 1). Default 0.9. */
  readonly beta1?: number;
  /** β₂, the decay of the second-moment average, in [0, 1). Default 0.999. */
  readonly beta2?: number;
  /** ε > 0, added to √ν̂ (outside the square root). Default 1e-8. */
  readonly epsilon?: number;
  /** AMSGrad: divide by the running maximum of ν instead of ν. Default false. */
  readonly amsgrad?: boolean;
}

/** The state of `scaleByAdam`, named as in optax's ScaleByAdamState. */
export interface ScaleByAdamState {
  /** t, the number of updates made. */
  count: number;
  /** m, the average of the gradient. */
  mu: Float64Array;
  /** v, the average of the squared gradient. */
  nu: Float64Array;
  /** max_{s ≤ t} v_s, element-wise; present only with AMSGrad. */
  nuMax?: Float64Array;
  /**
   * d_t = √v̂_t + ε, the per-coordinate denominator of the last update: the metric of Adam's preconditioned
   * proximal step for an L1 penalty (the threshold of coordinate j is α λ1 / d_j).
   */
  denominator: Float64Array;
}

/**
 * Adam's rescaling of the gradient g, as PyTorch's `torch.optim.Adam` computes it:
 *
 *     m_t = β₁ m_{t−1} + (1 − β₁) g,   v_t = β₂ v_{t−1} + (1 − β₂) g²
 *     (AMSGrad: v_t ← max(v_{t−1}^max, v_t), the maximum of the raw, uncorrected averages)
 *     m̂_t = m_t / (1 − β₁^t),   v̂_t = v_t / (1 − β₂^t)
 *     update = m̂_t / (√v̂_t + ε)
 *
 * It keeps d_t = √v̂_t + ε in its state (`denominator`) for a preconditioned proximal step.
 * The learning rate and the sign are left to `scaleByLearningRate`.
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const beta1 = checkNumberOption("adam beta1", options.beta1 ?? 0.9, {
    min: 0,
    max: 1,
    exclusiveMaximum: true,
  });
  const beta2 = checkNumberOption("adam beta2", options.beta2 ?? 0.999, {
    min: 0,
    max: 1,
    exclusiveMaximum: true,
  });
  const epsilon = checkNumberOption("adam epsilon", options.epsilon ?? 1e-8, {
    min: 0,
    exclusiveMinimum: true,
  });
  const amsgrad = checkBooleanOption("adam amsgrad", options.amsgrad ?? false);
  return {
    init(dim) {
      const state: ScaleByAdamState = {
        count: 0,
        mu: new Float64Array(dim),
        nu: new Float64Array(dim),
        denominator: new Float64Array(dim),
      };
      if (amsgrad) state.nuMax = new Float64Array(dim);
      return state;
    },
    update(updates, state) {
      // A state saved before `denominator` existed still resumes; only a proximal step reads it.
      const { mu, nu } = state;
      const denominator = state.denominator as Float64Array | undefined;
      state.count += 1;
      updateMoment(mu, updates, beta1, 1);
      updateMoment(nu, updates, beta2, 2);
      let second = nu;
      if (amsgrad) {
        const nuMax = state.nuMax;
        if (nuMax === undefined) {
          throw new DescentError(
            "INVALID_STATE",
            "An AMSGrad state needs nuMax; was it saved without AMSGrad?",
          );
        }
        for (let j = 0; j < nu.length; j++) if (nu[j]! > nuMax[j]!) nuMax[j] = nu[j]!;
        second = nuMax;
      }
      const firstCorrection = biasCorrection(beta1, state.count);
      const secondCorrectionRoot = Math.sqrt(biasCorrection(beta2, state.count));
      for (let j = 0; j < updates.length; j++) {
        const scale = Math.sqrt(second[j]!) / secondCorrectionRoot + epsilon;
        if (denominator !== undefined) denominator[j] = scale;
        updates[j] = mu[j]! / firstCorrection / scale;
      }
    },
  };
}
