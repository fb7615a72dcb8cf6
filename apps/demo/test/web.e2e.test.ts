import { mkdirSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { launchChromium, requireChromium } from "@descent/config/chromium";
import { loadBreastCancer, loadIris } from "@descent/datasets";
import { type Browser, chromium, type Page } from "playwright-core";
import { build, type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDataset, prepareData, selectColumns } from "../src/shared/labelledData.js";
import { computePath } from "../src/web/pathSession.js";

/**
 * The web page, end to end: a production build served by `vite preview` on a free localhost port,
 * driven by Debian's Chromium through playwright-core. Screenshots go to artifacts/ (gitignored).
 */
const appDirectory = fileURLToPath(new URL("..", import.meta.url));
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
const buildDirectory = fileURLToPath(
  new URL("../node_modules/.cache/descent-demo-test-web/", import.meta.url),
);
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

const haveChromium = requireChromium("the web page");

/** A phone's screen (an iPhone 12–15's CSS pixels): the page must fit it without sideways scrolling. */
const PHONE = { width: 390, height: 844 };

/**
 * The longest a main-thread task may compute while a fit runs. 50 ms is what Chromium calls a long task
 * (RAIL: input answered within 100 ms needs tasks under 50 ms); the fits run in Web Workers, so the page's
 * own tasks only draw. Measured as the task's CPU time (the trace's thread time), not its wall time: on a
 * loaded machine (turbo runs every package's tests at once) a 10 ms task can wait 100 ms for a core, and a
 * PerformanceObserver's "longtask" entries then measure the scheduler rather than the page.
 */
const LONGEST_TASK_CPU_MS = 50;

/** A trace event as Chromium writes it: durations in µs, `tdur` the thread (CPU) time. */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/** How far the page reaches sideways beyond the window: 0 when nothing overflows. */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
}

/**
 * Iris without virginica (setosa and versicolor: two classes) as a CSV a person might have: a text column
 * first, the measurements, the species last.
 */
function irisCsv(): string {
  const iris = loadIris();
  const [rows, columns] = iris.shape;
  const lines = [["specimen", ...iris.featureNames, "species"].join(",")];
  for (let i = 0; i < rows; i++) {
    if (iris.labels[i] === "virginica") continue;
    const values = Array.from(iris.data.subarray(i * columns, (i + 1) * columns));
    lines.push([`s${i + 1}`, ...values, iris.labels[i]].join(","));
  }
  return `${lines.join("\n")}\n`;
}

describe.skipIf(!haveChromium)("the web page", () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** A new page of the built site at `viewport`, recording long tasks and errors. */
  async function openPage(viewport: { width: number; height: number }): Promise<Page> {
    const opened = await browser.newPage({ viewport });
    opened.on("pageerror", (error) => pageErrors.push(error.message));
    opened.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await opened.goto(server.resolvedUrls!.local[0]!);
    return opened;
  }

  beforeAll(async () => {
    await build({
      root: appDirectory,
      configFile: `${appDirectory}vite.config.ts`,
      logLevel: "error",
      build: { outDir: buildDirectory, emptyOutDir: true },
    });
    server = await preview({
      root: appDirectory,
      configFile: `${appDirectory}vite.config.ts`,
      logLevel: "error",
      build: { outDir: buildDirectory },
      preview: { host: "127.0.0.1", port: await freePort(), strictPort: true, open: false },
    });
    browser = await launchChromium(chromium);
    page = await openPage({ width: 1280, height: 1100 });
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Runs `during` under Chromium's tracing, and returns the CPU time in ms of the longest task on a page's
   * main thread (CrRendererMain) meanwhile, with that task's wall time.
   */
  async function longestMainThreadTask(on: Page, during: () => Promise<void>) {
    await browser.startTracing(on, { categories: ["toplevel", "disabled-by-default-devtools.timeline"] });
    let trace: Buffer;
    try {
      await during();
    } finally {
      trace = await browser.stopTracing();
    }
    const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const mainThreads = new Set(
      events
        .filter((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain")
        .map((event) => `${event.pid}:${event.tid}`),
    );
    const tasks = events.filter(
      (event) => event.name === "RunTask" && event.ph === "X" && mainThreads.has(`${event.pid}:${event.tid}`),
    );
    expect(tasks.length).toBeGreaterThan(0);
    const longest = tasks.reduce((a, b) => ((b.tdur ?? Number.NaN) > (a.tdur ?? Number.NaN) ? b : a));
    return { cpuMs: (longest.tdur ?? Number.NaN) / 1000, wallMs: (longest.dur ?? Number.NaN) / 1000 };
  }

  /** A lane's status (on the desktop page unless told), from the data attributes the page keeps for tests. */
  async function status(lane: "a" | "b", on = page) {
    const element = on.getByTestId(`status-${lane}`);
    const attribute = async (name: string) => (await element.getAttribute(`data-${name}`)) ?? "";
    const testAccuracy = await attribute("test-accuracy");
    return {
      state: await attribute("state"),
      iterations: Number(await attribute("iterations")),
      initialLoss: Number(await attribute("initial-loss")),
      loss: Number(await attribute("loss")),
      trainAccuracy: Number(await attribute("train-accuracy")),
      testAccuracy: testAccuracy === "" ? null : Number(testAccuracy),
      converged: (await attribute("converged")) === "true",
      text: ((await element.textContent()) ?? "").replace(/\s+/g, " "),
    };
  }

  /** Waits until a lane's status shows `state` (the page sets data-state as the run goes). */
  async function waitForState(lane: "a" | "b", state: string, on = page): Promise<void> {
    await on.locator(`[data-testid="status-${lane}"][data-state="${state}"]`).waitFor({ timeout: 60_000 });
  }

  it("trains two optimizers side by side on breast cancer: the loss falls and the accuracy shows", async () => {
    await page.selectOption("#dataset", "breast-cancer");
    await page.selectOption("#optimizer-a", "adam");
    await page.selectOption("#optimizer-b", "newton");
    await page.selectOption("#speed", "25");
    await page.click("#train");
    // Midway, the page is drawing a run in progress (adam needs hundreds of steps, 25 a frame).
    await waitForState("a", "running");
    await waitForState("a", "done");
    await waitForState("b", "done");
    const adam = await status("a");
    const newton = await status("b");
    for (const run of [adam, newton]) {
      expect(run.converged, run.text).toBe(true);
      // From log 2 at θ = 0 to well under half of it: these two features separate the classes well.
      expect(run.initialLoss).toBeCloseTo(Math.log(2), 12);
      expect(run.loss).toBeLessThan(run.initialLoss / 2);
      expect(run.testAccuracy).toBeGreaterThan(0.9);
      expect(run.text).toContain("test accuracy");
    }
    expect(newton.iterations).toBeLessThan(adam.iterations);
    // uPlot drew the loss curves; not hovered, its legend shows each run's last loss and iteration.
    const legend = (await page.getByTestId("loss-chart").textContent()) ?? "";
    expect(legend).toContain(`A: adam${adam.loss.toPrecision(6)} at ${adam.iterations}`);
    expect(legend).toContain(`B: newton${newton.loss.toPrecision(6)} at ${newton.iterations}`);
    // The plots share the width beside the controls; before, the chart reached past the window.
    expect(await horizontalOverflow(page)).toBe(0);
    // Newton's 6 steps next to Adam's hundreds read best with the iteration axis on a log scale.
    await page.check("#log-iterations");
    await expect.poll(() => page.getByTestId("loss-chart").getAttribute("data-log-iterations")).toBe("true");
    await page.screenshot({ path: `${artifacts}web-breast-cancer.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("fits iris's three species (the multinomial loss) and draws three regions", async () => {
    await page.selectOption("#dataset", "iris");
    await page.selectOption("#optimizer-a", "newton");
    await page.selectOption("#optimizer-b", "lbfgs");
    await page.selectOption("#speed", "25");
    await page.click("#train");
    await waitForState("a", "done");
    await waitForState("b", "done");
    for (const run of [await status("a"), await status("b")]) {
      expect(run.converged, run.text).toBe(true);
      // At θ = 0 every species has probability 1/3: the loss starts at log 3.
      expect(run.initialLoss).toBeCloseTo(Math.log(3), 12);
      expect(run.testAccuracy).toBeGreaterThan(0.9);
    }
    await page.screenshot({ path: `${artifacts}web-iris.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("adds playground points by clicking, by class, and trains on them", async () => {
    await page.selectOption("#dataset", "playground");
    await expect.poll(() => page.textContent("#message")).toBe("60 points. Press Train.");
    const canvas = page.getByTestId("boundary-a");
    await canvas.click({ position: { x: 300, y: 60 } }); // left click: the class chosen (blue)
    await canvas.click({ position: { x: 320, y: 80 }, button: "right" }); // right click: the other class
    await expect.poll(() => page.textContent("#message")).toBe("62 points. Press Train.");
    await page.selectOption("#optimizer-a", "momentum");
    await page.selectOption("#speed", "100");
    await page.click("#train");
    await waitForState("a", "done");
    const momentum = await status("a");
    expect(momentum.loss).toBeLessThan(momentum.initialLoss);
    // The two clouds overlap a little, so a line cannot get every point right; most it does.
    expect(momentum.trainAccuracy).toBeGreaterThan(0.8);
    expect(momentum.testAccuracy).toBeNull();
    await page.screenshot({ path: `${artifacts}web-playground.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("shows an optimizer's refusal of a setting instead of training", async () => {
    await page.selectOption("#optimizer-a", "momentum");
    await page.fill("#momentum-a", "1.5");
    await page.click("#train");
    await expect.poll(async () => (await status("a")).state).toBe("error");
    expect((await status("a")).text).toContain("momentum must be a finite number in [0, 1), got 1.5.");
  });

  describe("the regularization path and L1", () => {
    let on: Page;
    const breastCancer = loadBreastCancer();
    // The path the page computes, computed here too (same split, same code): the page must show its numbers.
    const prepared = prepareData(fromDataset(breastCancer), 0.25, 0);
    const expected = computePath({
      type: "path",
      featureNames: breastCancer.featureNames,
      train: prepared.train,
      test: prepared.test,
      l1Ratio: 1,
      count: 20,
      folds: 5,
    });

    beforeAll(async () => {
      on = await openPage({ width: 1280, height: 1100 });
    });

    /** The chosen point's weights as the table shows them: feature → the exact value (data-value). */
    async function shownWeights(): Promise<Map<string, string>> {
      const rows = await on.locator('[data-testid="path-coefficients"] tbody tr').all();
      const pairs = await Promise.all(
        rows.map(async (row) => [
          await row.getAttribute("data-feature"),
          await row.getAttribute("data-value"),
        ]),
      );
      return new Map(pairs as [string, string][]);
    }

    /**
     * The chosen point's weights must be the path's, with the same exact zeros (the others to 1e-9: the page's
     * V8 is Chromium's, whose Math.exp may round apart from Node's).
     */
    async function expectChosenPoint(index: number): Promise<void> {
      const view = on.getByTestId("path-view");
      expect(await view.getAttribute("data-chosen")).toBe(String(index));
      expect(await on.locator('[data-marker="chosen"]').getAttribute("data-index")).toBe(String(index));
      const nonZero = expected.nonZero[index]!;
      expect(await view.getAttribute("data-non-zero")).toBe(String(nonZero));
      const weights = await shownWeights();
      expect(weights.size).toBe(30);
      const zeros = [...weights.values()].filter((value) => value === "0");
      expect(zeros.length).toBe(30 - nonZero);
      breastCancer.featureNames.forEach((name, j) => {
        const want = expected.coefficients[index * 30 + j]!;
        const shown = Number(weights.get(name));
        if (want === 0) expect(weights.get(name), name).toBe("0");
        else {
          expect(shown, name).not.toBe(0);
          expect(Math.abs(shown - want), name).toBeLessThan(1e-9);
        }
      });
    }

    it("plots a curve per feature of breast cancer (30), computed off the main thread, with the chosen model's dropped weights exactly 0", async () => {
      await on.selectOption("#dataset", "breast-cancer");
      expect(await on.inputValue("#path-features")).toBe("all");
      const longest = await longestMainThreadTask(on, async () => {
        await on.click("#path-compute");
        await on.locator('[data-testid="path-view"][data-state="done"]').waitFor({ timeout: 60_000 });
      });
      expect(longest.cpuMs, `${JSON.stringify(longest)}`).toBeLessThan(LONGEST_TASK_CPU_MS);
      const curves = on.locator('[data-testid="path-plot"] path.coefficient-curve');
      expect(await curves.count()).toBe(30);
      const curveFeatures = await Promise.all(
        (await curves.all()).map((curve) => curve.getAttribute("data-feature")),
      );
      expect(curveFeatures).toEqual(breastCancer.featureNames);
      // Cross-validation's picks are marked, and the page starts at lambda.min.
      const validation = expected.crossValidation!;
      expect(await on.locator('[data-marker="lambda-min"]').getAttribute("data-index")).toBe(
        String(validation.bestIndex),
      );
      expect(await on.locator('[data-marker="lambda-1se"]').getAttribute("data-index")).toBe(
        String(validation.oneStandardErrorIndex),
      );
      await expectChosenPoint(validation.bestIndex);
      await on.screenshot({ path: `${artifacts}web-path.png`, fullPage: true });

      // The slider picks another strength: a sparser model.
      await on.fill("#path-strength", "4");
      await expectChosenPoint(4);
      // A click near the plot's left edge picks the strongest penalty: every weight is 0.
      const plot = (await on.getByTestId("path-plot").boundingBox())!;
      await on.mouse.click(plot.x + plot.width * 0.05, plot.y + plot.height / 2);
      await expectChosenPoint(0);
      expect([...(await shownWeights()).values()].every((value) => value === "0")).toBe(true);
      expect(await horizontalOverflow(on)).toBe(0);
      expect(pageErrors).toEqual([]);
    });

    it("gives a strength of the plane's path to the runs: newton and lbfgs drop the same weight to exactly 0", async () => {
      // Worst radius enters the path two strengths before mean texture (the default pair enter together).
      await on.selectOption("#y-feature", "mean texture");
      await on.selectOption("#path-features", "plane");
      await on.click("#path-compute");
      await on.locator('[data-testid="path-view"][data-state="done"]').waitFor({ timeout: 60_000 });
      expect(await on.locator('[data-testid="path-plot"] path.coefficient-curve').count()).toBe(2);
      // The plane's own path, here: the first strength at which one of the two features is in.
      const plane = prepareData(
        selectColumns(fromDataset(breastCancer), [
          breastCancer.featureNames.indexOf("worst radius"),
          breastCancer.featureNames.indexOf("mean texture"),
        ]),
        0.25,
        0,
      );
      const planePath = computePath({
        type: "path",
        featureNames: ["worst radius", "mean texture"],
        train: plane.train,
        test: plane.test,
        l1Ratio: 1,
        count: 20,
        folds: 5,
      });
      const sparse = Array.from(planePath.nonZero).indexOf(1);
      expect(sparse).toBeGreaterThan(0);
      await on.fill("#path-strength", String(sparse));
      expect(await on.getByTestId("path-view").getAttribute("data-non-zero")).toBe("1");
      await on.selectOption("#optimizer-a", "lbfgs");
      await on.selectOption("#optimizer-b", "newton");
      await on.click("#path-use");
      expect(Number(await on.inputValue("#l1"))).toBe(planePath.strengths[sparse]);
      expect(Number(await on.inputValue("#l2"))).toBe(0);
      await on.fill("#tol", "1e-8");
      await on.selectOption("#speed", "25");
      await on.click("#train");
      await waitForState("a", "done", on);
      await waitForState("b", "done", on);
      const droppedAt = planePath.coefficients.subarray(2 * sparse, 2 * sparse + 2);
      for (const lane of ["a", "b"] as const) {
        const element = on.getByTestId(`status-${lane}`);
        expect(await element.getAttribute("data-converged")).toBe("true");
        expect(await element.getAttribute("data-zero-coefficients")).toBe("1");
        const weights = ((await element.getAttribute("data-coefficients")) ?? "").split(" ");
        // The same weight as the path's is exactly 0 (the string "0", not 1e-17); the other is the path's.
        expect(weights.map((weight) => weight === "0")).toEqual(
          Array.from(droppedAt, (weight) => weight === 0),
        );
        const kept = droppedAt.findIndex((weight) => weight !== 0);
        expect(Math.abs(Number(weights[kept]) - droppedAt[kept]!)).toBeLessThan(1e-5);
        expect(await element.textContent()).toContain("weights exactly 01 of 2");
      }
      await on.screenshot({ path: `${artifacts}web-l1-runs.png`, fullPage: true });
    });

    it("says when an optimizer refuses L1: newton's truncated mode (requires.l1 unset), refused by minimize too", async () => {
      await on.selectOption("#optimizer-b", "newton");
      await on.selectOption("#mode-b", "truncated");
      expect(await on.locator("#l1-note-b").getAttribute("data-state")).toBe("refuses");
      expect(await on.locator("#l1-note-b").textContent()).toContain("does not handle an L1 penalty");
      expect(await on.locator("#l1-note-a").getAttribute("data-state")).toBe("ok");
      await on.click("#train");
      await expect.poll(async () => (await status("b", on)).state).toBe("error");
      // core's UNSUPPORTED_OBJECTIVE message, from the worker.
      expect((await status("b", on)).text).toContain("newton does not handle an L1 penalty");
      await waitForState("a", "done", on);
      // λ1 back to 0: no note.
      await on.fill("#l1", "");
      // Leaving the field fires its change, as a person's Tab or click does.
      await on.locator("#l1").blur();
      expect(await on.locator("#l1-note-b").getAttribute("data-state")).toBe("ok");
    });

    it("refuses a path on iris's three classes with core's reason", async () => {
      await on.selectOption("#dataset", "iris");
      await on.click("#path-compute");
      await on.locator('[data-testid="path-view"][data-state="error"]').waitFor({ timeout: 60_000 });
      expect(await on.locator("#path-message").textContent()).toBe(
        "The regularization path fits two classes (core's regularizationPath is binary); these data have 3.",
      );
      expect(pageErrors).toEqual([]);
    });
  });

  describe(`on a phone (${PHONE.width} × ${PHONE.height})`, () => {
    let phone: Page;

    beforeAll(async () => {
      phone = await openPage(PHONE);
    });

    /** What the person sees without scrolling sideways, `screens` screens down the page. */
    async function screenshot(name: string, screens = [0]): Promise<void> {
      for (const screen of screens) {
        await phone.screenshot({
          path: `${artifacts}web-phone-${name}-${screen + 1}.png`,
          fullPage: true,
          clip: { x: 0, y: screen * PHONE.height, ...PHONE },
        });
      }
    }

    it("fits the screen: the controls above the plots, the plots as wide as the column, nothing sideways", async () => {
      expect(await horizontalOverflow(phone)).toBe(0);
      const controls = (await phone.locator(".controls").boundingBox())!;
      const views = (await phone.locator(".views").boundingBox())!;
      expect(views.y).toBeGreaterThanOrEqual(controls.y + controls.height);
      // Each plane fills its figure (390 − 2 × 12 page padding − 2 × 9 figure padding and border = 348).
      for (const lane of ["a", "b"]) {
        const plane = (await phone.getByTestId(`boundary-${lane}`).boundingBox())!;
        expect(plane.x).toBeGreaterThanOrEqual(0);
        expect(plane.x + plane.width).toBeLessThanOrEqual(PHONE.width);
        expect(plane.width).toBeGreaterThan(330);
      }
      const chart = (await phone.locator(".loss-chart canvas").first().boundingBox())!;
      expect(chart.x + chart.width).toBeLessThanOrEqual(PHONE.width);
      expect(chart.width).toBeGreaterThan(330);
    });

    it("trains on breast cancer without blocking the page: the loss falls and the accuracy shows", async () => {
      await phone.selectOption("#dataset", "breast-cancer");
      await phone.selectOption("#optimizer-a", "adam");
      await phone.selectOption("#optimizer-b", "newton");
      await phone.selectOption("#speed", "100");
      const longest = await longestMainThreadTask(phone, async () => {
        await phone.click("#train");
        await waitForState("a", "done", phone);
        await waitForState("b", "done", phone);
      });
      expect(longest.cpuMs, `${JSON.stringify(longest)}`).toBeLessThan(LONGEST_TASK_CPU_MS);
      for (const lane of ["a", "b"] as const) {
        const run = await status(lane, phone);
        expect(run.converged, run.text).toBe(true);
        expect(run.loss).toBeLessThan(run.initialLoss / 2);
        expect(run.testAccuracy).toBeGreaterThan(0.9);
        expect(run.text).toContain("test accuracy");
      }
      // Long status lines and the chart's legend wrap instead of widening the page.
      expect(await horizontalOverflow(phone)).toBe(0);
      await screenshot("breast-cancer", [0, 1, 2, 3]);
      expect(pageErrors).toEqual([]);
    });

    it("trains on a CSV file chosen in the browser, with the label and feature columns picked", async () => {
      await phone.selectOption("#dataset", "csv");
      await expect.poll(() => phone.textContent("#message")).toBe("Choose a CSV file to train on.");
      await phone.setInputFiles("#csv-file", {
        name: "iris-two-species.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(irisCsv()),
      });
      await expect.poll(() => phone.textContent("#csv-message")).toContain("100 rows, 2 classes.");
      // The classes come from the file, sorted as the model sorts them, in the pictures' colours.
      expect(await phone.locator("#class-key .class").allTextContents()).toEqual([
        "● setosa (50)",
        "● versicolor (50)",
      ]);
      // The first guess: the column named like a label, and the first two numeric columns (not "specimen").
      expect(await phone.inputValue("#label-column")).toBe("species");
      expect(await phone.inputValue("#csv-x-feature")).toBe("sepal_length");
      expect(await phone.inputValue("#csv-y-feature")).toBe("sepal_width");
      await phone.selectOption("#csv-x-feature", "petal_length");
      await phone.selectOption("#csv-y-feature", "petal_width");
      await phone.selectOption("#optimizer-a", "lbfgs");
      await phone.selectOption("#optimizer-b", "newton");
      await phone.click("#train");
      await waitForState("a", "done", phone);
      await waitForState("b", "done", phone);
      for (const lane of ["a", "b"] as const) {
        const run = await status(lane, phone);
        expect(run.converged, run.text).toBe(true);
        expect(run.loss).toBeLessThan(run.initialLoss / 2);
        // Setosa's petals are at most 1.9 cm long, versicolor's at least 3.0 cm: a line separates them.
        expect(run.trainAccuracy).toBe(1);
        expect(run.testAccuracy).toBe(1);
      }
      expect(await horizontalOverflow(phone)).toBe(0);
      await screenshot("csv", [0, 1]);
      expect(pageErrors).toEqual([]);
    });

    it("keeps the page responsive while two runs fit 50,000 rows of a CSV", async () => {
      // Two overlapping clouds, the same every time; the class is the sign of a noisy x + y.
      const lines = ["u,v,label"];
      for (let i = 0; i < 50_000; i++) {
        const u = 2 * Math.sin(i * 0.7);
        const v = 2 * Math.cos(i * 1.3);
        lines.push(`${u},${v},${u + v + Math.sin(i * 2.9) > 0 ? "yes" : "no"}`);
      }
      await phone.setInputFiles("#csv-file", {
        name: "large.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(lines.join("\n")),
      });
      await expect.poll(() => phone.textContent("#csv-message")).toContain("50000 rows, 2 classes.");
      await phone.selectOption("#optimizer-a", "adam");
      await phone.selectOption("#optimizer-b", "newton");
      await phone.selectOption("#speed", "100");
      const longest = await longestMainThreadTask(phone, async () => {
        await phone.click("#train");
        await waitForState("a", "done", phone);
        await waitForState("b", "done", phone);
      });
      expect(longest.cpuMs, `${JSON.stringify(longest)}`).toBeLessThan(LONGEST_TASK_CPU_MS);
      for (const lane of ["a", "b"] as const) {
        const run = await status(lane, phone);
        expect(run.loss, run.text).toBeLessThan(run.initialLoss);
        // The noise flips the rows near the line u + v = 0; most are on their side.
        expect(run.testAccuracy).toBeGreaterThan(0.8);
      }
      expect(pageErrors).toEqual([]);
    });

    it("refuses a CSV with a bad cell, naming its line and column, and trains nothing", async () => {
      const lines = irisCsv().split("\n").slice(0, 12);
      // Line 4 (the header is line 1): petal width, the fifth column, is not a number.
      const cells = lines[3]!.split(",");
      cells[4] = "n/a";
      lines[3] = cells.join(",");
      await phone.setInputFiles("#csv-file", {
        name: "bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(lines.join("\n")),
      });
      await phone.selectOption("#csv-x-feature", "petal_length");
      await phone.selectOption("#csv-y-feature", "petal_width");
      // The command line's reader and message: the file, the line, the column by name and number, the cell.
      const message = phone.locator("#csv-message");
      await expect.poll(() => message.getAttribute("data-state")).toBe("error");
      const text = (await message.textContent()) ?? "";
      expect(text).toMatch(/^bad\.csv: line 4, column "petal_width" \(column 5\): /);
      expect(text).toContain('"n/a"');
      await phone.click("#train");
      expect(await phone.textContent("#message")).toBe("This file cannot be trained on as it is: see above.");
      expect((await status("a", phone)).state).toBe("idle");

      // A row with a cell too few is refused by the reader itself, before any column is chosen.
      await phone.setInputFiles("#csv-file", {
        name: "ragged.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("x,y,label\n1,2,a\n3,b\n"),
      });
      await expect
        .poll(() => message.textContent())
        .toBe("ragged.csv: line 3: the row has 2 fields, but the header (line 1) has 3 columns.");
      expect(await horizontalOverflow(phone)).toBe(0);
      await screenshot("bad-csv");
      expect(pageErrors).toEqual([]);
    });

    it("shows the regularization path at the screen's width, nothing sideways", async () => {
      await phone.selectOption("#dataset", "breast-cancer");
      await phone.click("#path-compute");
      await phone.locator('[data-testid="path-view"][data-state="done"]').waitFor({ timeout: 60_000 });
      expect(await phone.locator('[data-testid="path-plot"] path.coefficient-curve').count()).toBe(30);
      const plot = (await phone.getByTestId("path-plot").boundingBox())!;
      expect(plot.x).toBeGreaterThanOrEqual(0);
      expect(plot.x + plot.width).toBeLessThanOrEqual(PHONE.width);
      expect(plot.width).toBeGreaterThan(300);
      expect(await horizontalOverflow(phone)).toBe(0);
      await phone.getByTestId("path-view").scrollIntoViewIfNeeded();
      await phone.getByTestId("path-view").screenshot({ path: `${artifacts}web-phone-path.png` });
    });
  });
});
