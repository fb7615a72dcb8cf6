export {
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  inverseScaling,
  type LearningRate,
  type Schedule,
  stepDecay,
} from "@descent/core";
export { type AdamOptions, type AdamState, type AdamWOptions, adam, adamw } from "./adam.js";
export { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from "./scaleByAdam.js";
