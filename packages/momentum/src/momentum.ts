import {
  addDecayedWeights,
  chain,
  checkBooleanOption,
  checkNumberOption,
  DescentError,
  describeLearningRate,
  type GradientTransformation,
  gradientTransformationOptimizer,
  type LearningRate,
  type Optimizer,
  type StepCountState,
  scaleByLearningRate,
  type TraceState,
  toSchedule,
  trace,
} from "@descent/core";

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

export type MomentumState = [decay: null, momentum: TraceState, learningRate: StepCountState];

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
 */
export function momentum(options: MomentumOptions = {}): Optimizer<MomentumState> {
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
  const transform: GradientTransformation<MomentumState> = chain(
    addDecayedWeights(weightDecay),
    trace({ decay, dampening, nesterov }),
    scaleByLearningRate(schedule),
  );
  return gradientTransformationOptimizer(nesterov ? "nesterov" : "momentum", transform, {
    learningRate: describeLearningRate(learningRate),
    momentum: decay,
    nesterov,
    dampening,
    weightDecay,
  });
}
