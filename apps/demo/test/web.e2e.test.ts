import { mkdirSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { launchChromium, requireChromium } from "@descent/config/chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { build, type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

describe.skipIf(!haveChromium)("the web page", () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

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
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(server.resolvedUrls!.local[0]!);
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A lane's status, from the data attributes the page keeps up to date for this test. */
  async function status(lane: "a" | "b") {
    const element = page.getByTestId(`status-${lane}`);
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
  async function waitForState(lane: "a" | "b", state: string): Promise<void> {
    await page.locator(`[data-testid="status-${lane}"][data-state="${state}"]`).waitFor({ timeout: 60_000 });
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
    // uPlot drew the loss curves (its legend shows both runs).
    const legend = (await page.getByTestId("loss-chart").textContent()) ?? "";
    expect(legend).toContain("A: adam");
    expect(legend).toContain("B: newton");
    // Newton's 6 steps next to Adam's hundreds read best with the iteration axis on a log scale.
    await page.check("#log-iterations");
    await expect.poll(() => page.getByTestId("loss-chart").getAttribute("data-log-iterations")).toBe("true");
    await page.screenshot({ path: `${artifacts}web-breast-cancer.png`, fullPage: true });
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
});
