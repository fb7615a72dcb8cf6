import type { ViewBounds } from "./dataSources.js";

/** Cells per side of the probability grid: fine enough for a smooth picture, cheap to predict every frame. */
export const GRID_CELLS = 72;
const CORNERS = GRID_CELLS + 1;

/** The two class colours (negative, positive) as RGB, and the page's text colour for the 0.5 line. */
const CLASS_RGB = [
  [47, 111, 223],
  [240, 138, 36],
] as const;
const CLASS_CSS = CLASS_RGB.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`);

export interface DrawnPoint {
  readonly x: number;
  readonly y: number;
  /** 0 for the negative class (blue), 1 for the positive one (orange). */
  readonly classIndex: 0 | 1;
  /** Test rows are drawn hollow: the model never trained on them. */
  readonly test: boolean;
}

export interface BoundaryPicture {
  readonly bounds: ViewBounds;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly DrawnPoint[];
  /** P(positive) at the grid's corners (`gridCorners` order), or null before training. */
  readonly probabilities: Float64Array | null;
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

/** Pale class colour by probability: white at 0.5, deepening towards either class. */
function heatColour(probability: number, out: Uint8ClampedArray, offset: number): void {
  const side = probability >= 0.5 ? 1 : 0;
  const strength = Math.min(1, Math.abs(probability - 0.5) * 2) * 0.55;
  const [r, g, b] = CLASS_RGB[side];
  out[offset] = 255 + (r - 255) * strength;
  out[offset + 1] = 255 + (g - 255) * strength;
  out[offset + 2] = 255 + (b - 255) * strength;
  out[offset + 3] = 255;
}

export type PlaneClick = (x: number, y: number, secondary: boolean) => void;

/** A square canvas: the model's P(positive) over the plane as a heat map, its 0.5 line, and the points. */
export class BoundaryView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly heat = document.createElement("canvas");
  private picture: BoundaryPicture | null = null;
  private readonly size = 380;
  private readonly pad = { left: 46, bottom: 40, top: 8, right: 8 };

  constructor(title: string, testId: string, onClick: PlaneClick) {
    this.element = document.createElement("figure");
    this.element.className = "boundary";
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    this.canvas = document.createElement("canvas");
    this.canvas.dataset.testid = testId;
    this.canvas.style.width = `${this.size}px`;
    this.canvas.style.height = `${this.size}px`;
    const ratio = globalThis.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.size * ratio);
    this.canvas.height = Math.round(this.size * ratio);
    this.heat.width = GRID_CELLS;
    this.heat.height = GRID_CELLS;
    this.element.append(caption, this.canvas);

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

  setTitle(title: string): void {
    this.element.querySelector("figcaption")!.textContent = title;
  }

  private plotArea() {
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
    const toX = (x: number) => area.left + ((x - xMin) / (xMax - xMin)) * area.width;
    const toY = (y: number) => area.top + ((yMax - y) / (yMax - yMin)) * area.height;

    context.fillStyle = "#fafafa";
    context.fillRect(area.left, area.top, area.width, area.height);
    if (picture.probabilities !== null) this.drawHeat(context, picture.probabilities, area);

    for (const point of picture.points) {
      context.beginPath();
      context.arc(toX(point.x), toY(point.y), point.test ? 3.6 : 3.4, 0, 2 * Math.PI);
      if (point.test) {
        context.strokeStyle = CLASS_CSS[point.classIndex]!;
        context.lineWidth = 1.6;
        context.stroke();
      } else {
        context.fillStyle = CLASS_CSS[point.classIndex]!;
        context.fill();
        context.strokeStyle = "white";
        context.lineWidth = 0.8;
        context.stroke();
      }
    }

    context.strokeStyle = "#999";
    context.lineWidth = 1;
    context.strokeRect(area.left + 0.5, area.top + 0.5, area.width - 1, area.height - 1);
    context.fillStyle = "#333";
    context.font = "11px system-ui, sans-serif";
    context.textAlign = "center";
    context.fillText(picture.xLabel, area.left + area.width / 2, this.size - 8);
    context.fillText(formatTick(xMin), area.left + 12, area.top + area.height + 14);
    context.fillText(formatTick(xMax), area.left + area.width - 14, area.top + area.height + 14);
    context.save();
    context.translate(12, area.top + area.height / 2);
    context.rotate(-Math.PI / 2);
    context.fillText(picture.yLabel, 0, 0);
    context.restore();
    context.textAlign = "right";
    context.fillText(formatTick(yMax), area.left - 4, area.top + 10);
    context.fillText(formatTick(yMin), area.left - 4, area.top + area.height);
  }

  private drawHeat(
    context: CanvasRenderingContext2D,
    probabilities: Float64Array,
    area: { left: number; top: number; width: number; height: number },
  ): void {
    const heatContext = this.heat.getContext("2d")!;
    const image = heatContext.createImageData(GRID_CELLS, GRID_CELLS);
    for (let row = 0; row < GRID_CELLS; row++) {
      for (let column = 0; column < GRID_CELLS; column++) {
        const k = row * CORNERS + column;
        // A cell's colour is its centre's probability, the mean of its four corners.
        const centre =
          (probabilities[k]! +
            probabilities[k + 1]! +
            probabilities[k + CORNERS]! +
            probabilities[k + CORNERS + 1]!) /
          4;
        heatColour(centre, image.data, 4 * (row * GRID_CELLS + column));
      }
    }
    heatContext.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(this.heat, area.left, area.top, area.width, area.height);
    this.drawHalfLine(context, probabilities, area);
  }

  /** The decision boundary, P = 0.5, traced cell by cell (marching squares with linear interpolation). */
  private drawHalfLine(
    context: CanvasRenderingContext2D,
    probabilities: Float64Array,
    area: { left: number; top: number; width: number; height: number },
  ): void {
    const cell = area.width / GRID_CELLS;
    const cellHeight = area.height / GRID_CELLS;
    context.beginPath();
    for (let row = 0; row < GRID_CELLS; row++) {
      for (let column = 0; column < GRID_CELLS; column++) {
        const k = row * CORNERS + column;
        // Corners clockwise from top-left, and where the 0.5 level crosses each edge.
        const corners = [
          [column, row, probabilities[k]!],
          [column + 1, row, probabilities[k + 1]!],
          [column + 1, row + 1, probabilities[k + CORNERS + 1]!],
          [column, row + 1, probabilities[k + CORNERS]!],
        ] as const;
        const crossings: [number, number][] = [];
        for (let edge = 0; edge < 4; edge++) {
          const [x0, y0, p0] = corners[edge]!;
          const [x1, y1, p1] = corners[(edge + 1) % 4]!;
          if (p0 >= 0.5 !== p1 >= 0.5) {
            const t = (0.5 - p0) / (p1 - p0);
            crossings.push([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]);
          }
        }
        for (let c = 0; c + 1 < crossings.length; c += 2) {
          context.moveTo(area.left + crossings[c]![0] * cell, area.top + crossings[c]![1] * cellHeight);
          context.lineTo(
            area.left + crossings[c + 1]![0] * cell,
            area.top + crossings[c + 1]![1] * cellHeight,
          );
        }
      }
    }
    context.strokeStyle = "#222";
    context.lineWidth = 1.5;
    context.stroke();
  }
}

function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 1 ? value.toFixed(1) : value.toPrecision(2);
}
