import { describe, expect, it } from "vitest";
import { compareResults, parseResults } from "./compare.js";
import { sampleProblem, sampleResults, sampleRun } from "./testing/sampleResults.js";

describe("compare", () => {
  const before = sampleResults();
  const faster = sampleRun({
    id: "descent/newton",
    library: "descent",
    label: "newton (renamed)",
    targets: before.problems[0]!.runs[0]!.targets.map((target) => ({
      ...target,
      seconds: target.seconds && { ...target.seconds, median: target.seconds.median / 2 },
    })),
  });
  const after = sampleResults({
    problems: [sampleProblem({ runs: [faster, ...before.problems[0]!.runs.slice(1)] })],
    processTiming: { ...before.processTiming!, descent: { median: 0.05, min: 0.05, max: 0.05, count: 3 } },
  });
  const rows = compareResults(before, after);
  const find = (scope: string, figure: string) =>
    rows.find((row) => row.scope.includes(scope) && row.figure === figure);

  it("gives now / before for each figure both runs have, matched by id, not label", () => {
    const row = find("newton (renamed)", "time to 1e-6");
    expect(row?.ratio).toBeCloseTo(0.5, 12);
    expect(row?.before).toBe("20.0 ms");
    expect(row?.after).toBe("10.0 ms");
    expect(find("newton (renamed)", "passes to 1e-8")?.ratio).toBe(1);
    expect(find("whole process", "node + descent")?.ratio).toBeCloseTo(0.5, 12);
    expect(find("roofline", "read bandwidth")).toMatchObject({ ratio: 1, higherIsBetter: true });
    expect(find("kernels default (kernels)", "valueAndGradient")?.ratio).toBe(1);
  });

  it("shows a target reached in neither run as not reached, without a ratio", () => {
    const row = find("TF.js", "time to 1e-8");
    expect(row).toBeUndefined();
    const partly = find("TF.js", "time to 1e-4");
    expect(partly?.ratio).toBe(1);
  });

  it("shows a target reached on one side only, without a ratio", () => {
    const lost = sampleResults({
      problems: [
        sampleProblem({
          runs: [
            sampleRun({
              id: "descent/newton",
              library: "descent",
              label: "newton",
              targets: [
                { target: 1e-4, seconds: null, passes: null },
                { target: 1e-6, seconds: null, passes: null },
                { target: 1e-8, seconds: null, passes: null },
              ],
            }),
          ],
        }),
      ],
    });
    const row = compareResults(before, lost).find((candidate) => candidate.figure === "time to 1e-8");
    expect(row).toMatchObject({ before: "30.0 ms", after: "not reached", ratio: null });
  });

  it("leaves out failed runs and problems only one side has", () => {
    expect(rows.some((row) => row.scope.endsWith("/ adam"))).toBe(false);
    expect(
      compareResults(before, sampleResults({ problems: [sampleProblem({ id: "other" })] })).filter((row) =>
        row.scope.includes("/"),
      ),
    ).toEqual([]);
  });

  it("refuses a file that is not a results file", () => {
    expect(() => parseResults("{}", "x.json")).toThrow(/not a descent bench results file/);
    expect(() => parseResults("{", "x.json")).toThrow(/not JSON/);
    expect(parseResults(JSON.stringify(before), "x.json").mode).toBe("quick");
  });
});
