export {
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  inverseScaling,
  type LearningRate,
  type Schedule,
  stepDecay,
} from "@descent/core";
export { type FistaState, fistaExtrapolation } from "./fista.js";
export { type MomentumOptions, type MomentumState, momentum } from "./momentum.js";
