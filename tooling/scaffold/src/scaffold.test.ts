import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, ScaffoldError, scaffoldOptimizer } from "./scaffold.js";

const CLI = new URL("./cli.js", import.meta.url).pathname;

describe("scaffoldOptimizer", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "descent-scaffold-unit-"));
    mkdirSync(join(root, "packages", "sgd"), { recursive: true });
    mkdirSync(join(root, ".changeset"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("writes the package and its changeset with every placeholder filled in", () => {
    const { names, files } = scaffoldOptimizer({ root, name: "nesterov-sgd" });
    expect(names.packageName).toBe("@descent/nesterov-sgd");
    expect(files).toEqual([
      ".changeset/add-nesterov-sgd.md",
      "packages/nesterov-sgd/README.md",
      "packages/nesterov-sgd/examples/readme.ts",
      "packages/nesterov-sgd/package.json",
      "packages/nesterov-sgd/src/index.ts",
      "packages/nesterov-sgd/src/nesterovSgd.test.ts",
      "packages/nesterov-sgd/src/nesterovSgd.ts",
      "packages/nesterov-sgd/src/readme.test.ts",
      "packages/nesterov-sgd/tsconfig.json",
      "packages/nesterov-sgd/tsup.config.ts",
      "packages/nesterov-sgd/vitest.config.ts",
    ]);
    for (const file of files) {
      expect(readFileSync(join(root, file), "utf8"), file).not.toMatch(/__(name|camelName|PascalName)__/);
    }
    const manifest = JSON.parse(readFileSync(join(root, "packages/nesterov-sgd/package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: "@descent/nesterov-sgd",
      version: "0.1.0",
      peerDependencies: { "@descent/core": "workspace:^" },
    });
    expect(Object.keys(manifest.devDependencies)).toEqual(
      expect.arrayContaining([
        "@descent/testkit",
        "@descent/config",
        "@descent/tsconfig",
        "@descent/datasets",
      ]),
    );
    expect(manifest.exports["."]["@descent/source"]).toBe("./src/index.ts");
    expect(readFileSync(join(root, "packages/nesterov-sgd/src/nesterovSgd.ts"), "utf8")).toContain(
      "export function nesterovSgd(options: NesterovSgdOptions = {}): Optimizer<NesterovSgdState>",
    );
    expect(readFileSync(join(root, ".changeset/add-nesterov-sgd.md"), "utf8")).toMatch(
      /^---\n"@descent\/nesterov-sgd": minor\n---\n/,
    );
  });

  it("refuses a name that exists, writing nothing", () => {
    expect(() => scaffoldOptimizer({ root, name: "sgd" })).toThrow(ScaffoldError);
    expect(existsSync(join(root, ".changeset", "add-sgd.md"))).toBe(false);
  });

  it("refuses to overwrite a changeset of the same name, writing nothing", () => {
    writeFileSync(join(root, ".changeset", "add-rmsprop.md"), "mine");
    expect(() => scaffoldOptimizer({ root, name: "rmsprop" })).toThrow(/add-rmsprop\.md already exists/);
    expect(existsSync(join(root, "packages", "rmsprop"))).toBe(false);
    expect(readFileSync(join(root, ".changeset", "add-rmsprop.md"), "utf8")).toBe("mine");
  });
});

describe("pnpm new:optimizer", () => {
  // Refusals run against this repository itself: they must exit before writing anything.
  const refuse = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

  it.each([
    [
      ["Adam"],
      'new:optimizer: "Adam" has uppercase letters, which npm package names cannot have; try "adam".',
    ],
    [["sgd"], "new:optimizer: packages/sgd already exists; choose another name."],
    [["core"], /new:optimizer: "core" is reserved/],
    [["testkit"], /new:optimizer: "testkit" is reserved/],
    [["config"], /new:optimizer: "config" is reserved/],
    [["my optimizer"], /not a valid package name part/],
    [["my.optimizer"], /not a valid package name part/],
    [[], /Give the optimizer a name/],
    [["one", "two"], /Give one name, not 2/],
    [["rmsprop", "--frobnicate"], /Unknown option '--frobnicate'/],
  ])("refuses %j with a clear message and exit code 1", (args, message) => {
    const result = refuse(args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("writes nothing when it refuses", () => {
    refuse(["Adam"]);
    refuse(["my optimizer"]);
    expect(existsSync(join(REPOSITORY_ROOT, "packages", "Adam"))).toBe(false);
    expect(existsSync(join(REPOSITORY_ROOT, ".changeset", "add-Adam.md"))).toBe(false);
  });

  it("prints its usage with --help", () => {
    const result = refuse(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pnpm new:optimizer <name>/);
  });
});
