import { isDescentError, type Label } from "@descent/core";
import { applyStandardization } from "@descent/datasets";
import { type LabelledData, type PreparedData, prepareData } from "../shared/labelledData.js";
import { SteppedRun, type SteppedRunSettings } from "../shared/steppedRun.js";
import { stopCause } from "../shared/stopCause.js";
import { BoundaryView, type DrawnPoint, gridCorners } from "./boundaryView.js";
import {
  boundsOf,
  breastCancerCitation,
  breastCancerFeatureNames,
  breastCancerPlane,
  PLAYGROUND_BOUNDS,
  type PlanePoint,
  type PlaygroundClass,
  playgroundData,
  startingPoints,
  type ViewBounds,
} from "./dataSources.js";
import { LossChart } from "./lossChart.js";
import { field, OptimizerPanel } from "./optimizerPanel.js";

type Source = "playground" | "breast-cancer";

/** How fast a run moves: steps per animation frame, or one step every `interval` ms. */
const SPEEDS: Record<string, { steps: number; interval: number }> = {
  slow: { steps: 1, interval: 150 },
  "1": { steps: 1, interval: 0 },
  "5": { steps: 5, interval: 0 },
  "25": { steps: 25, interval: 0 },
  "100": { steps: 100, interval: 0 },
};

/** One side of the comparison: its optimizer form, its picture, its status, and its run once trained. */
interface Lane {
  readonly panel: OptimizerPanel;
  readonly view: BoundaryView;
  readonly status: HTMLElement;
  run: SteppedRun<Label> | null;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function numberInput(id: string, value: string, placeholder = ""): HTMLInputElement {
  return element("input", { id, type: "text", inputMode: "decimal", value, placeholder, size: 8 });
}

function select(
  id: string,
  options: readonly [value: string, text: string][],
  value: string,
): HTMLSelectElement {
  const control = element("select", { id });
  for (const [optionValue, text] of options) control.append(new Option(text, optionValue));
  control.value = value;
  return control;
}

/** The interactive page: data, settings, two lanes of optimizer + decision boundary, and the loss chart. */
export class DemoApp {
  private source: Source = "playground";
  private points: PlanePoint[] = startingPoints();
  private data!: LabelledData;
  private prepared!: PreparedData;
  private bounds!: ViewBounds;
  /** The grid's corners, standardized as the training rows were: what predictProba sees. */
  private grid!: { data: Float64Array; shape: [number, number] };
  private running = false;
  private lastStep = 0;
  private settings: SteppedRunSettings | null = null;

  private readonly sourceSelect = select(
    "dataset",
    [
      ["playground", "2-D playground"],
      ["breast-cancer", "breast cancer (two features)"],
    ],
    "playground",
  );
  private readonly clickClass = select(
    "click-class",
    [
      ["blue", "blue"],
      ["orange", "orange"],
    ],
    "blue",
  );
  private readonly xFeature = select(
    "x-feature",
    breastCancerFeatureNames.map((name) => [name, name]),
    "worst radius",
  );
  private readonly yFeature = select(
    "y-feature",
    breastCancerFeatureNames.map((name) => [name, name]),
    "worst concave points",
  );
  private readonly l2Input = numberInput("l2", "", "1/m");
  private readonly maxIterInput = numberInput("max-iter", "2000");
  private readonly tolInput = numberInput("tol", "0.0001");
  private readonly batchSizeInput = numberInput("batch-size", "", "full");
  private readonly speedSelect = select(
    "speed",
    [
      ["slow", "slow: a step every 0.15 s"],
      ["1", "1 step a frame"],
      ["5", "5 steps a frame"],
      ["25", "25 steps a frame"],
      ["100", "100 steps a frame"],
    ],
    "5",
  );
  private readonly compare = element("input", { id: "compare", type: "checkbox", checked: true });
  private readonly logIterations = element("input", {
    id: "log-iterations",
    type: "checkbox",
    checked: false,
  });
  private readonly trainButton = element("button", { id: "train", type: "button", textContent: "Train" });
  private readonly stopButton = element("button", {
    id: "stop",
    type: "button",
    textContent: "Stop",
    disabled: true,
  });
  private readonly message = element("p", { className: "message", id: "message" });
  private readonly chart = new LossChart();
  private readonly lanes: [Lane, Lane];

  constructor(private readonly root: HTMLElement) {
    const onData = () => this.dataChanged();
    const onClick = (x: number, y: number, secondary: boolean) => this.addPoint(x, y, secondary);
    const lane = (key: "a" | "b", initial: string): Lane => {
      const panel = new OptimizerPanel(key, `Run ${key.toUpperCase()}`, initial, () =>
        this.settingsChanged(),
      );
      const view = new BoundaryView(`Run ${key.toUpperCase()}`, `boundary-${key}`, onClick);
      const status = element("dl", { className: `status run-${key}` });
      status.dataset.testid = `status-${key}`;
      view.element.append(status);
      return { panel, view, status, run: null };
    };
    this.lanes = [lane("a", "sgd"), lane("b", "newton")];
    this.layout();
    for (const control of [this.sourceSelect, this.xFeature, this.yFeature])
      control.addEventListener("change", onData);
    for (const control of [this.l2Input, this.maxIterInput, this.tolInput, this.batchSizeInput]) {
      control.addEventListener("change", () => this.settingsChanged());
    }
    this.compare.addEventListener("change", () => this.settingsChanged());
    this.logIterations.addEventListener("change", () => {
      this.chart.setLogIterations(this.logIterations.checked);
      this.render();
    });
    this.trainButton.addEventListener("click", () => this.train());
    this.stopButton.addEventListener("click", () => this.stop());
    this.dataChanged();
  }

  private layout(): void {
    const clearButton = element("button", { type: "button", textContent: "Clear points" });
    clearButton.addEventListener("click", () => {
      this.points = [];
      this.dataChanged();
    });
    const resetButton = element("button", { type: "button", textContent: "Starting points" });
    resetButton.addEventListener("click", () => {
      this.points = startingPoints();
      this.dataChanged();
    });
    const playgroundRow = element("div", { className: "row playground-only" }, [
      field("a click adds", this.clickClass),
      element("span", {
        className: "hint",
        textContent: "Click the plane to add points; right-click or shift-click adds the other colour.",
      }),
      clearButton,
      resetButton,
    ]);
    const breastCancerRow = element("div", { className: "row breast-cancer-only" }, [
      field("x axis", this.xFeature),
      field("y axis", this.yFeature),
    ]);
    const attribution = element("p", {
      className: "attribution breast-cancer-only",
      textContent: `Data: ${breastCancerCitation} 25 % of the rows (hollow points) are held out for testing.`,
    });
    const dataBox = element("fieldset", {}, [
      element("legend", { textContent: "Data" }),
      field("data set", this.sourceSelect),
      playgroundRow,
      breastCancerRow,
      attribution,
    ]);
    const trainingBox = element("fieldset", {}, [
      element("legend", { textContent: "Training (both runs)" }),
      field("λ (L2)", this.l2Input),
      field("max iterations", this.maxIterInput),
      field("tolerance ‖∇f‖∞", this.tolInput),
      field("batch size", this.batchSizeInput),
      field("speed", this.speedSelect),
      field("iteration axis on a log scale", this.logIterations),
    ]);
    const [a, b] = this.lanes;
    b.panel.element.append(field("run B beside A", this.compare));
    const controls = element("section", { className: "controls" }, [
      dataBox,
      trainingBox,
      a.panel.element,
      b.panel.element,
      element("div", { className: "buttons" }, [this.trainButton, this.stopButton, this.message]),
    ]);
    const views = element("section", { className: "views" }, [
      element("div", { className: "boundaries" }, [a.view.element, b.view.element]),
      this.chart.element,
    ]);
    this.root.append(controls, views);
  }

  private get activeLanes(): Lane[] {
    return this.compare.checked ? this.lanes : [this.lanes[0]];
  }

  private addPoint(x: number, y: number, secondary: boolean): void {
    if (this.source !== "playground") return;
    const chosen = this.clickClass.value as PlaygroundClass;
    const label: PlaygroundClass = secondary ? (chosen === "blue" ? "orange" : "blue") : chosen;
    this.points.push({ x, y, label });
    this.dataChanged();
  }

  /** New data: stop, re-split and re-standardize, forget the runs, draw the points. */
  private dataChanged(): void {
    this.source = this.sourceSelect.value as Source;
    this.root.dataset.source = this.source;
    if (this.source === "playground") {
      this.data = playgroundData(this.points);
      this.bounds = PLAYGROUND_BOUNDS;
      // Every point trains: the playground is for watching the fit, not for measuring it.
      this.prepared = prepareData(this.data, 0, 0);
    } else {
      this.data = breastCancerPlane(this.xFeature.value, this.yFeature.value);
      this.bounds = boundsOf(this.data);
      this.prepared = prepareData(this.data, 0.25, 0);
    }
    const corners = gridCorners(this.bounds);
    this.grid =
      this.data.shape[0] === 0
        ? corners
        : {
            data: applyStandardization(corners.data, corners.shape, this.prepared.standardization),
            shape: corners.shape,
          };
    this.settingsChanged();
  }

  /** New settings: the runs no longer match what the form says, so they are cleared. */
  private settingsChanged(): void {
    this.stop();
    for (const lane of this.lanes) {
      lane.run = null;
      lane.status.dataset.state = "idle";
    }
    this.lanes[1].view.element.hidden = !this.compare.checked;
    this.message.textContent =
      this.source === "playground" ? `${this.points.length} points. Press Train.` : "Press Train.";
    this.chart.reset(
      this.activeLanes.map((lane) => `${lane.panel.key.toUpperCase()}: ${lane.panel.choice.name}`),
    );
    this.render();
  }

  private readSettings(): SteppedRunSettings {
    const parse = (input: HTMLInputElement, name: string, fallback?: number): number => {
      const text = input.value.trim();
      if (text === "" && fallback !== undefined) return fallback;
      const value = Number(text);
      if (text === "" || !Number.isFinite(value))
        throw new Error(`${name}: "${input.value}" is not a number.`);
      return value;
    };
    const l2 = this.l2Input.value.trim() === "" ? undefined : parse(this.l2Input, "λ");
    const batchSize =
      this.batchSizeInput.value.trim() === "" ? undefined : parse(this.batchSizeInput, "batch size");
    return {
      l2,
      maxIter: parse(this.maxIterInput, "max iterations"),
      tol: parse(this.tolInput, "tolerance"),
      batchSize,
      seed: 0,
    };
  }

  private train(): void {
    this.settingsChanged();
    let settings: SteppedRunSettings;
    try {
      settings = this.readSettings();
    } catch (error) {
      this.message.textContent = (error as Error).message;
      return;
    }
    this.settings = settings;
    let started = 0;
    for (const lane of this.activeLanes) {
      try {
        lane.run = new SteppedRun(
          lane.panel.choice.create(lane.panel.values()),
          this.prepared.train,
          settings,
        );
        started++;
      } catch (error) {
        // Refusals come from the packages themselves (DescentError): an option out of range, one class only…
        lane.run = null;
        this.showError(lane, isDescentError(error) ? error.message : String(error));
      }
    }
    if (started === 0) return;
    this.message.textContent = "Training…";
    this.running = true;
    this.trainButton.disabled = true;
    this.stopButton.disabled = false;
    this.root.dataset.state = "running";
    this.render();
    requestAnimationFrame(this.frame);
  }

  private stop(): void {
    if (!this.running) return;
    this.running = false;
    this.trainButton.disabled = false;
    this.stopButton.disabled = true;
    this.root.dataset.state = "stopped";
    this.message.textContent = "Stopped.";
  }

  private readonly frame = (now: number): void => {
    if (!this.running) return;
    const speed = SPEEDS[this.speedSelect.value] ?? SPEEDS["5"]!;
    if (speed.interval > 0 && now - this.lastStep < speed.interval) {
      requestAnimationFrame(this.frame);
      return;
    }
    this.lastStep = now;
    for (const lane of this.activeLanes) lane.run?.advance(speed.steps);
    this.render();
    if (this.activeLanes.every((lane) => lane.run === null || lane.run.done)) {
      this.running = false;
      this.trainButton.disabled = false;
      this.stopButton.disabled = true;
      this.root.dataset.state = "done";
      this.message.textContent = "Done. Change anything and press Train again.";
      return;
    }
    requestAnimationFrame(this.frame);
  };

  private drawnPoints(): DrawnPoint[] {
    const classes = [...new Set(this.data.labels as readonly string[])].sort();
    const positive = classes.length === 2 ? classes[1] : "orange";
    const points: DrawnPoint[] = [];
    const add = (rows: Int32Array, test: boolean) => {
      for (const row of rows) {
        points.push({
          x: this.data.data[2 * row]!,
          y: this.data.data[2 * row + 1]!,
          classIndex: this.data.labels[row] === positive ? 1 : 0,
          test,
        });
      }
    };
    add(this.prepared.split.train, false);
    add(this.prepared.split.test, true);
    return points;
  }

  private render(): void {
    const points = this.drawnPoints();
    const xLabel = this.data.featureNames[0]!;
    const yLabel = this.data.featureNames[1]!;
    for (const lane of this.activeLanes) {
      const model = lane.run?.model() ?? null;
      lane.view.setTitle(
        `Run ${lane.panel.key.toUpperCase()}: ${lane.run?.optimizerName ?? lane.panel.choice.name}`,
      );
      lane.view.draw({
        bounds: this.bounds,
        xLabel,
        yLabel,
        points,
        probabilities: model === null ? null : model.predictProba(this.grid),
      });
      if (lane.run !== null && model !== null) this.showStatus(lane, lane.run, model);
      else if (lane.status.dataset.state !== "error") this.clearStatus(lane);
    }
    this.chart.update(this.activeLanes.map((lane) => lane.run?.losses ?? []));
  }

  private clearStatus(lane: Lane): void {
    lane.status.dataset.state = "idle";
    lane.status.replaceChildren(element("dt", { textContent: "not trained yet" }));
  }

  private showError(lane: Lane, text: string): void {
    lane.status.dataset.state = "error";
    lane.status.replaceChildren(
      element("dt", { textContent: "cannot train" }),
      element("dd", { textContent: text }),
    );
  }

  private showStatus(
    lane: Lane,
    run: SteppedRun<Label>,
    model: ReturnType<SteppedRun<Label>["model"]>,
  ): void {
    const { train, test } = this.prepared;
    const result = run.result;
    const trainAccuracy = model.score(train.X, train.y);
    const testAccuracy = test.y.length === 0 ? null : model.score(test.X, test.y);
    const state = run.done ? "done" : "running";
    Object.assign(lane.status.dataset, {
      state,
      iterations: String(result.iterations),
      initialLoss: String(run.losses[0]!.loss),
      loss: String(result.loss),
      trainAccuracy: String(trainAccuracy),
      testAccuracy: testAccuracy === null ? "" : String(testAccuracy),
      converged: String(result.converged),
    });
    const rows: [string, string][] = [
      ["iteration", String(result.iterations)],
      ["loss", `${result.loss.toPrecision(6)} (from ${run.losses[0]!.loss.toPrecision(4)})`],
      ["‖∇f‖∞", result.gradientNorm.toExponential(2)],
      ["train accuracy", trainAccuracy.toFixed(3)],
      ...(testAccuracy === null ? [] : ([["test accuracy", testAccuracy.toFixed(3)]] as [string, string][])),
      [
        "state",
        run.done
          ? (result.converged ? "converged: " : "stopped: ") + stopCause(result.reason, this.settings!.tol)
          : "running…",
      ],
    ];
    lane.status.replaceChildren(
      ...rows.flatMap(([term, value]) => [
        element("dt", { textContent: term }),
        element("dd", { textContent: value }),
      ]),
    );
  }
}
