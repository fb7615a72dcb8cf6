import {
  crossValidatePath,
  encodeLabels,
  isDescentError,
  type RegularizationPath,
  regularizationPath,
} from "@descent/core";
import { newton } from "@descent/newton";
import { pathPointAccuracy } from "../shared/pathAccuracy.js";
import type { ComputePath, FromPathWorker, PathPicture } from "./pathProtocol.js";

/** Per point, as the command line's --path (and regularizationPath's defaults): tight, so zeros are exact. */
const PATH_MAX_ITER = 1000;
const PATH_TOL = 1e-6;

/**
 * The regularization path the page asks for, with core's `regularizationPath` (warm starts, strongest
 * penalty first) or, with folds, `crossValidatePath` (whose `path` is the same path on all the rows).
 * Proximal Newton fits every point, as the command line's --path: it reaches each exact sparse optimum in
 * a handful of passes. Pure (no worker API), so it is tested in Node; pathWorker.ts connects it to messages.
 */
export function computePath(request: ComputePath): PathPicture {
  const started = performance.now();
  const { classes, targets } = encodeLabels(request.train.y);
  if (classes.length !== 2) {
    throw new Error(
      `The regularization path fits two classes (core's regularizationPath is binary); these data have ${classes.length}.`,
    );
  }
  const options = {
    X: request.train.X,
    y: targets,
    optimizer: newton({ mode: "exact" }),
    l1Ratio: request.l1Ratio,
    count: request.count,
    maxIter: PATH_MAX_ITER,
    tol: PATH_TOL,
  };
  let path: RegularizationPath;
  let crossValidation: PathPicture["crossValidation"] = null;
  if (request.folds > 0) {
    const validated = crossValidatePath({ ...options, folds: request.folds, seed: 0 });
    path = validated.path;
    crossValidation = {
      folds: request.folds,
      bestIndex: validated.bestIndex,
      oneStandardErrorIndex: validated.oneStandardErrorIndex,
      meanLoss: validated.meanLoss,
    };
  } else {
    path = regularizationPath(options);
  }
  const features = request.train.X.shape[1];
  const points = path.points;
  const coefficients = new Float64Array(points.length * features);
  for (const [k, point] of points.entries()) coefficients.set(point.coefficients, k * features);
  const hasTest = request.test.y.length > 0;
  return {
    featureNames: [...request.featureNames],
    classes: [classes[0]!, classes[1]!],
    l1Ratio: path.l1Ratio,
    strengths: Float64Array.from(points, (point) => point.strength),
    coefficients,
    intercepts: Float64Array.from(points, (point) => point.intercept),
    nonZero: Int32Array.from(points, (point) => point.nonZero),
    objectives: Float64Array.from(points, (point) => point.objective),
    testAccuracy: hasTest
      ? Float64Array.from(points, (point) => pathPointAccuracy(point, request.test, classes))
      : null,
    converged: points.every((point) => point.converged),
    crossValidation,
    milliseconds: performance.now() - started,
  };
}

/** Answers one request; a refusal (one class, a bad l1 ratio…) comes back as an error message. */
export function handlePathMessage(request: ComputePath): FromPathWorker {
  try {
    return { type: "path", picture: computePath(request) };
  } catch (error) {
    const text = isDescentError(error) || error instanceof Error ? error.message : String(error);
    return { type: "error", message: text };
  }
}
