import type { GradientTransformation } from "@descent/core";

/** The state of `fistaExtrapolation`: the last proximal point and FISTA's t. */
export interface FistaState {
  /** x_k, the last proximal point (θ holds the extrapolated point y_k). */
  previous: Float64Array;
  /** t_k of Beck & Teboulle's sequence, t_1 = 1. */
  t: number;
}

/**
 * The extrapolation of FISTA (Beck & Teboulle 2009), as a transformation that follows the proximal one.
 * θ holds the extrapolated point y_k where the gradient was taken, and the update so far leads to the
 * proximal point x_{k+1} = θ + u. Then
 *
 *     t_{k+1} = (1 + √(1 + 4 t_k²)) / 2,   β_k = min(μ, (t_k − 1) / t_{k+1}),
 *     y_{k+1} = x_{k+1} + β_k (x_{k+1} − x_k),   u ← y_{k+1} − θ.
 *
 * β_k grows from 0 as FISTA's does and is capped at the momentum μ: while below μ this is FISTA; from
 * there on it is the accelerated proximal gradient with constant momentum, the proximal form of
 * Nesterov's method (with μ < 1 it damps the noise of minibatch gradients, which FISTA's β_k → 1 would
 * accumulate). A coordinate that is 0 in both x_{k+1} and x_k stays exactly 0 in y_{k+1}.
 */
export function fistaExtrapolation(maxMomentum: number): GradientTransformation<FistaState> {
  return {
    init: (dim) => ({ previous: new Float64Array(dim), t: 1 }),
    update(updates, state, params) {
      const { previous } = state;
      const t = state.t;
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = Math.min(maxMomentum, (t - 1) / tNext);
      for (let j = 0; j < updates.length; j++) {
        const current = params[j]!;
        const proximalPoint = current + updates[j]!;
        const extrapolated = proximalPoint + beta * (proximalPoint - previous[j]!);
        previous[j] = proximalPoint;
        updates[j] = extrapolated - current;
      }
      state.t = tNext;
    },
  };
}
