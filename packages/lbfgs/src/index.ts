export { type LbfgsOptions, lbfgs } from "./lbfgs.js";
export type { LbfgsState } from "./lbfgsState.js";
export {
  interpolateStep,
  type LineSearchOutcome,
  type LineSearchRecord,
  type LineSearchSettings,
  strongWolfeLineSearch,
} from "./lineSearch.js";
