export {
  checkGradient,
  checkHessian,
  checkHessianVectorProduct,
  type DerivativeCheck,
  finiteDifferenceGradient,
} from "@descent/core";
export {
  breastCancerProblems,
  irisProblem,
  type ReferenceProblem,
  referenceProblems,
} from "@descent/datasets";
export { type AllocationMeasurement, measureAllocation } from "./allocation.js";
export { type ConformanceRun, type ConformanceSpec, describeOptimizerConformance } from "./conformance.js";
export { type QuadraticProblem, quadraticProblem } from "./quadratic.js";
