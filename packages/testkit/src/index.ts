export {
  checkGradient,
  checkHessian,
  checkHessianVectorProduct,
  type DerivativeCheck,
  finiteDifferenceGradient,
} from "@descent/core";
export {
  breastCancerProblems,
  classWeightProblems,
  digitsProblems,
  irisMultinomialProblems,
  irisProblem,
  type MultinomialReferenceProblem,
  multinomialReferenceProblems,
  type ReferenceProblem,
  referenceProblems,
  wineProblems,
} from "@descent/datasets";
export { type AllocationMeasurement, measureAllocation } from "./allocation.js";
export { type ConformanceRun, type ConformanceSpec, describeOptimizerConformance } from "./conformance.js";
export { type QuadraticProblem, quadraticProblem } from "./quadratic.js";
