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
    expect(checks.map((check) => check.met)).toEqual([true, true, true, true]);
    expect(checks[1]?.measured).toContain("≥ 133×");
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
    expect(markdown).toContain("| default (wasm) | 20.0 ms [19.0 ms–30.0 ms]");
    expect(markdown).toContain("## Changes since the compared run");
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
