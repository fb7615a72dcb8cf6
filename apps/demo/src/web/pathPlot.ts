import { svgElement } from "./dom.js";
import { coefficientCurves, nearestPathIndex, pathExtent } from "./pathData.js";
import type { PathPicture } from "./pathProtocol.js";
import { integerTicks, linearScale, niceTicks, paddedDomain, powerOfTenLabel } from "./plotScales.js";

/**
 * The drawing's width before the page is laid out; after, the viewBox is as wide as the element in CSS
 * pixels, so that text keeps its size on a phone rather than shrink with the picture.
 */
const DEFAULT_WIDTH = 720;
const MARGIN = { left: 56, right: 16, top: 28, bottom: 44 };

/** Tableau's ten colours: 30 features repeat them, and hovering a curve names its feature. */
const CURVE_COLOURS = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;

/** A vertical line the plot marks a strength with: the chosen one, or cross-validation's picks. */
type MarkerKind = "chosen" | "lambda-min" | "lambda-1se";

/**
 * The regularization path as glmnet plots it: each coefficient against log10 of the strength, one curve
 * per feature, drawn in SVG (so each curve is an element a test can count and a person can hover). The
 * strongest penalty is on the left, where every weight is 0, as the path is fitted; the chosen strength
 * is a solid line, cross-validation's lambda.min and lambda.1se dashed ones. A click picks the nearest
 * strength.
 */
export class PathPlot {
  readonly element: SVGSVGElement;
  private picture: PathPicture | null = null;
  private chosenIndex = 0;
  private width = DEFAULT_WIDTH;
  /** From a click's position in the drawing to log10 s (the inverse of the x scale). */
  private logStrengthAt: ((x: number) => number) | null = null;

  constructor(onChoose: (index: number) => void) {
    this.element = svgElement("svg", {
      class: "path-plot",
      role: "img",
      "aria-label": "regularization path: each coefficient against the strength",
    });
    this.element.dataset.testid = "path-plot";
    this.element.addEventListener("click", (event) => {
      if (this.picture === null || this.logStrengthAt === null) return;
      const box = this.element.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * this.width;
      onChoose(nearestPathIndex(this.picture.strengths, this.logStrengthAt(x)));
    });
    new ResizeObserver(() => {
      const width = this.currentWidth();
      if (width !== this.width && this.picture !== null) this.draw(this.picture, this.chosenIndex);
    }).observe(this.element);
  }

  private currentWidth(): number {
    return Math.max(300, Math.round(this.element.clientWidth) || DEFAULT_WIDTH);
  }

  clear(): void {
    this.picture = null;
    this.logStrengthAt = null;
    this.element.replaceChildren();
  }

  draw(picture: PathPicture, chosenIndex: number): void {
    this.picture = picture;
    this.chosenIndex = chosenIndex;
    const width = this.currentWidth();
    this.width = width;
    const height = width < 500 ? 280 : 320;
    this.element.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const extent = pathExtent(picture);
    const xDomain: [number, number] = [extent.logStrongest, extent.logWeakest];
    const left = MARGIN.left;
    const right = width - MARGIN.right;
    const top = MARGIN.top;
    const bottom = height - MARGIN.bottom;
    const x = linearScale(xDomain, [left, right]);
    this.logStrengthAt = linearScale([left, right], xDomain);
    const yDomain = paddedDomain(extent.minWeight, extent.maxWeight, 0.05);
    const y = linearScale(yDomain, [bottom, top]);

    const grid = svgElement("g", { class: "grid" });
    const labels = svgElement("g", { class: "axis-labels" });
    const low = Math.min(...xDomain);
    const high = Math.max(...xDomain);
    // Powers of ten where the path spans a decade or more, else round values of log10 s.
    const decades = integerTicks(low, high);
    const xTicks =
      decades.length >= 2
        ? decades.map((tick) => ({ at: tick, text: powerOfTenLabel(tick) }))
        : niceTicks(low, high, 4).map((tick) => ({ at: tick, text: (10 ** tick).toPrecision(2) }));
    for (const tick of xTicks) {
      grid.append(svgElement("line", { x1: x(tick.at), x2: x(tick.at), y1: top, y2: bottom }));
      labels.append(
        svgElement("text", { x: x(tick.at), y: bottom + 16, "text-anchor": "middle" }, tick.text),
      );
    }
    for (const tick of niceTicks(yDomain[0], yDomain[1], 6)) {
      grid.append(svgElement("line", { x1: left, x2: right, y1: y(tick), y2: y(tick) }));
      labels.append(svgElement("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, String(tick)));
    }
    labels.append(
      svgElement(
        "text",
        { x: (left + right) / 2, y: height - 6, "text-anchor": "middle", class: "axis-title" },
        width < 500 ? "strength s (log scale)" : "strength s (log scale), strongest penalty on the left",
      ),
      svgElement(
        "text",
        {
          x: 14,
          y: (top + bottom) / 2,
          "text-anchor": "middle",
          class: "axis-title",
          transform: `rotate(-90 14 ${(top + bottom) / 2})`,
        },
        "coefficient w",
      ),
    );
    const zero = svgElement("line", { class: "zero", x1: left, x2: right, y1: y(0), y2: y(0) });

    const curves = svgElement("g", { class: "curves" });
    for (const curve of coefficientCurves(picture)) {
      const d = curve.points
        .map((point, k) => `${k === 0 ? "M" : "L"}${x(point.x).toFixed(2)},${y(point.y).toFixed(2)}`)
        .join("");
      const path = svgElement("path", {
        d,
        class: "coefficient-curve",
        stroke: CURVE_COLOURS[curve.index % CURVE_COLOURS.length]!,
      });
      path.dataset.feature = curve.feature;
      path.append(svgElement("title", {}, curve.feature));
      curves.append(path);
    }

    const markers = svgElement("g", { class: "markers" });
    /** A line at point `index`, labelled above the plot in `row` (0 or 1), its text towards `side`. */
    const mark = (kind: MarkerKind, index: number, text: string, row: number, side: "left" | "right") => {
      const at = x(Math.log10(picture.strengths[index]!));
      const line = svgElement("line", { class: `marker ${kind}`, x1: at, x2: at, y1: top, y2: bottom });
      line.dataset.marker = kind;
      line.dataset.index = String(index);
      const label = svgElement(
        "text",
        {
          class: `marker-label ${kind}`,
          x: at + (side === "left" ? -4 : 4),
          y: 11 + 12 * row,
          "text-anchor": side === "left" ? "end" : "start",
        },
        text,
      );
      markers.append(line, label);
    };
    const validation = picture.crossValidation;
    if (validation !== null) {
      // lambda.1se is never right of lambda.min (a larger strength): their labels point apart.
      mark("lambda-1se", validation.oneStandardErrorIndex, "λ.1se", 1, "left");
      mark("lambda-min", validation.bestIndex, "λ.min", 1, "right");
    }
    const chosenAt = x(Math.log10(picture.strengths[chosenIndex]!));
    mark("chosen", chosenIndex, "chosen", 0, chosenAt > (left + right) / 2 ? "left" : "right");

    this.element.replaceChildren(
      svgElement("rect", { class: "frame", x: left, y: top, width: right - left, height: bottom - top }),
      grid,
      zero,
      curves,
      markers,
      labels,
    );
    this.element.dataset.curves = String(picture.featureNames.length);
    this.element.dataset.chosen = String(chosenIndex);
  }
}
