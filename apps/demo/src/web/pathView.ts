import type { Label } from "@descent/core";
import type { Part } from "../shared/labelledData.js";
import { element, numberInput } from "./dom.js";
import { field } from "./optimizerPanel.js";
import { entryOrder, initialPathIndex, pathPoint } from "./pathData.js";
import { PathPlot } from "./pathPlot.js";
import type { ComputePath, FromPathWorker, PathPicture } from "./pathProtocol.js";

/** What the page offers the path: standardized rows and their feature names. */
export interface PathData {
  readonly featureNames: readonly string[];
  readonly train: Part<Label>;
  readonly test: Part<Label>;
  /** True when these are the features the runs train on (the plane's two): then a strength can go to the runs. */
  readonly sameAsRuns: boolean;
}

/** The folds of the cross-validation that picks a strength (cv.glmnet's and LogisticRegressionCV's default). */
const FOLDS = 5;

/** A weight as the table shows it: an exact 0 as "0", others to four significant digits. */
function weightText(weight: number): string {
  return weight === 0 ? "0" : weight.toPrecision(4);
}

/**
 * The regularization path panel: its settings, the plot (pathPlot.ts), the chosen strength's model (the
 * weights in the order the path lets the features in, dropped ones exactly 0), and a button that gives
 * the chosen λ1, λ2 to the runs. The path is computed in its own Web Worker (pathWorker.ts), so the page
 * never waits for the fits; a new request or new data ends the worker at once.
 */
export class PathView {
  readonly element: HTMLElement;
  private readonly features = element("select", { id: "path-features" });
  private readonly featuresField = field("features", this.features);
  private readonly l1Ratio = numberInput("path-l1-ratio", "1");
  private readonly count = numberInput("path-count", "20");
  private readonly crossValidate = element("input", { id: "path-cv", type: "checkbox", checked: true });
  private readonly computeButton = element("button", {
    id: "path-compute",
    type: "button",
    textContent: "Compute path",
  });
  private readonly useButton = element("button", {
    id: "path-use",
    type: "button",
    textContent: "Train the runs at the chosen strength",
    hidden: true,
  });
  private readonly message = element("p", { className: "message", id: "path-message" });
  private readonly plot: PathPlot;
  private readonly chooser = element("input", { id: "path-strength", type: "range", min: "0", step: "1" });
  private readonly chooserField = field("chosen strength", this.chooser);
  private readonly summary = element("dl", { className: "status path-summary" });
  private readonly table = element("table", { className: "path-coefficients" });
  private worker: Worker | null = null;
  private picture: PathPicture | null = null;
  private chosen = 0;

  constructor(
    /** The data to fit, with all the data set's features or the plane's two; a string says why there is none. */
    private readonly data: (allFeatures: boolean) => PathData | string,
    /** Gives the chosen point's λ1 and λ2 to the runs. */
    private readonly useStrength: (l1: number, l2: number) => void,
  ) {
    this.plot = new PathPlot((index) => this.choose(index));
    this.table.dataset.testid = "path-coefficients";
    this.chooser.setAttribute("aria-label", "chosen strength");
    this.chooser.addEventListener("input", () => this.choose(Number(this.chooser.value)));
    this.computeButton.addEventListener("click", () => this.compute());
    this.useButton.addEventListener("click", () => {
      if (this.picture === null) return;
      const point = pathPoint(this.picture, this.chosen);
      this.useStrength(point.l1, point.l2);
    });
    for (const control of [this.features, this.l1Ratio, this.count, this.crossValidate])
      control.addEventListener("change", () => this.reset());
    this.message.setAttribute("role", "status");
    this.element = element("section", { className: "path-view" }, [
      element("h2", { textContent: "Regularization path" }),
      element("p", {
        className: "hint",
        textContent:
          "The L1 model (an elastic net with λ1 = r s, λ2 = (1 − r) s for a ratio r < 1) at a sequence of strengths s, from the one where every weight is 0 down, each fit " +
          "warm-started from the last (proximal Newton, core's regularizationPath); cross-validation picks λ.min " +
          "(least held-out log loss) and λ.1se (the sparsest within a standard error of it). Computed in a Web Worker.",
      }),
      element("div", { className: "path-controls" }, [
        this.featuresField,
        field("l1 ratio r", this.l1Ratio),
        field("strengths", this.count),
        field(`${FOLDS}-fold cross-validation`, this.crossValidate),
        element("div", { className: "buttons" }, [this.computeButton, this.useButton, this.message]),
      ]),
      this.plot.element,
      this.chooserField,
      this.summary,
      this.table,
    ]);
    this.element.dataset.testid = "path-view";
    this.reset();
  }

  /**
   * New data: offers "all features" when the data set has more than the plane shows (`allFeaturesLabel`,
   * or null), and forgets the path.
   */
  dataChanged(allFeaturesLabel: string | null): void {
    const previous = this.features.value;
    const offeredAll = this.features.options.length > 1;
    const options: [string, string][] = [["plane", "the two the runs train on"]];
    if (allFeaturesLabel !== null) options.unshift(["all", allFeaturesLabel]);
    this.features.replaceChildren(...options.map(([value, text]) => new Option(text, value)));
    // A new plane of the same data set keeps the person's choice; a new data set starts with all features.
    this.features.value = offeredAll && allFeaturesLabel !== null ? previous : options[0]![0];
    this.featuresField.hidden = allFeaturesLabel === null;
    this.reset();
  }

  /** Ends a computation in progress and clears the picture: the settings or the data changed. */
  private reset(): void {
    this.worker?.terminate();
    this.worker = null;
    this.picture = null;
    this.plot.clear();
    this.element.dataset.state = "idle";
    this.computeButton.disabled = false;
    this.useButton.hidden = true;
    this.chooserField.hidden = true;
    this.summary.replaceChildren();
    this.table.replaceChildren();
    this.message.textContent = "Press Compute path.";
  }

  private compute(): void {
    this.reset();
    const data = this.data(this.features.value === "all");
    if (typeof data === "string") {
      this.showError(data);
      return;
    }
    const l1Ratio = Number(this.l1Ratio.value.trim() === "" ? Number.NaN : this.l1Ratio.value);
    const count = Number(this.count.value.trim() === "" ? Number.NaN : this.count.value);
    const request: ComputePath = {
      type: "path",
      featureNames: data.featureNames,
      train: data.train,
      test: data.test,
      // Core checks both (a ratio outside [0, 1], a count that is not a whole number ≥ 1) and says so.
      l1Ratio,
      count,
      folds: this.crossValidate.checked ? FOLDS : 0,
    };
    const worker = new Worker(new URL("./pathWorker.ts", import.meta.url), { type: "module" });
    this.worker = worker;
    worker.addEventListener("message", (event: MessageEvent<FromPathWorker>) => {
      if (this.worker !== worker) return;
      worker.terminate();
      this.worker = null;
      this.computeButton.disabled = false;
      const reply = event.data;
      if (reply.type === "error") this.showError(reply.message);
      else this.show(reply.picture, data.sameAsRuns);
    });
    worker.addEventListener("error", (event) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.computeButton.disabled = false;
      this.showError(`The path's worker failed: ${event.message || "it could not start"}.`);
    });
    worker.postMessage(request);
    this.element.dataset.state = "computing";
    this.computeButton.disabled = true;
    this.message.textContent = `Fitting ${data.featureNames.length} features on ${data.train.y.length} rows…`;
  }

  private showError(text: string): void {
    this.element.dataset.state = "error";
    this.message.textContent = text;
  }

  private show(picture: PathPicture, sameAsRuns: boolean): void {
    this.picture = picture;
    this.element.dataset.state = "done";
    const points = picture.strengths.length;
    const validation = picture.crossValidation;
    this.message.textContent =
      `${points} strengths in ${Math.round(picture.milliseconds)} ms` +
      (validation === null ? "" : `, with ${validation.folds}-fold cross-validation`) +
      (picture.converged ? "." : "; some points stopped at 1000 iterations before their tolerance.");
    this.chooser.max = String(points - 1);
    this.chooserField.hidden = false;
    this.useButton.hidden = !sameAsRuns;
    this.choose(initialPathIndex(picture));
  }

  /** Shows point `index`: the marker, the summary and the weights. */
  private choose(index: number): void {
    const picture = this.picture;
    if (picture === null) return;
    this.chosen = index;
    this.chooser.value = String(index);
    this.plot.draw(picture, index);
    const point = pathPoint(picture, index);
    const features = picture.featureNames.length;
    Object.assign(this.element.dataset, {
      chosen: String(index),
      nonZero: String(point.nonZero),
      features: String(features),
    });
    const validation = picture.crossValidation;
    const pick =
      validation === null
        ? ""
        : index === validation.bestIndex
          ? " (λ.min)"
          : index === validation.oneStandardErrorIndex
            ? " (λ.1se)"
            : "";
    const rows: [string, string][] = [
      [
        "strength s",
        `${point.strength.toPrecision(4)}${pick} — point ${index + 1} of ${picture.strengths.length}`,
      ],
      ["λ1, λ2", `${point.l1.toPrecision(4)}, ${point.l2.toPrecision(4)}`],
      ["non-zero weights", `${point.nonZero} of ${features}; ${features - point.nonZero} exactly 0`],
      ["objective F", point.objective.toPrecision(6)],
      ["intercept", point.intercept.toPrecision(4)],
      ...(point.testAccuracy === null
        ? []
        : ([["test accuracy", point.testAccuracy.toFixed(3)]] as [string, string][])),
      ...(validation === null
        ? []
        : ([
            [
              "held-out log loss",
              `${validation.meanLoss[index]!.toPrecision(4)} (best ${validation.meanLoss[validation.bestIndex]!.toPrecision(4)} at λ.min)`,
            ],
          ] as [string, string][])),
    ];
    this.summary.replaceChildren(
      ...rows.flatMap(([term, value]) => [
        element("dt", { textContent: term }),
        element("dd", { textContent: value }),
      ]),
    );
    const positive = String(picture.classes[1]);
    const header = element("tr", {}, [
      element("th", { textContent: "feature (in the order the path lets them in)" }),
      element("th", { textContent: `w (log-odds of ${positive} per SD)` }),
    ]);
    const body = entryOrder(picture).map((j) => {
      const weight = point.coefficients[j]!;
      const row = element("tr", { className: weight === 0 ? "zero" : "" }, [
        element("td", { textContent: picture.featureNames[j]! }),
        element("td", { textContent: weightText(weight) }),
      ]);
      row.dataset.feature = picture.featureNames[j]!;
      // The weight exactly as computed (String round-trips a double): a dropped feature's is "0".
      row.dataset.value = String(weight);
      return row;
    });
    this.table.replaceChildren(element("thead", {}, [header]), element("tbody", {}, body));
  }
}
