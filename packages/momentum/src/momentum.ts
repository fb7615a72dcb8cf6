import {
  addDecayedWeights,
  checkBooleanOption,
  checkNumberOption,
  checkOptionNames,
  DescentError,
  describeLearningRate,
  type LearningRate,
  l1Strength,
  type Optimizer,
  proximal,
  type StepCountState,
  scaleByLearningRate,
  type TraceState,
  toSchedule,
  trace,
  type UpdateExtras,
} from "@descent/core";
import { type FistaState, fistaExtrapolation } from "./fista.js";

export interface MomentumOptions {
  /**
   * η: a positive number, or a schedule of the step count (see the schedules in @descent/core).
   * Default 0.01, stable on every problem in descent's test bed (see the README).
   */
  readonly learningRate?: LearningRate;
  /** μ, the momentum, in [0, 1). Default 0.9. */
  readonly momentum?: number;
  /** Nesterov's accelerated gradient: step along g + μb instead of b. Needs μ > 0 and no dampening. Default false. */
  readonly nesterov?: boolean;
  /** τ in [0, 1]: b ← μb + (1 − τ)g after the first step. Default 0. */
  readonly dampening?: number;
  /** Coupled L2 weight decay, added to the gradient before the momentum buffer, as PyTorch's SGD does. Default 0. */
  readonly weightDecay?: number;
}

/**
 * One slot per transformation. Without L1 the chain is (decay, momentum, learningRate); with L1 it is
 * (decay, learningRate, proximal, fista); both sets of slots exist from `init`, which cannot know the
 * objective.
 */
export type MomentumState = [
  decay: null,
  momentum: TraceState,
  learningRate: StepCountState,
  proximal: StepCountState,
  fista: FistaState,
];

/**
 * Gradient descent with heavy-ball (Polyak) or Nesterov momentum, exactly as PyTorch's `torch.optim.SGD`
 * with `momentum > 0`:
 *
 *     g_t = ∇f(θ_t) + weightDecay · θ_t
 *     b_0 = g_0,  b_t = μ b_{t−1} + (1 − τ) g_t   (t ≥ 1)
 *     θ_{t+1} = θ_t − η_t · b_t                  (heavy ball)
 *     θ_{t+1} = θ_t − η_t · (g_t + μ b_t)        (Nesterov)
 *
 * with t = 0, 1, … counting steps (η_t is a schedule's value at t). On minibatches, ∇f is the minibatch
 * gradient.
 *
 * With an L1 penalty λ1 on the objective, soft-thresholding after a heavy-ball step would converge to the
 * wrong point (its fixed point solves the problem for λ1(1 − μ)), so the step takes the accelerated
 * proximal form instead, FISTA (Beck & Teboulle 2009) with its momentum capped at μ; θ holds the
 * extrapolated point y_k:
 *
 *     x_{k+1} = S_{η_k λ1}(y_k − η_k (∇f(y_k) + weightDecay · y_k))      (S on the penalized coordinates)
 *     t_{k+1} = (1 + √(1 + 4 t_k²)) / 2,   β_k = min(μ, (t_k − 1)/t_{k+1}),   t_1 = 1
 *     y_{k+1} = x_{k+1} + β_k (x_{k+1} − x_k)
 *
 * `nesterov` and `dampening` do not apply there (FISTA is itself Nesterov's scheme).
 */
export function momentum(options: MomentumOptions = {}): Optimizer<MomentumState> {
  checkOptionNames("momentum()", options, [
    "learningRate",
    "momentum",
    "nesterov",
    "dampening",
    "weightDecay",
  ]);
  const learningRate = options.learningRate ?? 0.01;
  const schedule = toSchedule(learningRate, "momentum learningRate");
  // μ ≥ 1 never converges: on a quadratic the two roots of the heavy-ball recurrence multiply to μ.
  const decay = checkNumberOption("momentum", options.momentum ?? 0.9, {
    min: 0,
    max: 1,
    exclusiveMaximum: true,
  });
  const nesterov = checkBooleanOption("momentum nesterov", options.nesterov ?? false);
  const dampening = checkNumberOption("momentum dampening", options.dampening ?? 0, { min: 0, max: 1 });
  const weightDecay = checkNumberOption("momentum weightDecay", options.weightDecay ?? 0, { min: 0 });
  if (nesterov && (decay === 0 || dampening !== 0)) {
    // PyTorch's rule: Nesterov's look-ahead is defined for an undamped buffer with μ > 0.
    throw new DescentError(
      "INVALID_OPTION",
      `momentum with nesterov needs momentum > 0 and dampening 0, got momentum ${decay} and dampening ${dampening}.`,
      { value: decay === 0 ? decay : dampening },
    );
  }
  const weightDecayTransform = addDecayedWeights(weightDecay);
  const heavyBall = trace({ decay, dampening, nesterov });
  const learningRateTransform = scaleByLearningRate(schedule);
  const proximalTransform = proximal(schedule);
  const extrapolation = fistaExtrapolation(decay);
  // Reused by every step, so that passing the objective allocates nothing.
  const extras: UpdateExtras = {};
  return {
    name: nesterov ? "nesterov" : "momentum",
    requires: { l1: true },
    hyperparameters: {
      learningRate: describeLearningRate(learningRate),
      momentum: decay,
      nesterov,
      dampening,
      weightDecay,
    },
    init: (dim): MomentumState => [
      weightDecayTransform.init(dim),
      heavyBall.init(dim),
      learningRateTransform.init(dim),
      proximalTransform.init(dim),
      extrapolation.init(dim),
    ],
    step(theta, grad, _loss, state, objective) {
      weightDecayTransform.update(grad, state[0], theta);
      if (l1Strength(objective) > 0) {
        learningRateTransform.update(grad, state[2], theta);
        extras.objective = objective;
        proximalTransform.update(grad, state[3], theta, extras);
        extras.objective = undefined;
        extrapolation.update(grad, state[4], theta);
      } else {
        heavyBall.update(grad, state[1], theta);
        learningRateTransform.update(grad, state[2], theta);
      }
      for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! + grad[j]!;
      return undefined;
    },
  };
}
