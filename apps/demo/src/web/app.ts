import { isDescentError, type Label } from "@descent/core";
import { applyStandardization } from "@descent/datasets";
import type { CsvTable } from "../cli/csvTable.js";
import { type LabelledData, type PreparedData, prepareData } from "../shared/labelledData.js";
import type { SteppedRunSettings } from "../shared/steppedRun.js";
import { stopCause } from "../shared/stopCause.js";
import { BoundaryView, classColour, type DrawnPoint, gridCorners } from "./boundaryView.js";
import { type CsvColumns, csvPlane, guessColumns, readCsvFile } from "./csvSource.js";
import {
  boundsOf,
  breastCancerAll,
  breastCancerCitation,
  breastCancerFeatureNames,
  breastCancerPlane,
  irisPlane,
  PLAYGROUND_BOUNDS,
  type PlanePoint,
  type PlaygroundClass,
  playgroundData,
  startingPoints,
  type ViewBounds,
} from "./dataSources.js";
import { element, numberInput } from "./dom.js";
import { LossChart } from "./lossChart.js";
import { field, OptimizerPanel } from "./optimizerPanel.js";
import { type PathData, PathView } from "./pathView.js";
import { sortedClasses } from "./probabilities.js";
import { WorkerRun } from "./workerRun.js";

type Source = "playground" | "breast-cancer" | "iris" | "csv";

/** How fast a run moves: steps per animation frame, or one step every `interval` ms. */
const SPEEDS: Record<string, { steps: number; interval: number }> = {
  slow: { steps: 1, interval: 150 },
  "1": { steps: 1, interval: 0 },
  "5": { steps: 5, interval: 0 },
  "25": { steps: 25, interval: 0 },
  "100": { steps: 100, interval: 0 },
};

/**
 * At most this many points are drawn (every k-th row beyond it): more only blur into a cloud, and drawing
 * a large file's every row would hold the page up each time the data changes.
 */
const MAX_DRAWN_POINTS = 5000;

/** The share of rows held out for testing, for real data (the playground trains on every point). */
const TEST_FRACTION = 0.25;

/** One side of the comparison: its optimizer form, its picture, its status, and its run once started. */
interface Lane {
  readonly panel: OptimizerPanel;
  readonly view: BoundaryView;
  readonly status: HTMLElement;
  run: WorkerRun | null;
}

function select(
  id: string,
  options: readonly [value: string, text: string][],
  value: string,
): HTMLSelectElement {
  const control = element("select", { id });
  setOptions(control, options, value);
  return control;
}

function setOptions(
  control: HTMLSelectElement,
  options: readonly [value: string, text: string][],
  value: string,
): void {
  control.replaceChildren(...options.map(([optionValue, text]) => new Option(text, optionValue)));
  control.value = value;
}

function emptyPlane(): LabelledData {
  return { featureNames: ["x", "y"], data: new Float64Array(0), shape: [0, 2], labels: [], lines: null };
}

/** Each class in its colour, with how many rows have it: the key to the pictures. */
function classKey(labels: readonly Label[], classes: readonly Label[]): HTMLElement[] {
  const counts = new Map<Label, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return classes.map((label, index) => {
    const swatch = element("span", { className: "swatch", textContent: "●" });
    swatch.style.color = classColour(index);
    return element("span", { className: "class" }, [swatch, ` ${String(label)} (${counts.get(label)})`]);
  });
}

/** The interactive page: data, settings, two lanes of optimizer + decision boundary, and the loss chart. */
export class DemoApp {
  private source: Source = "playground";
  private points: PlanePoint[] = startingPoints();
  private data!: LabelledData;
  /** The data's classes, sorted as the model sorts them: class k is drawn in colour k. */
  private classes: Label[] = [];
  private drawn: DrawnPoint[] = [];
  private prepared!: PreparedData;
  private bounds!: ViewBounds;
  /** The grid's corners, standardized as the training rows were: what predictProba sees. */
  private grid!: { data: Float64Array; shape: [number, number] };
  /** The chosen CSV file, parsed; null before a file is chosen or when it was refused. */
  private csvTable: CsvTable | null = null;
  /** Why the chosen file or columns cannot be trained on, or null. */
  private csvProblem: string | null = null;
  private running = false;
  private needsRender = false;
  private lastStep = 0;
  private settings: SteppedRunSettings | null = null;

  private readonly sourceSelect = select(
    "dataset",
    [
      ["playground", "2-D playground"],
      ["breast-cancer", "breast cancer (two features)"],
      ["iris", "iris (three species, petals)"],
      ["csv", "your data (a CSV file)"],
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
  private readonly csvFile = element("input", {
    id: "csv-file",
    type: "file",
    accept: ".csv,.tsv,.txt,text/csv,text/tab-separated-values",
  });
  private readonly labelColumn = select("label-column", [], "");
  private readonly csvXFeature = select("csv-x-feature", [], "");
  private readonly csvYFeature = select("csv-y-feature", [], "");
  private readonly csvMessage = element("p", { className: "csv-message", id: "csv-message" });
  private readonly l2Input = numberInput("l2", "", "auto");
  private readonly l1Input = numberInput("l1", "", "0");
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
  private readonly classKeyLine = element("p", { className: "class-key", id: "class-key" });
  private readonly chart = new LossChart();
  private readonly pathView = new PathView(
    (allFeatures) => this.pathData(allFeatures),
    (l1, l2) => this.useStrength(l1, l2),
  );
  /** Breast cancer with all 30 features, split and standardized as the plane (same seed): made on first use. */
  private breastCancerPrepared: PreparedData | null = null;
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
    for (const control of [
      this.sourceSelect,
      this.xFeature,
      this.yFeature,
      this.labelColumn,
      this.csvXFeature,
      this.csvYFeature,
    ])
      control.addEventListener("change", onData);
    this.csvFile.addEventListener("change", () => void this.csvChosen());
    for (const control of [
      this.l2Input,
      this.l1Input,
      this.maxIterInput,
      this.tolInput,
      this.batchSizeInput,
    ]) {
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
    this.csvMessage.setAttribute("role", "status");
    const csvRows = element("div", { className: "csv-only" }, [
      field("CSV file", this.csvFile),
      element("p", {
        className: "hint",
        textContent:
          "A header line, then one row per example. It stays in this browser: nothing is uploaded.",
      }),
      field("label column", this.labelColumn),
      field("x axis", this.csvXFeature),
      field("y axis", this.csvYFeature),
      this.csvMessage,
    ]);
    const dataBox = element("fieldset", {}, [
      element("legend", { textContent: "Data" }),
      field("data set", this.sourceSelect),
      playgroundRow,
      breastCancerRow,
      attribution,
      csvRows,
      this.classKeyLine,
    ]);
    const trainingBox = element("fieldset", {}, [
      element("legend", { textContent: "Training (both runs)" }),
      field("λ2 (L2)", this.l2Input),
      field("λ1 (L1: exact zeros)", this.l1Input),
      element("p", {
        className: "hint",
        textContent:
          'λ2 auto: 1/m (scikit-learn\'s C = 1), or 0 when λ1 > 0 (its penalty="l1"). The regularization path below picks a strength.',
      }),
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
      this.pathView.element,
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

  /** A file was chosen: parse it (the reader's errors name line and column), guess the columns, show it. */
  private async csvChosen(): Promise<void> {
    const file = this.csvFile.files?.[0];
    this.csvTable = null;
    this.csvProblem = null;
    if (file !== undefined) {
      try {
        const table = await readCsvFile(file);
        const guess = guessColumns(table);
        const columns = table.header.map((name) => [name, name] as [string, string]);
        setOptions(this.labelColumn, columns, guess.label);
        setOptions(this.csvXFeature, columns, guess.x);
        setOptions(this.csvYFeature, columns, guess.y);
        this.csvTable = table;
      } catch (error) {
        this.csvProblem = (error as Error).message;
        for (const control of [this.labelColumn, this.csvXFeature, this.csvYFeature])
          setOptions(control, [], "");
      }
    }
    this.dataChanged();
  }

  /** The chosen file through the chosen columns, or an empty plane and the reason. */
  private csvData(): LabelledData {
    if (this.csvTable === null) return emptyPlane();
    const columns: CsvColumns = {
      label: this.labelColumn.value,
      x: this.csvXFeature.value,
      y: this.csvYFeature.value,
    };
    try {
      this.csvProblem = null;
      return csvPlane(this.csvTable, columns);
    } catch (error) {
      this.csvProblem = (error as Error).message;
      return emptyPlane();
    }
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
      this.data =
        this.source === "csv"
          ? this.csvData()
          : this.source === "iris"
            ? irisPlane()
            : breastCancerPlane(this.xFeature.value, this.yFeature.value);
      this.bounds = this.data.shape[0] === 0 ? PLAYGROUND_BOUNDS : boundsOf(this.data);
      this.prepared = prepareData(this.data, TEST_FRACTION, 0);
    }
    this.classes = sortedClasses(this.data.labels);
    this.classKeyLine.replaceChildren(...classKey(this.data.labels, this.classes));
    this.drawn = this.drawnPoints();
    this.showCsvState();
    this.pathView.dataChanged(
      this.source === "breast-cancer" ? `all ${breastCancerFeatureNames.length} of breast cancer` : null,
    );
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

  private showCsvState(): void {
    const problem = this.csvProblem;
    this.csvMessage.dataset.state = problem === null ? (this.csvTable === null ? "empty" : "ok") : "error";
    this.csvMessage.textContent =
      problem ??
      (this.csvTable === null
        ? "No file chosen yet."
        : `${this.data.shape[0]} rows, ${this.classes.length} classes. ${TEST_FRACTION * 100} % of the rows (hollow points) are held out for testing.`);
    const noTable = this.csvTable === null;
    for (const control of [this.labelColumn, this.csvXFeature, this.csvYFeature]) control.disabled = noTable;
  }

  /** What the message line says when nothing runs. */
  private idleMessage(): string {
    if (this.source === "playground") return `${this.points.length} points. Press Train.`;
    if (this.source === "csv" && this.data.shape[0] === 0)
      return this.csvTable === null && this.csvProblem === null
        ? "Choose a CSV file to train on."
        : "This file cannot be trained on as it is: see above.";
    return "Press Train.";
  }

  /** New settings: the runs no longer match what the form says, so they are cleared. */
  private settingsChanged(): void {
    this.stop();
    for (const lane of this.lanes) {
      lane.run = null;
      lane.status.dataset.state = "idle";
    }
    this.lanes[1].view.element.hidden = !this.compare.checked;
    const l1 = Number(this.l1Input.value);
    for (const lane of this.lanes) lane.panel.showL1Support(Number.isFinite(l1) ? l1 : 0);
    this.message.textContent = this.idleMessage();
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
    const l2 = this.l2Input.value.trim() === "" ? undefined : parse(this.l2Input, "λ2");
    const l1 = this.l1Input.value.trim() === "" ? undefined : parse(this.l1Input, "λ1");
    const batchSize =
      this.batchSizeInput.value.trim() === "" ? undefined : parse(this.batchSizeInput, "batch size");
    return {
      l2,
      l1,
      maxIter: parse(this.maxIterInput, "max iterations"),
      tol: parse(this.tolInput, "tolerance"),
      batchSize,
      seed: 0,
    };
  }

  private train(): void {
    this.settingsChanged();
    if (this.source === "csv" && this.data.shape[0] === 0) return;
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
      const { choice } = lane.panel;
      const optimizerSettings = lane.panel.values();
      try {
        // The factory checks the settings here, at once; the worker builds its own optimizer from them.
        choice.create(optimizerSettings);
      } catch (error) {
        // Refusals come from the packages themselves (DescentError): an option out of range…
        this.showError(lane, isDescentError(error) ? error.message : String(error));
        continue;
      }
      lane.run = new WorkerRun(
        {
          type: "start",
          optimizer: choice.name,
          optimizerSettings,
          settings,
          train: this.prepared.train,
          test: this.prepared.test,
          grid: this.grid,
        },
        () => {
          this.needsRender = true;
        },
      );
      lane.status.dataset.state = "starting";
      started++;
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
    for (const lane of this.lanes) lane.run?.terminate();
    this.trainButton.disabled = false;
    this.stopButton.disabled = true;
    this.root.dataset.state = "stopped";
    this.message.textContent = "Stopped.";
    this.render();
  }

  /**
   * One animation frame: ask each run's worker for the speed's steps (a worker still busy is not asked
   * again), and draw what the workers answered since the last frame. The page itself only draws.
   */
  private readonly frame = (now: number): void => {
    if (!this.running) return;
    const speed = SPEEDS[this.speedSelect.value] ?? SPEEDS["5"]!;
    if (speed.interval === 0 || now - this.lastStep >= speed.interval) {
      this.lastStep = now;
      for (const lane of this.activeLanes) lane.run?.advance(speed.steps);
    }
    if (this.needsRender) {
      this.needsRender = false;
      this.render();
    }
    if (this.activeLanes.every((lane) => lane.run === null || lane.run.finished)) {
      this.running = false;
      this.trainButton.disabled = false;
      this.stopButton.disabled = true;
      this.root.dataset.state = "done";
      this.message.textContent = "Done. Change anything and press Train again.";
      return;
    }
    requestAnimationFrame(this.frame);
  };

  /** The path's data: breast cancer's 30 features when asked (and shown), else what the runs train on. */
  private pathData(allFeatures: boolean): PathData | string {
    if (allFeatures && this.source === "breast-cancer") {
      this.breastCancerPrepared ??= prepareData(breastCancerAll(), TEST_FRACTION, 0);
      const { train, test } = this.breastCancerPrepared;
      return { featureNames: breastCancerFeatureNames, train, test, sameAsRuns: false };
    }
    if (this.data.shape[0] === 0) return "There are no data to fit: choose a data set or a CSV file.";
    const { train, test } = this.prepared;
    return { featureNames: this.data.featureNames, train, test, sameAsRuns: true };
  }

  /** The path's chosen strength, for the runs: fills λ1 and λ2 in (the runs then start over). */
  private useStrength(l1: number, l2: number): void {
    this.l1Input.value = String(l1);
    this.l2Input.value = String(l2);
    this.settingsChanged();
  }

  private drawnPoints(): DrawnPoint[] {
    const classIndex = new Map(this.classes.map((label, index) => [label, index]));
    const points: DrawnPoint[] = [];
    const stride = Math.ceil(this.data.shape[0] / MAX_DRAWN_POINTS);
    const add = (rows: Int32Array, test: boolean) => {
      for (let k = 0; k < rows.length; k += stride) {
        const row = rows[k]!;
        points.push({
          x: this.data.data[2 * row]!,
          y: this.data.data[2 * row + 1]!,
          classIndex: classIndex.get(this.data.labels[row]!)!,
          test,
        });
      }
    };
    add(this.prepared.split.train, false);
    add(this.prepared.split.test, true);
    return points;
  }

  private render(): void {
    const xLabel = this.data.featureNames[0]!;
    const yLabel = this.data.featureNames[1]!;
    for (const lane of this.activeLanes) {
      const snapshot = lane.run?.snapshot ?? null;
      lane.view.setTitle(
        `Run ${lane.panel.key.toUpperCase()}: ${snapshot?.optimizerName ?? lane.panel.choice.name}`,
      );
      lane.view.draw({
        bounds: this.bounds,
        xLabel,
        yLabel,
        points: this.drawn,
        probabilities: snapshot?.gridProbabilities ?? null,
        classCount: snapshot?.classes.length ?? Math.max(2, this.classes.length),
      });
      const error = lane.run?.error ?? null;
      if (error !== null) this.showError(lane, error);
      else if (lane.run !== null && snapshot !== null) this.showStatus(lane, lane.run);
      else if (lane.run !== null) this.showStarting(lane);
      else if (lane.status.dataset.state !== "error") this.clearStatus(lane);
    }
    this.chart.update(this.activeLanes.map((lane) => lane.run?.losses ?? []));
  }

  private clearStatus(lane: Lane): void {
    lane.status.dataset.state = "idle";
    lane.status.replaceChildren(element("dt", { textContent: "not trained yet" }));
  }

  private showStarting(lane: Lane): void {
    lane.status.dataset.state = "starting";
    lane.status.replaceChildren(element("dt", { textContent: "starting…" }));
  }

  private showError(lane: Lane, text: string): void {
    lane.status.dataset.state = "error";
    lane.status.replaceChildren(
      element("dt", { textContent: "cannot train" }),
      element("dd", { textContent: text }),
    );
  }

  private showStatus(lane: Lane, run: WorkerRun): void {
    const snapshot = run.snapshot!;
    const initialLoss = run.losses[0]!.loss;
    const state = snapshot.done ? "done" : run.stopped ? "stopped" : "running";
    Object.assign(lane.status.dataset, {
      state,
      iterations: String(snapshot.iterations),
      initialLoss: String(initialLoss),
      loss: String(snapshot.loss),
      trainAccuracy: String(snapshot.trainAccuracy),
      testAccuracy: snapshot.testAccuracy === null ? "" : String(snapshot.testAccuracy),
      converged: String(snapshot.converged),
      zeroCoefficients: String(snapshot.zeroCoefficients),
      // Each weight exactly as computed (String round-trips a double): an L1 zero is "0".
      coefficients: Array.from(snapshot.coefficients, String).join(" "),
    });
    const rows: [string, string][] = [
      ["iteration", String(snapshot.iterations)],
      ["loss", `${snapshot.loss.toPrecision(6)} (from ${initialLoss.toPrecision(4)})`],
      ["‖∇f‖∞", snapshot.gradientNorm.toExponential(2)],
      [
        "weights exactly 0",
        `${snapshot.zeroCoefficients} of ${snapshot.coefficients.length}${this.settings!.l1 ? "" : " (no L1 penalty)"}`,
      ],
      ["train accuracy", snapshot.trainAccuracy.toFixed(3)],
      ...(snapshot.testAccuracy === null
        ? []
        : ([["test accuracy", snapshot.testAccuracy.toFixed(3)]] as [string, string][])),
      [
        "state",
        snapshot.done
          ? (snapshot.converged ? "converged: " : "stopped: ") +
            stopCause(snapshot.reason, this.settings!.tol)
          : run.stopped
            ? "stopped (press Train to start again)"
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
