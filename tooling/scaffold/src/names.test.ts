import { describe, expect, it } from "vitest";
import { nameProblem, optimizerNames, RESERVED_NAMES } from "./names.js";

describe("nameProblem", () => {
  it.each(["rmsprop", "lbfgs", "nesterov-sgd", "adam2", "a", "l-bfgs-b"])("accepts %j", (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    [undefined, /Give the optimizer a name/],
    ["", /Give the optimizer a name/],
    ["RmsProp", /uppercase letters.*try "rms-prop"/],
    ["LBFGS", /uppercase letters.*try "lbfgs"/],
    ["rms prop", /not a valid package name part/],
    ["2nd-order", /not a valid package name part.*starting with a letter/],
    ["-adam", /not a valid package name part/],
    ["adam-", /not a valid package name part/],
    ["rms--prop", /not a valid package name part/],
    ["rms_prop", /not a valid package name part/],
    ["@descent/adam", /not a valid package name part/],
    ["../core", /not a valid package name part/],
    ["café", /not a valid package name part/],
    ["a".repeat(206), /too long/],
    ["new", /JavaScript reserved word/],
    ["delete", /JavaScript reserved word/],
  ])("refuses %j", (name, message) => {
    expect(nameProblem(name)).toMatch(message);
  });

  it.each(RESERVED_NAMES)("refuses the reserved name %j", (name) => {
    expect(nameProblem(name)).toMatch(/is reserved/);
  });

  it("refuses a name already under packages/, with or without a package.json", () => {
    expect(nameProblem("momentum", { existing: ["sgd", "momentum"] })).toBe(
      "packages/momentum already exists; choose another name.",
    );
  });
});

describe("optimizerNames", () => {
  it("derives the package, factory and type names", () => {
    expect(optimizerNames("nesterov-sgd")).toEqual({
      name: "nesterov-sgd",
      packageName: "@descent/nesterov-sgd",
      camelName: "nesterovSgd",
      pascalName: "NesterovSgd",
    });
    expect(optimizerNames("lbfgs")).toMatchObject({ camelName: "lbfgs", pascalName: "Lbfgs" });
    expect(optimizerNames("l-bfgs-2")).toMatchObject({ camelName: "lBfgs2", pascalName: "LBfgs2" });
  });
});
