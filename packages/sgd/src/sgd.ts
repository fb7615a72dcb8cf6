import {
  addDecayedWeights,
  chain,
  checkNumberOption,
  checkOptionNames,
  describeLearningRate,
  type GradientTransformation,
  gradientTransformationOptimizer,
  type LearningRate,
  type Optimizer,
  proximal,
  type StepCountState,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";

export interface SgdOptions {
  /** η: a positive number, or a schedule of the step count (see the schedules in @descent/core). Default 0.1. */
  readonly learningRate?: LearningRate;
  /** Coupled L2 weight decay, added to the gradient as PyTorch's SGD does. Default 0. */
  readonly weightDecay?: number;
}

export type SgdState = [decay: null, learningRate: StepCountState, proximal: StepCountState];

/**
 * Gradient descent, θ_{t+1} = θ_t − η_t (g_t + weightDecay · θ_t), on the full batch or, when the loop
 * runs minibatches, stochastic gradient descent. η_t is a number or a schedule of t.
 *
 * With an L1 penalty λ1 on the objective, proximal gradient descent (ISTA; Combettes & Wajs 2005):
 * θ_{t+1} = S_{η_t λ1}(θ_t − η_t (g_t + weightDecay · θ_t)) on the penalized coordinates, S the
 * soft-thresholding operator, so that zeros are exact.
 */
export function sgd(options: SgdOptions = {}): Optimizer<SgdState> {
  checkOptionNames("sgd()", options, ["learningRate", "weightDecay"]);
  const learningRate = options.learningRate ?? 0.1;
  const schedule = toSchedule(learningRate, "sgd learningRate");
  const weightDecay = checkNumberOption("sgd weightDecay", options.weightDecay ?? 0, { min: 0 });
  const transform: GradientTransformation<SgdState> = chain(
    addDecayedWeights(weightDecay),
    scaleByLearningRate(schedule),
    proximal(schedule),
  );
  return gradientTransformationOptimizer(
    "sgd",
    transform,
    { learningRate: describeLearningRate(learningRate), weightDecay },
    { l1: true },
  );
}
