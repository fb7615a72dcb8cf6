export {
  isObjectiveBackend,
  type LogisticObjective,
  type LogisticProblem,
  type MultinomialObjective,
  type MultinomialProblem,
  type ObjectiveBackend,
} from "./backend.js";
export { checkRowNumber, checkRowWindow, checkVector } from "./bufferChecks.js";
export { CountingObjective, type EvaluationCounts, MinibatchObjective } from "./countingObjective.js";
export {
  type CrossValidatedPath,
  type CrossValidationOptions,
  crossValidatePath,
  stratifiedFolds,
} from "./crossValidation.js";
export {
  DescentError,
  type DescentErrorCode,
  type DescentErrorLocation,
  describeValue,
  isDescentError,
} from "./errors.js";
export {
  checkGradient,
  checkHessian,
  checkHessianVectorProduct,
  type DerivativeCheck,
  finiteDifferenceGradient,
} from "./finiteDifferences.js";
export {
  l1Penalty,
  pseudoGradient,
  pseudoGradientEntry,
  pseudoGradientNorm,
  pseudoGradientSum,
} from "./l1Penalty.js";
export { type EncodedLabels, encodeLabels, type Label, normalizeSampleWeights } from "./labels.js";
export {
  checkLogisticProblem,
  type LogisticObjectiveOptions,
  logisticObjective,
  referenceLogisticObjective,
} from "./logisticObjective.js";
export {
  type ClassWeight,
  type FitOptions,
  LogisticRegression,
  type LogisticRegressionJSON,
  type LogisticRegressionJSONVersion1,
  type LogisticRegressionOptions,
} from "./logisticRegression.js";
export {
  CsrMatrix,
  type CsrMatrixInput,
  DenseMatrix,
  type DenseMatrixInput,
  type DesignMatrix,
  Float32DenseMatrix,
  type MatrixInput,
  type StoredMatrix,
  toDesignMatrix,
} from "./matrix.js";
export {
  type AbortSignalLike,
  type Checkpoint,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  NOISE_STALL_ITERATIONS,
  type Progress,
  ROUNDING_LOSS_CHANGE,
  type StopReason,
} from "./minimize.js";
export { type MinimizeAsyncOptions, minimizeAsync } from "./minimizeAsync.js";
export {
  checkMultinomialProblem,
  type MultinomialObjectiveOptions,
  multinomialObjective,
  referenceMultinomialObjective,
} from "./multinomialObjective.js";
export { logisticCurvature, logisticLoss, logisticResidual, sigmoid, softplus } from "./numerics.js";
export {
  type FiniteSumObjective,
  isFiniteSum,
  l1Strength,
  type Objective,
  penalizedCountOf,
} from "./objective.js";
export {
  finishGradient,
  finishHessian,
  finishHessianVectorProduct,
  l2Penalty,
} from "./objectiveTerms.js";
export type {
  AnyOptimizer,
  Optimizer,
  OptimizerRequirements,
  StateOf,
  StateRecord,
  StateValue,
} from "./optimizer.js";
export { checkOptionNames } from "./optionNames.js";
export {
  checkBooleanOption,
  checkChoiceOption,
  checkNumberOption,
  type NumberConstraint,
} from "./options.js";
export {
  createRandomState,
  nextUniform,
  type RandomState,
  shuffleInPlace,
  shuffleWithinBlocks,
} from "./random.js";
export {
  geometricStrengths,
  maxStrength,
  type RegularizationPath,
  type RegularizationPathOptions,
  type RegularizationPathPoint,
  regularizationPath,
} from "./regularizationPath.js";
export {
  constantSchedule,
  cosineDecay,
  describeLearningRate,
  exponentialDecay,
  inverseScaling,
  type LearningRate,
  type Schedule,
  stepDecay,
  toSchedule,
} from "./schedules.js";
export {
  absoluteSumNdarray,
  softThreshold,
  softThresholdNdarray,
  softThresholdPreconditioned,
} from "./softThreshold.js";
export { cloneState } from "./state.js";
export {
  addDecayedWeights,
  biasCorrection,
  chain,
  type GradientTransformation,
  gradientTransformationOptimizer,
  proximal,
  type StepCountState,
  scaleByLearningRate,
  type TraceOptions,
  type TraceState,
  trace,
  type UpdateExtras,
  updateMoment,
} from "./transforms.js";
export { axpy, dot, infinityNorm, scale } from "./vector.js";
