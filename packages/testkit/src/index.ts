export {
  checkGradient,
  checkHessian,
  checkHessianVectorProduct,
  type DerivativeCheck,
  finiteDifferenceGradient,
} from "@descent/core";
export {
  breastCancerL1Problems,
  breastCancerProblems,
  classWeightProblems,
  digitsProblems,
  irisL1Problem,
  irisMultinomialProblems,
  irisProblem,
  type L1ReferenceProblem,
  type MultinomialReferenceProblem,
  multinomialReferenceProblems,
  type ReferenceProblem,
  referenceProblems,
  wineProblems,
} from "@descent/datasets";
export { type AllocationMeasurement, measureAllocation } from "./allocation.js";
export {
  type ConformanceRun,
  type ConformanceSpec,
  describeOptimizerConformance,
  type L1ConformanceSpec,
} from "./conformance.js";
export { type L1QuadraticProblem, l1OptimalityViolation, l1QuadraticProblem } from "./l1Problems.js";
export { expectNoiseStall, type NoiseStallCheck } from "./noiseStall.js";
export { type NoiseOptions, noisyObjective } from "./noisyObjective.js";
export { type QuadraticProblem, quadraticProblem } from "./quadratic.js";
