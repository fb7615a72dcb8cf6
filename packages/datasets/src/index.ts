export {
  applyStandardization,
  binaryTargets,
  type Dataset,
  filterRows,
  fitStandardization,
  type Standardization,
  standardized,
} from "./dataset.js";
export { breastCancerL1Problems, irisL1Problem, type L1ReferenceProblem } from "./l1ReferenceProblems.js";
export { loadBreastCancer, loadIris } from "./loaders.js";
export {
  breastCancerProblems,
  irisProblem,
  type ReferenceProblem,
  referenceProblems,
} from "./referenceProblems.js";
