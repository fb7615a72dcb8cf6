import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { LossPoint } from "../shared/steppedRun.js";

export const RUN_COLOURS = ["#c2255c", "#0b7285"] as const;

/** The chart's padding (style.css), which uPlot's canvas must leave free inside the element. */
const CHART_PADDING = 8;

/** The last non-null value of a series, and its index, or null when it has none yet. */
function lastValue(values: ArrayLike<number | null | undefined>): { value: number; index: number } | null {
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined) return { value, index };
  }
  return null;
}

/**
 * The loss of one or two runs against the iteration, on a log scale, drawn by uPlot as wide as its
 * container. The legend shows each run's latest loss, and the values under the cursor while hovering.
 */
export class LossChart {
  readonly element: HTMLElement;
  private plot: uPlot | null = null;
  private labels: string[] = [];
  private logIterations = false;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "loss-chart";
    this.element.dataset.testid = "loss-chart";
    // The element's width, not the window's, decides: the page's columns change at a breakpoint.
    new ResizeObserver(() => {
      const size = this.size();
      if (this.plot !== null && (size.width !== this.plot.width || size.height !== this.plot.height))
        this.plot.setSize(size);
    }).observe(this.element);
  }

  private size(): { width: number; height: number } {
    const width = Math.max(200, Math.floor(this.element.clientWidth - 2 * CHART_PADDING) || 760);
    return { width, height: width < 500 ? 240 : 280 };
  }

  /** Starts a new chart for runs with these labels ("A: sgd", …). */
  reset(labels: readonly string[]): void {
    this.plot?.destroy();
    this.labels = [...labels];
    const options: uPlot.Options = {
      ...this.size(),
      title: "loss F(θ) = mean log loss (logistic, or softmax for 3+ classes) + λ1‖w‖₁ + (λ2/2)‖w‖²",
      // asinh (distr 4) is logarithmic away from 0 and linear near it, so iteration 0 still has a place.
      scales: {
        x: {
          time: false,
          distr: this.logIterations ? 4 : 1,
          range: (_plot, _min, max) => [0, Math.max(1, max)],
        },
        y: { distr: 3 },
      },
      axes: [
        // Iterations are whole numbers: ticks at 1, 2, 5, 10, … never at 0.5.
        {
          label: this.logIterations ? "iteration (log scale)" : "iteration",
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000],
          // The asinh scale pads its range below 0 to a "nice" −1 (there are no negative iterations), and
          // its grid has lines at 2…9 × 10ᵏ: label 0 and the powers of ten only.
          values: (_plot, splits) =>
            splits.map((split) =>
              split < 0 || (this.logIterations && split !== 0 && !/^10*$/.test(String(split)))
                ? null
                : String(split),
            ),
        },
        { label: "loss (log scale)", size: 70 },
      ],
      series: [
        {
          label: "iteration",
          // Not hovering (no index), the legend shows every run's latest value: say so.
          value: (plot: uPlot, value: number | null, _series: number, index: number | null) =>
            index === null ? (plot.data[0].length === 0 ? "—" : "latest") : String(value),
        },
        ...labels.map((label, index) => ({
          label,
          stroke: RUN_COLOURS[index % RUN_COLOURS.length]!,
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: (plot: uPlot, value: number | null, series: number, at: number | null) => {
            if (at !== null) return value === null ? "—" : value.toPrecision(6);
            // Runs stop at different iterations (Newton's 6, Adam's hundreds): each shows its own last.
            const last = lastValue(plot.data[series] ?? []);
            return last === null ? "—" : `${last.value.toPrecision(6)} at ${plot.data[0][last.index]}`;
          },
        })),
      ],
      legend: { live: true },
    };
    this.plot = new uPlot(options, [[], ...labels.map(() => [])], this.element);
  }

  /** Switches the iteration axis between linear and logarithmic; the next `update` redraws the data. */
  setLogIterations(on: boolean): void {
    this.logIterations = on;
    this.element.dataset.logIterations = String(on);
    this.reset(this.labels);
  }

  /** Redraws with each run's losses so far; runs whose iterations differ share one x axis with gaps. */
  update(runs: readonly (readonly LossPoint[])[]): void {
    if (this.plot === null || runs.length !== this.labels.length) return;
    const iterations = [...new Set(runs.flatMap((points) => points.map((point) => point.iteration)))].sort(
      (a, b) => a - b,
    );
    const position = new Map(iterations.map((iteration, index) => [iteration, index]));
    const series = runs.map((points) => {
      const values: (number | null)[] = new Array(iterations.length).fill(null);
      for (const point of points) values[position.get(point.iteration)!] = point.loss;
      return values;
    });
    this.plot.setData([iterations, ...series] as uPlot.AlignedData);
  }
}
