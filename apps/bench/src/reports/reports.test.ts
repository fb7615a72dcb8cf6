import { describe, expect, it } from "vitest";
import { compareResults } from "../compare.js";
import type { ProblemResult, RunResult } from "../results.js";
import { sampleProblem, sampleResults, sampleRun } from "../testing/sampleResults.js";
import { headlineRows, oracleRows, recommendations, speedRatio, targetChecks } from "./headline.js";
import { htmlReport, plotPoints } from "./html.js";
import { markdownReport } from "./markdown.js";
import { TERMINAL_COLUMNS, terminalReport, textTable, wrapText } from "./table.js";

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
      "node dist/processFit/newton.js: 100.0 ms (min 90.0 ms, max 120.0 ms); Node alone on an empty ES module: 70.0 ms",
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
    // Paragraphs wrap at 100 columns: read them as one line.
    const unwrapped = text.replace(/\n/g, " ");
    expect(unwrapped).toContain(
      "Whole process on breast cancer: node dist/processFit/newton.js 100.0 ms [90.0 ms–120.0 ms]; Node alone",
    );
    expect(unwrapped).toContain("has no module compile cache");
  });
});

/** A run that reached each target at `seconds` (1e-4 at half of it, 1e-8 at 1.5×). */
function runReaching(
  id: string,
  label: string,
  seconds: number,
  tuning: "user" | "oracle" = "user",
  library: RunResult["library"] = "descent",
): RunResult {
  const summary = (median: number) => ({ median, min: median, max: median, count: 3, reached: 3 });
  return sampleRun({
    id,
    library,
    label,
    tuning,
    targets: [
      { target: 1e-4, seconds: summary(seconds / 2), passes: summary(5) },
      { target: 1e-6, seconds: summary(seconds), passes: summary(10) },
      { target: 1e-8, seconds: summary(1.5 * seconds), passes: summary(15) },
    ],
  });
}

function problemOf(
  id: string,
  label: string,
  rows: number,
  columns: number,
  runs: RunResult[],
): ProblemResult {
  return sampleProblem({ id, label, rows, columns, nonZeros: rows * columns, runs, kernels: [] });
}

/** Newton wins the small problem (though an oracle-tuned heavy ball is faster still), L-BFGS the larger ones. */
const ranked = sampleResults({
  problems: [
    problemOf("dense-10000x20", "dense 10k×20", 10_000, 20, [
      runReaching("descent/newton", "newton (auto)", 0.005),
      runReaching("descent/lbfgs", "lbfgs", 0.003),
      runReaching("scikit-learn/lbfgs", "scikit-learn lbfgs", 0.004, "user", "scikit-learn"),
    ]),
    problemOf("iris", "iris λ=0.01", 80, 4, [
      runReaching("descent/momentum", "heavy ball (oracle)", 0.0005, "oracle"),
      runReaching("descent/newton", "newton (auto)", 0.001),
      runReaching("descent/newton-cg", "newton-cg", 0.0012),
      runReaching("descent/lbfgs", "lbfgs", 0.003),
      runReaching("tfjs/sgd", "TF.js sgd", 0.0004, "oracle", "tfjs"),
      runReaching(
        "scikit-learn/newton-cholesky",
        "scikit-learn newton-cholesky",
        0.002,
        "user",
        "scikit-learn",
      ),
    ]),
    problemOf("dense-100000x100", "dense 100k×100", 100_000, 100, [
      runReaching("descent/newton", "newton (auto)", 0.09),
      runReaching("descent/lbfgs", "lbfgs", 0.06),
      runReaching("descent/adam-defaults", "adam", Number.POSITIVE_INFINITY),
    ]),
  ],
});

describe("settings a user has, and oracle-tuned runs apart", () => {
  it("leaves oracle-tuned runs out of the headline, on descent's side and the peers'", () => {
    const iris = headlineRows(ranked)[1]!;
    expect(iris.descent).toEqual({ label: "newton (auto)", seconds: 0.001 });
    expect(iris.peer).toEqual({ label: "scikit-learn newton-cholesky", seconds: 0.002 });
    expect(iris.speedup.ratio).toBeCloseTo(2, 12);
  });

  it("shows the fastest oracle-tuned run beside descent's fastest at user settings", () => {
    expect(oracleRows(ranked)).toEqual([
      {
        problem: "iris λ=0.01",
        oracle: { label: "TF.js sgd", seconds: 0.0004 },
        user: { label: "newton (auto)", seconds: 0.001 },
      },
    ]);
  });

  it("treats older results by their ids: gradient descent and momentum were oracle-tuned", () => {
    const old = sampleResults({
      problems: [
        problemOf("iris", "iris", 80, 4, [
          { ...runReaching("descent/momentum", "heavy ball", 0.0005), tuning: undefined },
          { ...runReaching("descent/newton", "newton (auto)", 0.001), tuning: undefined },
        ]),
      ],
    });
    expect(headlineRows(old)[0]!.descent?.label).toBe("newton (auto)");
  });
});

describe("which optimizer when", () => {
  it("names each problem's fastest package at user settings, smallest X first, with the next package", () => {
    const { winners } = recommendations(ranked);
    expect(
      winners.map(({ problem, winner, runnerUp }) => [problem.label, winner.run.label, runnerUp?.run.label]),
    ).toEqual([
      ["iris λ=0.01", "newton (auto)", "lbfgs"],
      ["dense 10k×20", "lbfgs", "newton (auto)"],
      ["dense 100k×100", "lbfgs", "newton (auto)"],
    ]);
  });

  it("turns each stretch of problems won by one package into a rule, with the measured lead", () => {
    const { rules, notes } = recommendations(ranked);
    expect(rules).toEqual([
      "up to 320 entries of X: newton (newton (auto)). Measured: 80×4 dense 1.00 ms, 3.0× ahead of lbfgs.",
      "from 200k entries of X: lbfgs. Measured: 10k×20 dense 3.00 ms, 1.7× ahead of newton; " +
        "100k×100 dense 60.0 ms, 1.5× ahead of newton.",
    ]);
    expect(notes[0]).toBe(
      "At their defaults, the first-order methods (adam) reached 1e-6 in 0 of 1 runs within the time budget; " +
        "the oracle-tuned runs below show what a fitted step size buys.",
    );
    expect(notes[1]).toContain("Minibatch methods were not run here");
  });

  it("says one package won everywhere when it did", () => {
    const onlyLbfgs = sampleResults({ problems: [ranked.problems[0]!, ranked.problems[2]!] });
    expect(recommendations(onlyLbfgs).rules[0]).toMatch(/^every problem here: lbfgs/);
  });

  it("is in every report", () => {
    expect(markdownReport(ranked, null)).toContain("## Which optimizer when");
    expect(markdownReport(ranked, null)).toContain("## Oracle-tuned runs");
    expect(htmlReport(ranked, null, { script: "", style: "" })).toContain("<h2>Which optimizer when</h2>");
    expect(terminalReport(ranked)).toContain("- up to 320 entries of X: newton (newton (auto)).");
  });
});

describe("the terminal report's width", () => {
  it("fits every line in 100 columns, with long labels and notes", () => {
    const long = sampleResults({
      problems: [...ranked.problems, sampleProblem()],
      notes: [`${"a long note ".repeat(30)}end.`],
    });
    const lines = terminalReport(long).split("\n");
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(TERMINAL_COLUMNS);
  });

  it("wraps a table's widest column at spaces, keeping a number with its unit", () => {
    const table = textTable({ header: ["a", "b"], rows: [["x", "one two three four five six 12.5 ms"]] }, 20);
    expect(table.split("\n")).toEqual([
      "a  b",
      "─  ─────────────────",
      "x  one two three",
      "   four five six",
      "   12.5 ms",
    ]);
    expect(wrapText("took 12.5 ms, then", 10)).toEqual(["took", "12.5 ms,", "then"]);
  });
});
