import { describe, expect, it } from "vitest";
import { compareResults } from "../compare.js";
import { sampleResults } from "../testing/sampleResults.js";
import { headlineRows, speedRatio, targetChecks } from "./headline.js";
import { htmlReport, plotPoints } from "./html.js";
import { markdownReport } from "./markdown.js";
import { terminalReport } from "./table.js";

const results = sampleResults();

describe("headline", () => {
  it("puts descent's fastest optimizer against the fastest peer to 1e-6, as a ratio", () => {
    const [row] = headlineRows(results);
    expect(row?.descent).toEqual({ label: "newton (auto)", seconds: 0.02 });
    expect(row?.peer).toEqual({ label: "scikit-learn lbfgs", seconds: 0.08 });
    expect(row?.speedup.bound).toBe("exact");
    expect(row?.speedup.ratio).toBeCloseTo(4, 12);
  });

  it("gives a lower bound when only descent reached the target, and nothing when descent did not", () => {
    const tfjs = results.problems[0]!.runs.filter((run) => run.library === "tfjs");
    // TF.js ran 4 s without reaching 1e-8: descent's 0.03 s is at least 133× faster.
    expect(speedRatio(0.03, tfjs, 1e-8)).toEqual({ ratio: 4 / 0.03, bound: "at-least" });
    expect(speedRatio(null, tfjs, 1e-8)).toEqual({ ratio: null, bound: "none" });
  });

  it("judges the issue's targets", () => {
    const checks = targetChecks(results);
    expect(checks.map((check) => check.goal)).toEqual([
      "100k × 100 to 1e-8: descent's fastest at least as fast as scikit-learn's fastest",
      "100k × 100 to 1e-8: descent's fastest ≥ 30× faster than TF.js",
      "gradient pass on one thread ≥ 50 % of the memory roofline",
      "gradient pass on every core ≥ 80 % of the all-core memory roofline",
      "whole process on breast cancer ≤ 0.1 s",
      "whole process on breast cancer ≤ 0.2× Python's",
    ]);
    // Two threads read 7.27 GB/s: 45 % of the two-thread roofline's 16 GB/s, so that target is missed.
    expect(checks.map((check) => check.met)).toEqual([true, true, true, false, true, true]);
    expect(checks[1]?.measured).toContain("≥ 133×");
    expect(checks[4]?.measured).toBe(
      "node dist/processFit.js newton: 100.0 ms (min 90.0 ms, max 120.0 ms); Node alone on an empty ES module: 70.0 ms",
    );
    expect(checks[3]?.measured).toBe(
      "dense 100k×100, wasm, 2 threads: 7.27 GB/s = 45 % of 16.00 GB/s (2 threads)",
    );
  });

  it("judges a 1M × 100 run's speed and memory, and old results without thread counts", () => {
    const large = {
      ...results.problems[0]!,
      id: "dense-1000000x100",
      label: "dense 1M×100",
      rows: 1_000_000,
      testRows: 250_000,
      columns: 100,
    };
    const checks = targetChecks({ ...results, problems: [large] });
    const memory = checks.find((check) => check.goal.startsWith("peak memory"));
    // The sample's fits peak at 12 MB above an idle Node, for 1.25M rows × 100 doubles of X.
    expect(memory?.met).toBe(true);
    expect(memory?.measured).toContain("12 MB above an idle Node for 1000 MB of X: 0.01×");
    expect(checks.some((check) => check.goal.startsWith("1M × 100 to 1e-8"))).toBe(true);
    const old = targetChecks({
      ...results,
      rooflineAllCores: undefined,
      problems: [
        { ...results.problems[0]!, kernels: [{ ...results.problems[0]!.kernels[0]!, threads: undefined }] },
      ],
    });
    expect(old.find((check) => check.goal.startsWith("gradient pass on one thread"))?.met).toBe(true);
    expect(old.find((check) => check.goal.startsWith("gradient pass on every core"))?.measured).toBe(
      "not measured",
    );
  });
});

describe("reports", () => {
  const comparison = compareResults(results, results);

  it("renders Markdown with the headline, targets, settings, kernels and notes", () => {
    const markdown = markdownReport(results, comparison);
    expect(markdown).toContain("# descent bench — quick run, 2025-06-01T12:00:00.000Z");
    expect(markdown).toContain(
      "| dense 100k×100 | newton (auto) | 20.0 ms | scikit-learn lbfgs | 80.0 ms | 4.00× |",
    );
    expect(markdown).toContain("**newton (auto)**: learningRate=0.5, batch=full");
    expect(markdown).toContain("| default (kernels) | 20.0 ms [19.0 ms–30.0 ms]");
    expect(markdown).toContain("## Changes since the compared run");
    expect(markdown).toContain("a sum over 268.4 MB of doubles, 2 threads: 16.00 GB/s");
    expect(markdown).toContain(
      "WebAssembly SIMD read loop (16-byte loads): a sum over 268.4 MB of doubles, one thread: 6.00 GB/s",
    );
    expect(markdown).toContain("@descent/lbfgs: skipped");
    expect(markdown).toContain("| adam | failed |");
    expect(markdown).toContain("**adam**: learningRate=0.5, batch=full. exited with 1");
  });

  it("renders a self-contained HTML page with uPlot inlined and every problem's plot data", () => {
    const html = htmlReport(results, null, { script: "/* uPlot */", style: "/* css */" });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<script>/* uPlot */</script>");
    expect(html).toContain('id="dense-100000x100-time"');
    expect(html).toContain('id="dense-100000x100-passes"');
    // Labels are escaped in tables, and JSON in scripts cannot close the script element.
    expect(html).toContain("TF.js adam &lt;fast?&gt;");
    expect(html).toContain("TF.js adam \\u003cfast?>");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it("inlines the real uPlot by default", () => {
    const html = htmlReport(results);
    expect(html).toContain("uPlot");
    expect(html.length).toBeGreaterThan(40_000);
  });

  it("plots only points a log axis can show, sorted, one per x", () => {
    const points = plotPoints([0, 0.2, 0.1, 0.1, null], [Math.LN2, 0.5001, 0.5002, 0.50005, 0.5], 0.5);
    expect(points.x).toEqual([0.1, 0.2]);
    expect(points.y[0]).toBeCloseTo(1e-4, 12);
    expect(points.y[1]).toBeCloseTo(2e-4, 12);
  });

  it("renders the terminal report", () => {
    const text = terminalReport(results);
    expect(text).toContain("Headline");
    expect(text).toContain("newton (auto)");
    expect(text).toContain("Whole process on breast cancer: node + descent 100.0 ms");
  });
});
