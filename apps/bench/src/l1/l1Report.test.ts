import { describe, expect, it } from "vitest";
import { markdownReport } from "../reports/markdown.js";
import { terminalReport } from "../reports/table.js";
import { sampleResults, sampleRun } from "../testing/sampleResults.js";
import { l1TargetsTable } from "./l1Report.js";
import type { L1ProblemResult, L1RunResult } from "./l1Results.js";

function l1Run(overrides: Partial<L1RunResult> & Pick<L1RunResult, "id" | "library" | "label">): L1RunResult {
  return { ...sampleRun(overrides), nonZero: 47, supportMismatches: 0, ...overrides };
}

/** A descent run reaching 1e-8 in `seconds`, everything else as sampleRun. */
function reaching(seconds: number | null) {
  const summary =
    seconds === null ? null : { median: seconds, min: seconds, max: seconds, count: 1, reached: 1 };
  return [
    { target: 1e-4, seconds: summary, passes: null },
    { target: 1e-6, seconds: summary, passes: null },
    { target: 1e-8, seconds: summary, passes: null },
  ];
}

function l1Problem(overrides: Partial<L1ProblemResult> = {}): L1ProblemResult {
  return {
    id: "l1-dense-100000x100-informative20-s=0.001-r=1",
    label: "dense 100k×100 (20 informative), L1 λ1=0.001",
    rows: 100_000,
    columns: 100,
    strength: 0.001,
    l1Ratio: 1,
    l1: 0.001,
    l2: 0,
    optimum: {
      f: 0.4962,
      violation: 7e-18,
      iterations: 11,
      support: [],
      nonZero: 47,
      lipschitz: 0.26,
      seconds: 9,
      hessianSeconds: { kernels: 0.2, typescript: 1.5 },
      cached: true,
    },
    runs: [
      l1Run({
        id: "descent/l1-newton",
        library: "descent",
        label: "newton (proximal, mode exact)",
        targets: reaching(2),
      }),
      l1Run({ id: "descent/l1-lbfgs", library: "descent", label: "lbfgs (OWL-QN)", targets: reaching(0.5) }),
      l1Run({
        id: "descent/l1-fista",
        library: "descent",
        label: "FISTA (oracle 1/L)",
        tuning: "oracle",
        targets: reaching(0.1),
      }),
      l1Run({
        id: "scikit-learn/saga",
        library: "scikit-learn",
        label: "scikit-learn saga",
        targets: reaching(5),
      }),
    ],
    path: {
      strengths: [0.1, 0.01],
      optimumF: [0.69, 0.5],
      optimumNonZero: [0, 90],
      runs: [
        {
          label: "descent lbfgs (OWL-QN)",
          library: "descent",
          settings: { tol: 1e-7 },
          status: "ok",
          note: null,
          seconds: { median: 3, min: 3, max: 3, count: 1 },
          gaps: [0, 2e-9],
          nonZero: [0, 90],
        },
        {
          label: "scikit-learn saga",
          library: "scikit-learn",
          settings: { tol: 1e-6 },
          status: "ok",
          note: null,
          seconds: { median: 60, min: 60, max: 60, count: 1 },
          gaps: [0, 4e-7],
          nonZero: [0, 91],
        },
      ],
    },
    ...overrides,
  };
}

describe("L1 targets", () => {
  it("compares descent's fastest at user settings (not the oracle-tuned FISTA) with saga to 1e-8", () => {
    const [speed, zeros, path] = l1TargetsTable([l1Problem()]).rows;
    expect(speed).toEqual([
      "dense 100k×100 (20 informative), L1 λ1=0.001: to 1e-8, descent's fastest (user settings) ≤ scikit-learn saga",
      "lbfgs (OWL-QN) 500.0 ms",
      "saga 5.00 s",
      "10.0×",
      "met",
    ]);
    expect(zeros![4]).toBe("met");
    expect(path!.slice(1)).toEqual([
      "descent lbfgs (OWL-QN) 3.00 s",
      "scikit-learn saga 60.0 s",
      "20.0×",
      "met",
    ]);
  });

  it("misses when saga is faster, when a zero set differs, and gives a bound when saga never got there", () => {
    const slow = l1Problem();
    const runs = slow.runs.map((run) =>
      run.id === "scikit-learn/saga"
        ? { ...run, targets: reaching(0.2) }
        : run.id === "descent/l1-newton"
          ? { ...run, supportMismatches: 2 }
          : run,
    );
    const [speed, zeros] = l1TargetsTable([{ ...slow, runs, path: null }]).rows;
    expect(speed!.slice(3)).toEqual(["0.40×", "missed"]);
    expect(zeros![4]).toBe("missed");
    const never = slow.runs.map((run) =>
      run.id === "scikit-learn/saga" ? { ...run, targets: reaching(null) } : run,
    );
    const [bound] = l1TargetsTable([{ ...slow, runs: never, path: null }]).rows;
    expect(bound!.slice(2)).toEqual(["saga: not reached", "≥ 0.060×", "met (saga did not reach 1e-8)"]);
  });
});

describe("L1 section of the reports", () => {
  it("is in the Markdown and terminal reports when there are L1 results, and absent otherwise", () => {
    const results = sampleResults({ l1: [l1Problem()] });
    const markdown = markdownReport(results, null);
    expect(markdown).toContain("## L1 and elastic net");
    expect(markdown).toContain("| lbfgs (OWL-QN) | 500.0 ms | 500.0 ms | 500.0 ms | — | 5.0e-9 | 47 | 0 |");
    expect(markdown).toContain("| 0.01 | 90 | 2.0e-9 | 90 | 4.0e-7 | 91 |");
    expect(terminalReport(results)).toContain("L1 and elastic net");
    expect(markdownReport(sampleResults(), null)).not.toContain("L1 and elastic net");
  });
});
