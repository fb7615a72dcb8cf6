#!/usr/bin/env node
// `pnpm new:optimizer <name>`: scaffolds packages/<name> (see README.md beside this folder).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { REPOSITORY_ROOT, ScaffoldError, scaffoldOptimizer } from "./scaffold.js";

const USAGE = `Usage: pnpm new:optimizer <name> [--offline | --prefer-offline] [--skip-install]

Scaffolds packages/<name> as @descent/<name>: an optimizer plugin that builds and passes the
conformance suite from the start (a placeholder, plain gradient descent, to replace), with its README,
tests and a changeset. Then links it with pnpm install.

  <name>          lowercase letters, digits and single hyphens, starting with a letter: "rmsprop"
  --offline         install from the pnpm store only (no network)
  --prefer-offline  install from the pnpm store, asking the registry only for what it lacks
  --skip-install  do not run pnpm install (the package will not resolve until you do)`;

/**
 * Runs a command in the repository root, showing its output; throws when it fails.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPOSITORY_ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}).`,
    );
  }
}

/**
 * Whether the root turbo.json defines `task`.
 * @param {string} task
 */
function definesTurboTask(task) {
  const config = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "turbo.json"), "utf8"));
  return Object.hasOwn(config.tasks ?? {}, task);
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      offline: { type: "boolean", default: false },
      "prefer-offline": { type: "boolean", default: false },
      "skip-install": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1) {
    throw new ScaffoldError(`Give one name, not ${positionals.length}.\n\n${USAGE}`);
  }

  const { names, directory, files } = scaffoldOptimizer({ root: REPOSITORY_ROOT, name: positionals[0] });
  console.log(`Created ${names.packageName}:\n${files.map((file) => `  ${file}`).join("\n")}`);

  if (!values["skip-install"]) {
    // A new workspace package changes the lockfile, so a frozen lockfile (pnpm's default under CI) cannot apply.
    const storeFlags = values.offline ? ["--offline"] : values["prefer-offline"] ? ["--prefer-offline"] : [];
    run("pnpm", ["install", "--no-frozen-lockfile", ...storeFlags]);
  }
  if (!values["skip-install"] && definesTurboTask("generate")) {
    // Generated sources (the WebAssembly kernels of @descent/kernels, say) are not committed: make the new package's
    // dependencies whole, so that its tests run at once.
    run("pnpm", [
      "exec",
      "turbo",
      "run",
      "generate",
      `--filter=${names.packageName}^...`,
      "--output-logs=errors-only",
    ]);
  }
  // Templates are formatted for their placeholder names; a longer or shorter name can move a line break
  // or the order of sorted imports, so the new files are put in house format once (biome comes with install).
  run("pnpm", ["exec", "biome", "check", "--write", relative(REPOSITORY_ROOT, directory)]);

  const where = relative(process.cwd(), directory) || ".";
  console.log(`
Next:
  cd ${where}
  pnpm test        # the conformance suite, on the placeholder (plain gradient descent)
  pnpm build
Then replace every PLACEHOLDER in src/${names.camelName}.ts, its tests, README.md, examples/readme.ts
and .changeset/add-${names.name}.md. CONTRIBUTING.md says how, and what review looks for.`);
}

try {
  main();
} catch (error) {
  if (error instanceof ScaffoldError || (error instanceof TypeError && "code" in error)) {
    // Refusals (bad names, unknown flags from parseArgs): the message is the whole story.
    console.error(`new:optimizer: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
