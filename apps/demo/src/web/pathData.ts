import type { PathPicture } from "./pathProtocol.js";

/** One feature's weight along the path, against log10 of the strength: what the plot draws as a curve. */
export interface CoefficientCurve {
  readonly feature: string;
  /** The feature's column. */
  readonly index: number;
  /** One per path point, in the path's order (strongest penalty first): x = log10 s, y = w. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** One point of the path, with λ1 = r s and λ2 = (1 − r) s and its weights (a view, not a copy). */
export interface ChosenPathPoint {
  readonly index: number;
  readonly strength: number;
  readonly l1: number;
  readonly l2: number;
  readonly coefficients: Float64Array;
  readonly intercept: number;
  readonly nonZero: number;
  readonly objective: number;
  readonly testAccuracy: number | null;
}

export function featureCount(picture: PathPicture): number {
  return picture.featureNames.length;
}

/** A curve per feature: w_j at each strength, against log10 s. */
export function coefficientCurves(picture: PathPicture): CoefficientCurve[] {
  const features = featureCount(picture);
  const logStrengths = Array.from(picture.strengths, Math.log10);
  return picture.featureNames.map((feature, j) => ({
    feature,
    index: j,
    points: logStrengths.map((x, k) => ({ x, y: picture.coefficients[k * features + j]! })),
  }));
}

/** The extent of the curves: log10 s from the strongest to the weakest, and the weights with 0 included. */
export function pathExtent(picture: PathPicture): {
  readonly logStrongest: number;
  readonly logWeakest: number;
  readonly minWeight: number;
  readonly maxWeight: number;
} {
  let minWeight = 0;
  let maxWeight = 0;
  for (const weight of picture.coefficients) {
    if (weight < minWeight) minWeight = weight;
    if (weight > maxWeight) maxWeight = weight;
  }
  return {
    logStrongest: Math.log10(picture.strengths[0]!),
    logWeakest: Math.log10(picture.strengths[picture.strengths.length - 1]!),
    minWeight,
    maxWeight,
  };
}

export function pathPoint(picture: PathPicture, index: number): ChosenPathPoint {
  const features = featureCount(picture);
  const strength = picture.strengths[index]!;
  return {
    index,
    strength,
    l1: picture.l1Ratio * strength,
    l2: (1 - picture.l1Ratio) * strength,
    coefficients: picture.coefficients.subarray(index * features, (index + 1) * features),
    intercept: picture.intercepts[index]!,
    nonZero: picture.nonZero[index]!,
    objective: picture.objectives[index]!,
    testAccuracy: picture.testAccuracy === null ? null : picture.testAccuracy[index]!,
  };
}

/** The index of the path point whose log10 s is nearest `logStrength` (the first of a tie). */
export function nearestPathIndex(strengths: ArrayLike<number>, logStrength: number): number {
  let best = 0;
  for (let k = 1; k < strengths.length; k++) {
    if (
      Math.abs(Math.log10(strengths[k]!) - logStrength) < Math.abs(Math.log10(strengths[best]!) - logStrength)
    )
      best = k;
  }
  return best;
}

/** The point shown first: cross-validation's lambda.min when there is one, else the middle of the path. */
export function initialPathIndex(picture: PathPicture): number {
  return picture.crossValidation?.bestIndex ?? Math.floor((picture.strengths.length - 1) / 2);
}

/**
 * The features in the order the path lets them in (the first strength at which each weight is non-zero),
 * the ones that never enter last; ties keep column order. The order of importance an L1 path reveals.
 */
export function entryOrder(picture: PathPicture): number[] {
  const features = featureCount(picture);
  const points = picture.strengths.length;
  const entry = Array.from({ length: features }, (_, j) => {
    for (let k = 0; k < points; k++) if (picture.coefficients[k * features + j] !== 0) return k;
    return points;
  });
  return Array.from({ length: features }, (_, j) => j).sort((a, b) => entry[a]! - entry[b]! || a - b);
}
