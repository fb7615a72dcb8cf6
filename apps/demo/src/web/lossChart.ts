import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { LossPoint } from "../shared/steppedRun.js";

export const RUN_COLOURS = ["#c2255c", "#0b7285"] as const;

/** The loss of one or two runs against the iteration, on a log scale, drawn by uPlot. */
export class LossChart {
  readonly element: HTMLElement;
  private plot: uPlot | null = null;
  private labels: string[] = [];
  private logIterations = false;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "loss-chart";
    this.element.dataset.testid = "loss-chart";
    globalThis.addEventListener("resize", () => this.plot?.setSize(this.size()));
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(320, this.element.clientWidth || 760), height: 280 };
  }

  /** Starts a new chart for runs with these labels ("A: sgd", …). */
  reset(labels: readonly string[]): void {
    this.plot?.destroy();
    this.labels = [...labels];
    const options: uPlot.Options = {
      ...this.size(),
      title: "loss f(θ) = mean logistic loss + (λ/2)‖w‖²",
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
        { label: "iteration" },
        ...labels.map((label, index) => ({
          label,
          stroke: RUN_COLOURS[index % RUN_COLOURS.length]!,
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: (_: uPlot, value: number | null) => (value === null ? "—" : value.toPrecision(6)),
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
