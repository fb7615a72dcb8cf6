import {
  chain,
  describeLearningRate,
  type GradientTransformation,
  gradientTransformationOptimizer,
  type LearningRate,
  type Optimizer,
  type StepCountState,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";

// PLACEHOLDER from `pnpm new:optimizer __name__`: this is plain gradient descent, θ ← θ − η ∇f(θ), so that
// the package builds and passes the conformance suite from its first minute. Replace it with the real
// update rule, options and state; then the README, the tests and the changeset. See CONTRIBUTING.md.

export interface __PascalName__Options {
  /** η: a positive number, or a schedule of the step count (see the schedules in @descent/core). Default 0.1. */
  readonly learningRate?: LearningRate;
}

/** Plain data, one entry per transformation in the chain, so a run can be checkpointed and resumed. */
export type __PascalName__State = [learningRate: StepCountState];

/**
 * PLACEHOLDER: θ_{t+1} = θ_t − η_t ∇f(θ_t). Replace with the method's update rule in the paper's symbols.
 */
export function __camelName__(options: __PascalName__Options = {}): Optimizer<__PascalName__State> {
  const learningRate = options.learningRate ?? 0.1;
  const transform: GradientTransformation<__PascalName__State> = chain(
    scaleByLearningRate(toSchedule(learningRate, "__camelName__ learningRate")),
  );
  return gradientTransformationOptimizer("__name__", transform, {
    learningRate: describeLearningRate(learningRate),
  });
}
