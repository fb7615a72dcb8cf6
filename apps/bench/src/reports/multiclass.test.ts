import { describe, expect, it } from "vitest";
import type { ProblemResult } from "../results.js";
import { sampleProblem, sampleResults, sampleRun } from "../testing/sampleResults.js";
import { largestProblemBandwidth, recommendations, targetChecks } from "./headline.js";
import { htmlReport } from "./html.js";
import { markdownReport } from "./markdown.js";
import { multiclassTable } from "./multiclass.js";
import { terminalReport } from "./table.js";

const seconds = (median: number) => ({ median, min: median * 0.9, max: median * 1.1, count: 3, reached: 3 });
const unreached = { target: 1e-8, seconds: null, passes: null };

function multiclassProblem(descentSeconds: number, sklearnSeconds: number): ProblemResult {
  const reaching = (median: number) => [
    { target: 1e-4, seconds: seconds(median / 3), passes: null },
    { target: 1e-6, seconds: seconds(median / 2), passes: null },
    { target: 1e-8, seconds: seconds(median), passes: null },
  ];
  return sampleProblem({
    id: "multiclass-100000x100-k10",
    label: "multiclass 100k×100, 10 classes",
    classes: 10,
    // Larger than the binary problem's X, so that only the filter keeps it out of the bandwidth figure.
    featureBytes: 800e6,
    kernels: [{ ...sampleProblem().kernels[0]!, gradientBandwidth: 1e12 }],
    runs: [
      sampleRun({
        id: "descent/lbfgs",
        library: "descent",
        label: "lbfgs",
        targets: reaching(descentSeconds),
      }),
      sampleRun({
        id: "descent/newton",
        library: "descent",
        label: "newton (auto)",
        targets: reaching(descentSeconds * 2),
      }),
      sampleRun({
        id: "scikit-learn/lbfgs",
        library: "scikit-learn",
        label: "scikit-learn lbfgs",
        targets: reaching(sklearnSeconds),
      }),
      sampleRun({
        id: "scikit-learn/sag",
        library: "scikit-learn",
        label: "scikit-learn sag",
        targets: reaching(sklearnSeconds * 3),
      }),
      sampleRun({
        id: "tfjs/adam",
        library: "tfjs",
        label: "TF.js adam",
        targets: [{ target: 1e-4, seconds: null, passes: null }, { ...unreached, target: 1e-6 }, unreached],
        bestGap: 2e-3,
      }),
      sampleRun({
        id: "tfjs/sgd",
        library: "tfjs",
        label: "TF.js sgd",
        tuning: "oracle",
        targets: [{ target: 1e-4, seconds: null, passes: null }, { ...unreached, target: 1e-6 }, unreached],
        bestGap: 4e-4,
      }),
    ],
  });
}

describe("the multiclass section", () => {
  it("gives per library the run fastest to 1e-8, or the best gap of one that never got there", () => {
    const results = sampleResults({ problems: [sampleProblem(), multiclassProblem(2, 1)] });
    expect(multiclassTable(results).rows).toEqual([
      ["multiclass 100k×100, 10 classes", "lbfgs", "2.00 s [1.80 s–2.20 s]", "5.0e-9"],
      ["multiclass 100k×100, 10 classes", "scikit-learn lbfgs", "1.00 s [900.0 ms–1.10 s]", "5.0e-9"],
      ["multiclass 100k×100, 10 classes", "TF.js sgd (oracle step)", "not reached", "4.0e-4"],
    ]);
    for (const report of [markdownReport(results), htmlReport(results, null, { script: "", style: "" })]) {
      expect(report).toContain("Multiclass");
      expect(report).toContain("TF.js sgd (oracle step)");
    }
    expect(terminalReport(results)).toContain("Multiclass (the multinomial loss)");
  });

  it("has no section when no multiclass problem ran", () => {
    const results = sampleResults();
    expect(multiclassTable(results).rows).toEqual([]);
    expect(markdownReport(results)).not.toContain("## Multiclass");
  });

  it("judges the issue's target: descent's fastest to 1e-8 against scikit-learn's fastest", () => {
    const goal = /^multiclass 100k × 100, 10 classes/;
    const slower = targetChecks(sampleResults({ problems: [multiclassProblem(2, 1)] }));
    const faster = targetChecks(sampleResults({ problems: [multiclassProblem(0.5, 1)] }));
    expect(slower.find((check) => goal.test(check.goal))!.met).toBe(false);
    expect(faster.find((check) => goal.test(check.goal))!.met).toBe(true);
    expect(targetChecks(sampleResults()).some((check) => goal.test(check.goal))).toBe(false);
  });

  it("keeps multiclass problems out of the binary rules and the bandwidth figure", () => {
    const results = sampleResults({ problems: [sampleProblem(), multiclassProblem(2, 1)] });
    expect(recommendations(results).winners.map((winner) => winner.problem.id)).toEqual(["dense-100000x100"]);
    expect(largestProblemBandwidth(results)!.problem.id).toBe("dense-100000x100");
  });
});
