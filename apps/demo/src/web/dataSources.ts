import { createRandomState, nextUniform, type RandomState } from "@descent/core";
import { loadBreastCancer, loadIris } from "@descent/datasets";
import { fromDataset, type LabelledData, selectColumns } from "../shared/labelledData.js";

/** A clicked point of the 2-D playground. */
export interface PlanePoint {
  readonly x: number;
  readonly y: number;
  readonly label: PlaygroundClass;
}

/** The playground's two classes, named by the colour they are drawn in. */
export type PlaygroundClass = "blue" | "orange";

/** The part of the plane that a view shows. */
export interface ViewBounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export const PLAYGROUND_BOUNDS: ViewBounds = { xMin: -4, xMax: 4, yMin: -4, yMax: 4 };

/** A standard normal draw (Box–Muller), from the seeded generator core uses for shuffling. */
function normal(random: RandomState): number {
  const u = 1 - nextUniform(random); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextUniform(random));
}

/** Two overlapping round clouds, the same every time: something to train on before any click. */
export function startingPoints(): PlanePoint[] {
  const random = createRandomState(2024);
  const points: PlanePoint[] = [];
  for (let k = 0; k < 30; k++) {
    points.push({ x: -1.1 + 0.9 * normal(random), y: -0.6 + 0.9 * normal(random), label: "blue" });
    points.push({ x: 1.0 + 0.9 * normal(random), y: 1.0 + 0.9 * normal(random), label: "orange" });
  }
  return points;
}

export function playgroundData(points: readonly PlanePoint[]): LabelledData<string> {
  const data = new Float64Array(points.length * 2);
  for (let k = 0; k < points.length; k++) {
    data[2 * k] = points[k]!.x;
    data[2 * k + 1] = points[k]!.y;
  }
  return {
    featureNames: ["x₁", "x₂"],
    data,
    shape: [points.length, 2],
    labels: points.map((point) => point.label),
    lines: null,
  };
}

const breastCancer = loadBreastCancer();
export const breastCancerFeatureNames: readonly string[] = breastCancer.featureNames;
export const breastCancerCitation: string = breastCancer.citation;

/** The embedded breast-cancer data with all 30 features, in their own units (the regularization path's). */
export function breastCancerAll(): LabelledData<string> {
  return fromDataset(breastCancer);
}

/** The embedded breast-cancer data seen through two of its features, in their own units. */
export function breastCancerPlane(xFeature: string, yFeature: string): LabelledData<string> {
  const all = breastCancerAll();
  return selectColumns(all, [all.featureNames.indexOf(xFeature), all.featureNames.indexOf(yFeature)]);
}

const iris = loadIris();
export const irisCitation: string = iris.citation;

/**
 * Fisher's iris, all three species, seen through its petals' length and width (in cm): the classic picture of
 * three classes, which the multinomial loss separates into three regions.
 */
export function irisPlane(): LabelledData<string> {
  const all = fromDataset(iris);
  return selectColumns(all, [
    all.featureNames.indexOf("petal_length"),
    all.featureNames.indexOf("petal_width"),
  ]);
}

/** The rows' range in both columns, widened by `margin` of the range on every side. */
export function boundsOf(data: LabelledData, margin = 0.06): ViewBounds {
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.shape[0]; i++) {
    const x = data.data[2 * i]!;
    const y = data.data[2 * i + 1]!;
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  const dx = (xMax - xMin || 1) * margin;
  const dy = (yMax - yMin || 1) * margin;
  return { xMin: xMin - dx, xMax: xMax + dx, yMin: yMin - dy, yMax: yMax + dy };
}
