export type { CholeskyWorkspace } from "./cholesky.js";
export type { ConjugateGradientExit, ConjugateGradientWorkspace } from "./conjugateGradient.js";
export type { LineSearchWorkspace } from "./lineSearch.js";
export {
  type NewtonMode,
  type NewtonOptions,
  type NewtonSolver,
  type NewtonState,
  newton,
} from "./newton.js";
