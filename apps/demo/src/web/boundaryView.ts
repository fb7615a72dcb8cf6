import type { ViewBounds } from "./dataSources.js";

/** Cells per side of the probability grid: fine enough for a smooth picture, cheap to predict every frame. */
export const GRID_CELLS = 72;
const CORNERS = GRID_CELLS + 1;

/** The largest a plane is drawn, in CSS pixels; below it, it takes its container's width. */
const MAX_SIZE = 440;

/** Class colours as RGB, by class index (the model's sorted classes): blue, orange, then more for K > 2. */
const CLASS_RGB = [
  [47, 111, 223],
  [240, 138, 36],
  [47, 158, 68],
  [174, 62, 201],
  [120, 120, 120],
] as const;
const CLASS_CSS = CLASS_RGB.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`);

/** The CSS colour class `classIndex` is drawn in. */
export function classColour(classIndex: number): string {
  return CLASS_CSS[classIndex % CLASS_CSS.length]!;
}

function classRgb(classIndex: number): readonly [number, number, number] {
  return CLASS_RGB[classIndex % CLASS_RGB.length]!;
}

export interface DrawnPoint {
  readonly x: number;
  readonly y: number;
  /** The index of the row's class among the sorted classes (0: blue, 1: orange, …). */
  readonly classIndex: number;
  /** Test rows are drawn hollow: the model never trained on them. */
  readonly test: boolean;
}

export interface BoundaryPicture {
  readonly bounds: ViewBounds;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly DrawnPoint[];
  /** P(class k) at the grid's corners (`gridCorners` order) × K classes, row-major; null before training. */
  readonly probabilities: Float64Array | null;
  readonly classCount: number;
}

/**
 * The corners of the probability grid in data coordinates, row-major from the top row (y = yMax) down,
 * each row from x = xMin rightwards: a (GRID_CELLS + 1)² × 2 matrix to hand to predictProba.
 */
export function gridCorners(bounds: ViewBounds): { data: Float64Array; shape: [number, number] } {
  const data = new Float64Array(CORNERS * CORNERS * 2);
  for (let row = 0; row < CORNERS; row++) {
    const y = bounds.yMax - ((bounds.yMax - bounds.yMin) * row) / GRID_CELLS;
    for (let column = 0; column < CORNERS; column++) {
      const k = row * CORNERS + column;
      data[2 * k] = bounds.xMin + ((bounds.xMax - bounds.xMin) * column) / GRID_CELLS;
      data[2 * k + 1] = y;
    }
  }
  return { data, shape: [CORNERS * CORNERS, 2] };
}

/**
 * Pale colour of the likeliest class: white where the classes are equally likely (1/K each), deepening
 * as the likeliest one's probability approaches 1.
 */
function heatColour(probabilities: Float64Array, classCount: number, out: Uint8ClampedArray, offset: number) {
  let best = 0;
  for (let k = 1; k < classCount; k++) if (probabilities[k]! > probabilities[best]!) best = k;
  const even = 1 / classCount;
  const strength = Math.min(1, (probabilities[best]! - even) / (1 - even)) * 0.55;
  const [r, g, b] = classRgb(best);
  out[offset] = 255 + (r - 255) * strength;
  out[offset + 1] = 255 + (g - 255) * strength;
  out[offset + 2] = 255 + (b - 255) * strength;
  out[offset + 3] = 255;
}

export type PlaneClick = (x: number, y: number, secondary: boolean) => void;

interface Area {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A square canvas as wide as its container (up to MAX_SIZE): the model's class probabilities over the plane
 * as a heat map, its decision boundary, and the points.
 */
export class BoundaryView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly heat = document.createElement("canvas");
  /** The points, drawn once per picture and size: they do not move while a run steps. */
  private readonly pointsLayer = document.createElement("canvas");
  private pointsDrawn: { points: readonly DrawnPoint[]; bounds: ViewBounds; size: number } | null = null;
  private picture: BoundaryPicture | null = null;
  private size = 320;
  private readonly pad = { left: 46, bottom: 40, top: 8, right: 8 };

  constructor(title: string, testId: string, onClick: PlaneClick) {
    this.element = document.createElement("figure");
    this.element.className = "boundary";
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    this.canvas = document.createElement("canvas");
    this.canvas.dataset.testid = testId;
    this.heat.width = GRID_CELLS;
    this.heat.height = GRID_CELLS;
    this.element.append(caption, this.canvas);
    this.resize(this.size);
    // The canvas follows its figure's width (a phone's column, half a desktop's row).
    new ResizeObserver(() => {
      const width = Math.floor(this.element.clientWidth - 2 * 8);
      const size = Math.max(200, Math.min(MAX_SIZE, width));
      if (size !== this.size) {
        this.resize(size);
        if (this.picture !== null) this.draw(this.picture);
      }
    }).observe(this.element);

    const click = (event: MouseEvent, secondary: boolean) => {
      const point = this.toData(event);
      if (point !== null) onClick(point.x, point.y, secondary || event.shiftKey);
    };
    this.canvas.addEventListener("click", (event) => click(event, false));
    this.canvas.addEventListener("contextmenu", (event) => {
      event.preventDefault();
      click(event, true);
    });
  }

  private resize(size: number): void {
    this.size = size;
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    const ratio = globalThis.devicePixelRatio || 1;
    for (const canvas of [this.canvas, this.pointsLayer]) {
      canvas.width = Math.round(size * ratio);
      canvas.height = Math.round(size * ratio);
    }
    this.pointsDrawn = null;
  }

  setTitle(title: string): void {
    this.element.querySelector("figcaption")!.textContent = title;
  }

  private plotArea(): Area {
    const { left, bottom, top, right } = this.pad;
    return { left, top, width: this.size - left - right, height: this.size - top - bottom };
  }

  private toData(event: MouseEvent): { x: number; y: number } | null {
    if (this.picture === null) return null;
    const area = this.plotArea();
    const box = this.canvas.getBoundingClientRect();
    const u = (event.clientX - box.left - area.left) / area.width;
    const v = (event.clientY - box.top - area.top) / area.height;
    if (u < 0 || u > 1 || v < 0 || v > 1) return null;
    const { xMin, xMax, yMin, yMax } = this.picture.bounds;
    return { x: xMin + u * (xMax - xMin), y: yMax - v * (yMax - yMin) };
  }

  draw(picture: BoundaryPicture): void {
    this.picture = picture;
    const context = this.canvas.getContext("2d")!;
    const ratio = this.canvas.width / this.size;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.size, this.size);
    const area = this.plotArea();
    const { xMin, xMax, yMin, yMax } = picture.bounds;

    context.fillStyle = "#fafafa";
    context.fillRect(area.left, area.top, area.width, area.height);
    if (picture.probabilities !== null) this.drawHeat(context, picture, area);
    // The points layer has the canvas's own pixel size: copy it one to one.
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(this.drawnPoints(picture), 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);

    context.strokeStyle = "#999";
    context.lineWidth = 1;
    context.strokeRect(area.left + 0.5, area.top + 0.5, area.width - 1, area.height - 1);
    context.fillStyle = "#333";
    context.font = "11px system-ui, sans-serif";
    context.textAlign = "center";
    context.fillText(picture.xLabel, area.left + area.width / 2, this.size - 8, area.width);
    context.fillText(formatTick(xMin), area.left + 12, area.top + area.height + 14);
    context.fillText(formatTick(xMax), area.left + area.width - 14, area.top + area.height + 14);
    context.save();
    context.translate(12, area.top + area.height / 2);
    context.rotate(-Math.PI / 2);
    context.fillText(picture.yLabel, 0, 0, area.height);
    context.restore();
    context.textAlign = "right";
    context.fillText(formatTick(yMax), area.left - 4, area.top + 10);
    context.fillText(formatTick(yMin), area.left - 4, area.top + area.height);
  }

  /** The points on a transparent layer, redrawn only when the points, the bounds or the size change. */
  private drawnPoints(picture: BoundaryPicture): HTMLCanvasElement {
    const drawn = this.pointsDrawn;
    if (
      drawn !== null &&
      drawn.points === picture.points &&
      drawn.bounds === picture.bounds &&
      drawn.size === this.size
    )
      return this.pointsLayer;
    const context = this.pointsLayer.getContext("2d")!;
    const ratio = this.pointsLayer.width / this.size;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.size, this.size);
    const area = this.plotArea();
    const { xMin, xMax, yMin, yMax } = picture.bounds;
    const toX = (x: number) => area.left + ((x - xMin) / (xMax - xMin)) * area.width;
    const toY = (y: number) => area.top + ((yMax - y) / (yMax - yMin)) * area.height;
    // Points outside the view (clicked near an edge) stay inside the frame.
    context.save();
    context.beginPath();
    context.rect(area.left, area.top, area.width, area.height);
    context.clip();
    for (const point of picture.points) {
      context.beginPath();
      context.arc(toX(point.x), toY(point.y), point.test ? 3.6 : 3.4, 0, 2 * Math.PI);
      const colour = classColour(point.classIndex);
      if (point.test) {
        context.strokeStyle = colour;
        context.lineWidth = 1.6;
        context.stroke();
      } else {
        context.fillStyle = colour;
        context.fill();
        context.strokeStyle = "white";
        context.lineWidth = 0.8;
        context.stroke();
      }
    }
    context.restore();
    this.pointsDrawn = { points: picture.points, bounds: picture.bounds, size: this.size };
    return this.pointsLayer;
  }

  private drawHeat(context: CanvasRenderingContext2D, picture: BoundaryPicture, area: Area): void {
    const { probabilities, classCount } = picture;
    const heatContext = this.heat.getContext("2d")!;
    const image = heatContext.createImageData(GRID_CELLS, GRID_CELLS);
    const centre = new Float64Array(classCount);
    for (let row = 0; row < GRID_CELLS; row++) {
      for (let column = 0; column < GRID_CELLS; column++) {
        const k = row * CORNERS + column;
        // A cell's colour is its centre's probabilities, the mean of its four corners'.
        for (let c = 0; c < classCount; c++) {
          centre[c] =
            (probabilities![k * classCount + c]! +
              probabilities![(k + 1) * classCount + c]! +
              probabilities![(k + CORNERS) * classCount + c]! +
              probabilities![(k + CORNERS + 1) * classCount + c]!) /
            4;
        }
        heatColour(centre, classCount, image.data, 4 * (row * GRID_CELLS + column));
      }
    }
    heatContext.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(this.heat, area.left, area.top, area.width, area.height);
    // Class k's region ends where P(k) equals the largest other probability. With two classes both regions
    // share one edge (P = 0.5), so tracing one of them suffices.
    const margin = new Float64Array(CORNERS * CORNERS);
    context.beginPath();
    for (let k = classCount === 2 ? 1 : 0; k < classCount; k++) {
      for (let corner = 0; corner < margin.length; corner++) {
        let largestOther = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < classCount; c++) {
          if (c !== k) largestOther = Math.max(largestOther, probabilities![corner * classCount + c]!);
        }
        margin[corner] = probabilities![corner * classCount + k]! - largestOther;
      }
      traceZeroLevel(context, margin, area);
    }
    context.strokeStyle = "#222";
    context.lineWidth = 1.5;
    context.stroke();
  }
}

/**
 * Adds to the current path where a field on the grid's corners crosses 0, cell by cell (marching squares
 * with linear interpolation).
 */
function traceZeroLevel(context: CanvasRenderingContext2D, field: Float64Array, area: Area): void {
  const cellWidth = area.width / GRID_CELLS;
  const cellHeight = area.height / GRID_CELLS;
  const crossings: [number, number][] = [];
  for (let row = 0; row < GRID_CELLS; row++) {
    for (let column = 0; column < GRID_CELLS; column++) {
      const k = row * CORNERS + column;
      // Corners clockwise from top-left, and where the 0 level crosses each edge.
      const corners = [
        [column, row, field[k]!],
        [column + 1, row, field[k + 1]!],
        [column + 1, row + 1, field[k + CORNERS + 1]!],
        [column, row + 1, field[k + CORNERS]!],
      ] as const;
      crossings.length = 0;
      for (let edge = 0; edge < 4; edge++) {
        const [x0, y0, f0] = corners[edge]!;
        const [x1, y1, f1] = corners[(edge + 1) % 4]!;
        if (f0 >= 0 !== f1 >= 0) {
          const t = f0 / (f0 - f1);
          crossings.push([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]);
        }
      }
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        context.moveTo(area.left + crossings[c]![0] * cellWidth, area.top + crossings[c]![1] * cellHeight);
        context.lineTo(
          area.left + crossings[c + 1]![0] * cellWidth,
          area.top + crossings[c + 1]![1] * cellHeight,
        );
      }
    }
  }
}

function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 1 ? value.toFixed(1) : value.toPrecision(2);
}
