export {
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  inverseScaling,
  type LearningRate,
  type Schedule,
  stepDecay,
} from "@descent/core";
export { type SgdOptions, type SgdState, sgd } from "./sgd.js";
