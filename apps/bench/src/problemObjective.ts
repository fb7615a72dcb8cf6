import {
  type LogisticObjective,
  logisticObjective,
  type MultinomialObjective,
  multinomialObjective,
  type ObjectiveBackend,
} from "@descent/core";
import type { Split } from "./problems.js";

/** The objective of a bench problem: logistic on a binary one, multinomial (softmax) on K ≥ 3 classes. */
export type ProblemObjective = LogisticObjective | MultinomialObjective;

/**
 * The objective a user's fit minimizes on `split`, built from the raw arrays (validation included):
 * `logisticObjective` when `classes` is absent (a binary problem), else `multinomialObjective` with K =
 * `classes`, both on `backend` (core's TypeScript reference when it is undefined or declines).
 */
export function problemObjective(
  split: Split,
  l2: number,
  classes: number | undefined,
  backend?: ObjectiveBackend,
): ProblemObjective {
  if (classes === undefined) {
    return logisticObjective({ X: split.X, y: split.y, l2, ...(backend === undefined ? {} : { backend }) });
  }
  return multinomialObjective({
    X: split.X,
    y: split.y,
    classes,
    l2,
    ...(backend === undefined ? {} : { backend }),
  });
}

/** Which backend's passes an objective runs ("typescript" for core's reference). */
export function objectiveBackendName(objective: ProblemObjective): string {
  return objective.backend;
}

/**
 * f at θ = 0: every logit is 0, so each row's loss is log K (log 2 for a binary problem), whatever the
 * data. The first point of every trace.
 */
export function lossAtOrigin(classes: number | undefined): number {
  return Math.log(classes ?? 2);
}
