import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workDirectoryForTests } from "./cliRunner.js";

const launcher = fileURLToPath(new URL("../bin/descent.js", import.meta.url));
const installed = workDirectoryForTests("descent-demo-launcher-");

describe("the descent bin, installed outside the repository", () => {
  it("runs dist/cli.js at once, with the arguments and exit code as given, and builds nothing", () => {
    // The layout of an installed package: bin/ and dist/, no src/ and no turbo.json two levels up.
    mkdirSync(join(installed, "bin"));
    mkdirSync(join(installed, "dist"));
    copyFileSync(launcher, join(installed, "bin", "descent.js"));
    writeFileSync(
      join(installed, "dist", "cli.js"),
      'process.stdout.write(JSON.stringify(process.argv.slice(2)) + "\\n"); process.exitCode = 3;\n',
    );
    const run = spawnSync(process.execPath, [join(installed, "bin", "descent.js"), "train", "--top", "3"], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe('["train","--top","3"]\n');
    expect(run.status).toBe(3);
  });
});
