import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "./scaffold.js";

// Runs the generator the way a contributor does, in a copy of this repository, and builds and tests
// what it made, so that a change anywhere (core, testkit, tooling, templates) cannot leave the scaffold
// producing a package that does not work.

const NAME = "scaffold-probe";
/** What a copy leaves out: installs and build output, which the copy makes its own. */
const NOT_COPIED = new Set(["node_modules", ".git", "dist", ".turbo", "artifacts", "coverage"]);

/**
 * Whether a path goes into the copy: not what NOT_COPIED names, nor the files that tools write for a moment
 * while other tasks run beside this test (tsup's bundled config, Vite's timestamped one), which may be gone
 * by the time the copy reaches them.
 */
function copied(source: string): boolean {
  const name = basename(source);
  return !NOT_COPIED.has(name) && !name.includes(".bundled_") && !name.includes(".timestamp-");
}

/**
 * The environment for child tools: without the variables by which vitest would think it runs inside
 * itself, and without colour, so that their output can be matched.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("VITEST") || ["TEST", "NODE_ENV", "FORCE_COLOR"].includes(key)) continue;
    environment[key] = value;
  }
  return environment;
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: childEnvironment(), encoding: "utf8", timeout: 180_000 });
}

/** Fails with the command's own output, which says what broke. */
function expectSuccess(result: SpawnSyncReturns<string>, what: string): void {
  expect(result.status, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

describe(`pnpm new:optimizer ${NAME}, in a copy of the repository`, () => {
  let copy: string;
  let generated: string;
  let generation: SpawnSyncReturns<string>;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "descent-scaffold-e2e-"));
    cpSync(REPOSITORY_ROOT, copy, { recursive: true, filter: copied });
    // --prefer-offline: the copy installs from the pnpm store that this repository's install filled. Not
    // --offline: an install from a lockfile fetches packages but not their registry metadata, which
    // resolving the changed lockfile needs (peer dependencies), so a fresh machine has none cached.
    generation = run("node", ["tooling/scaffold/src/cli.js", NAME, "--prefer-offline"], copy);
    generated = join(copy, "packages", NAME);
  });

  afterAll(() => {
    if (copy !== undefined) rmSync(copy, { recursive: true, force: true });
  });

  it("generates the package, links it with pnpm install and formats it", () => {
    expectSuccess(generation, "the generator");
    expect(generation.stdout).toContain(`Created @descent/${NAME}`);
    expect(existsSync(join(generated, "node_modules", "@descent", "testkit"))).toBe(true);
    expect(readFileSync(join(copy, "pnpm-lock.yaml"), "utf8")).toContain(`packages/${NAME}:`);
  });

  it("builds with tsup into ESM and declarations", () => {
    expectSuccess(run("pnpm", ["run", "build"], generated), "pnpm run build");
    expect(readdirSync(join(generated, "dist")).sort()).toEqual(["index.d.ts", "index.js", "index.js.map"]);
    expect(readFileSync(join(generated, "dist", "index.d.ts"), "utf8")).toContain("scaffoldProbe");
  });

  it("typechecks and lints clean", () => {
    expectSuccess(run("pnpm", ["run", "typecheck"], generated), "pnpm run typecheck");
    expectSuccess(run("pnpm", ["run", "lint"], generated), "pnpm run lint");
  });

  it("passes its tests: the conformance suite and the README example", () => {
    const result = run("pnpm", ["run", "test", "--reporter=verbose"], generated);
    expectSuccess(result, "pnpm run test");
    expect(result.stdout).toMatch(/@descent\/scaffold-probe conformance/);
    expect(result.stdout).toMatch(/allocates nothing in a step/);
    expect(result.stdout).toMatch(/its example runs/);
    expect(result.stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
  });

  it("passes publint and arethetypeswrong", () => {
    expectSuccess(run("pnpm", ["run", "check:package"], generated), "pnpm run check:package");
  });
});
