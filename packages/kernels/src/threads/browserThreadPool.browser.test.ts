import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { launchChromium, requireChromium } from "@descent/config/chromium";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectClose, THREADED_AGREEMENT } from "../../test/agreement.js";
import { type Refusal, runThreaded, type ThreadedRun } from "../../test/browserThreads/page.js";

/**
 * The browser's thread pool in a real browser: test/browserThreads (and the README's example) bundled with
 * esbuild under the "browser" condition, served by a small HTTP server under /isolated/ with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` and under
 * /plain/ without them, and driven in Debian's Chromium through playwright-core.
 */
const haveChromium = requireChromium("the thread pool in a browser");

const packageDirectory = fileURLToPath(new URL("../../", import.meta.url));
const exampleFile = fileURLToPath(new URL("../../examples/browserThreads.ts", import.meta.url));
const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** Bundles the harness and the example; returns each output file's text by its name (main.js, …). */
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    absWorkingDir: packageDirectory,
    entryPoints: {
      main: "test/browserThreads/main.ts",
      worker: "test/browserThreads/worker.ts",
      example: "examples/browserThreads.ts",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // "browser" picks the browser's pool from @descent/kernels/threads; "@descent/source", its source.
    conditions: ["browser", "@descent/source"],
    outdir: "/bundle",
    write: false,
    logLevel: "silent",
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice("/bundle/".length), file.text]));
}

function page(script: string): string {
  return `<!doctype html><meta charset="utf-8"><title>descent threads</title><script type="module" src="./${script}"></script>`;
}

/** Serves the bundle under /isolated/ (cross-origin isolated) and /plain/ (not). */
function serve(files: Map<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    const [, area, name] = /^\/(isolated|plain)\/([\w.]+)$/.exec(request.url ?? "") ?? [];
    const body =
      name === "index.html"
        ? page("main.js")
        : name === "example.html"
          ? page("example.js")
          : files.get(name ?? "");
    if (area === undefined || body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = name!.endsWith(".html") ? "text/html" : "text/javascript";
    response
      .writeHead(200, {
        "Content-Type": `${type}; charset=utf-8`,
        "Cache-Control": "no-store",
        ...(area === "isolated" ? isolationHeaders : {}),
      })
      .end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Checks one run of the harness: threads used, agreement with one thread, repeats bit for bit. */
function expectThreadedRun(run: ThreadedRun, inWorker: boolean): void {
  expect(run.crossOriginIsolated).toBe(true);
  expect(run.inWorker).toBe(inWorker);
  // A page's main thread may not block (the pool spins there); a worker may (the pool sleeps).
  expect(run.callerMayBlock).toBe(inWorker);
  expect([run.poolThreads, run.threadedThreads, run.singleThreads]).toEqual([2, 2, 1]);
  const [first, second] = run.threaded;
  expectClose(first.numbers, run.single.numbers, THREADED_AGREEMENT);
  expect(second.bits).toBe(first.bits);
  expect(run.otherPool.bits).toBe(first.bits);
  // The threads really ran: their grouping of the sums moves some last bits away from one thread's.
  expect(first.bits).not.toBe(run.single.bits);
}

describe.skipIf(!haveChromium)("the thread pool in a browser", () => {
  let server: Server;
  let browser: Browser;
  let origin: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await serve(await bundle());
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(chromium);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function open(path: string): Promise<Page> {
    const tab = await browser.newPage();
    tab.on("pageerror", (error) => pageErrors.push(error.message));
    await tab.goto(`${origin}${path}`);
    await tab.waitForFunction(() => "descentHarness" in globalThis);
    return tab;
  }

  it("on a cross-origin isolated page's main thread (which spins): a pool of 2 agrees with one thread to 1e-12, repeats bit for bit, and a fit reaches one thread's coefficients", async () => {
    const tab = await open("/isolated/index.html");
    const run = await tab.evaluate(() =>
      (
        globalThis as unknown as {
          descentHarness: { runThreaded(options: { fit: boolean }): Promise<ThreadedRun> };
        }
      ).descentHarness.runThreaded({ fit: true }),
    );
    expectThreadedRun(run, false);
    const fit = run.fit!;
    expect(fit.converged).toEqual([true, true]);
    // Both runs stop at ‖∇f‖∞ ≤ 1e-10 on f with curvature ≥ λ = 0.01, so each is within 1e-8 of the optimum.
    expectClose(fit.threaded, fit.single, THREADED_AGREEMENT);
    for (let j = 0; j < fit.single.length; j++) {
      expect(Math.abs(fit.threaded[j]! - fit.single[j]!)).toBeLessThanOrEqual(1e-8);
    }
    await tab.close();
    expect(pageErrors).toEqual([]);
  });

  it("on threads, Chromium computes what Node does, bit for bit (the same kernels, split and order of additions)", async () => {
    const tab = await open("/isolated/index.html");
    const inBrowser = await tab.evaluate(() =>
      (
        globalThis as unknown as {
          descentHarness: { runThreaded(options: { fit: boolean }): Promise<ThreadedRun> };
        }
      ).descentHarness.runThreaded({ fit: false }),
    );
    // The same harness in Node, where @descent/kernels/threads is the worker_threads pool.
    const inNode = await runThreaded({ fit: false });
    expect(inNode.threadedThreads).toBe(2);
    expect(inBrowser.threaded[0].bits).toBe(inNode.threaded[0].bits);
    expect(inBrowser.single.bits).toBe(inNode.single.bits);
    await tab.close();
  });

  it("in a Web Worker of that page (which blocks in Atomics.wait): the same agreement and repeats", async () => {
    const tab = await open("/isolated/index.html");
    const run = await tab.evaluate(() =>
      (
        globalThis as unknown as { descentHarness: { runThreadedInWorker(): Promise<ThreadedRun> } }
      ).descentHarness.runThreadedInWorker(),
    );
    expectThreadedRun(run, true);
    await tab.close();
    expect(pageErrors).toEqual([]);
  });

  it("on a page served without COOP/COEP: startThreadPool rejects (UNSUPPORTED_RUNTIME) naming both headers, and createThreadPool always throws", async () => {
    const tab = await open("/plain/index.html");
    const result = await tab.evaluate(() =>
      (globalThis as unknown as { descentHarness: { refusal(): Promise<Refusal> } }).descentHarness.refusal(),
    );
    expect(result.crossOriginIsolated).toBe(false);
    expect(result.startThreadPool?.code).toBe("UNSUPPORTED_RUNTIME");
    expect(result.startThreadPool?.message).toContain("Cross-Origin-Opener-Policy: same-origin");
    expect(result.startThreadPool?.message).toContain("Cross-Origin-Embedder-Policy: require-corp");
    expect(result.createThreadPool?.code).toBe("UNSUPPORTED_RUNTIME");
    expect(result.createThreadPool?.message).toContain("await startThreadPool()");
    await tab.close();
  });

  it("the README's example (examples/browserThreads.ts, shown verbatim) runs on an isolated page", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(readFileSync(exampleFile, "utf8").trim());
    const tab = await browser.newPage();
    const printed: string[] = [];
    tab.on("console", (message) => printed.push(message.text()));
    tab.on("pageerror", (error) => pageErrors.push(error.message));
    await tab.goto(`${origin}/isolated/example.html`);
    await expect.poll(() => printed.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const cores = await tab.evaluate(
      () =>
        (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator
          .hardwareConcurrency,
    );
    expect(printed[0]).toBe(`threads: ${cores}`);
    expect(printed[1]).toMatch(/^gd converged/);
    await tab.close();
    expect(pageErrors).toEqual([]);
  });
});
