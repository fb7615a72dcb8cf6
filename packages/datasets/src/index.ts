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
export { loadBreastCancer, loadDigits, loadIris, loadWine } from "./loaders.js";
export {
  classWeightProblems,
  digitsProblems,
  irisMultinomialProblems,
  type MultinomialReferenceProblem,
  multinomialReferenceProblems,
  scaledDigits,
  wineProblems,
} from "./multinomialProblems.js";
export type { MultinomialOptimum } from "./referenceOptimaMultinomial.generated.js";
export {
  breastCancerProblems,
  irisProblem,
  type ReferenceProblem,
  referenceProblems,
} from "./referenceProblems.js";
export {
  fillSyntheticLinearProblem,
  syntheticFeatureNames,
  syntheticLinearProblem,
  syntheticLinearSql,
} from "./syntheticLinearProblem.js";
