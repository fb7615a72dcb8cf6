import { describe, expect, it } from "vitest";
import { caught } from "../test/caught.js";
import { checkOptionNames } from "./optionNames.js";

describe("checkOptionNames", () => {
  const known = ["learningRate", "maxIter", "batchSize"];

  it("accepts known names, and unknown ones whose value is undefined", () => {
    expect(() => checkOptionNames("sgd()", { learningRate: 1, maxIter: 3 }, known)).not.toThrow();
    expect(() => checkOptionNames("sgd()", { other: undefined }, known)).not.toThrow();
    expect(() => checkOptionNames("sgd()", undefined, known)).not.toThrow();
  });

  it.each([
    ["learningrate", "learningRate"],
    ["maxiter", "maxIter"],
    ["batch_size", "batchSize"],
    ["lr", undefined],
  ])("refuses %s, suggesting %s", (name, suggestion) => {
    const error = caught(() => checkOptionNames("sgd()", { [name]: 1 }, known));
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.value).toBe(name);
    expect(error.message).toContain(`sgd() has no option "${name}"`);
    if (suggestion === undefined) expect(error.message).not.toContain("did you mean");
    else expect(error.message).toContain(`did you mean "${suggestion}"?`);
  });

  it("refuses options that are not an object", () => {
    for (const options of [null, 3, "fast", [1]]) {
      expect(caught(() => checkOptionNames("sgd()", options, known)).code).toBe("INVALID_OPTION");
    }
  });
});
