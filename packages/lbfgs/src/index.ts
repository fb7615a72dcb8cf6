export { type LbfgsOptions, type LbfgsState, lbfgs } from "./lbfgs.js";
export {
  interpolateStep,
  type LineSearchOutcome,
  type LineSearchRecord,
  type LineSearchSettings,
  strongWolfeLineSearch,
} from "./lineSearch.js";
