// `pnpm test`: lint, typecheck, test and check:package of every workspace package through turbo, quietly.
// turbo prints the output of failed tasks only (--output-logs=errors-only), so a green run is a few lines
// instead of ~930 (no per-file vitest lines, no are-the-types-wrong tables with their ignored
// "💀 Resolution failed" rows). Then one vitest total per package whose tests passed, from the task's log
// that turbo keeps (and restores on a cache hit), as "<package>: Tests  N passed (N)": .ci/run adds those
// lines up. A failed package's own "Tests … failed" line is already in turbo's output, so it is not
// repeated here (it would be counted twice).
//
// Usage: node tooling/scripts/test.mjs [turbo options]; e.g. `pnpm test -- --filter=@descent/core`, or
// `pnpm test -- --output-logs=full` to see every task's output as before (then no summary is added).
// (Without the `--`, pnpm takes --filter for itself and runs each package's own test script.)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";

const root = new URL("../../", import.meta.url).pathname;
const tasks = ["lint", "typecheck", "test", "check:package"];
const options = process.argv.slice(2);
const quiet = !options.some((option) => option.startsWith("--output-logs"));

/** Every workspace package's folder, from pnpm-workspace.yaml's "group/*" patterns. */
function packageFolders() {
  const workspace = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const groups = [...workspace.matchAll(/^\s*-\s*["']?([\w.-]+)\/\*["']?\s*$/gm)].map((match) => match[1]);
  return groups
    .filter((group) => existsSync(join(root, group)))
    .flatMap((group) =>
      readdirSync(join(root, group))
        .sort()
        .map((name) => join(root, group, name)),
    )
    .filter((folder) => existsSync(join(folder, "package.json")));
}

const testLog = (folder) => join(folder, ".turbo", "turbo-test.log");
// turbo writes a task's log when it runs it and restores it on a cache hit, but leaves an existing log
// alone on a hit: remove them first, so that every log found afterwards is this run's.
if (quiet) for (const folder of packageFolders()) rmSync(testLog(folder), { force: true });

const turbo = spawnSync(
  "turbo",
  ["run", ...tasks, ...(quiet ? ["--output-logs=errors-only"] : []), ...options],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (turbo.error) throw turbo.error;

if (quiet) {
  const totals = { passed: 0, failed: 0, skipped: 0, packages: 0 };
  const lines = [];
  for (const folder of packageFolders()) {
    const log = testLog(folder);
    if (!existsSync(log)) continue;
    // vitest's summary line, e.g. "      Tests  2 failed | 55 passed | 1 skipped (58)", without colours.
    const summary = stripVTControlCharacters(readFileSync(log, "utf8"))
      .split("\n")
      .findLast((line) => /^\s*Tests\s+\d/.test(line));
    if (summary === undefined) continue;
    const count = (word) => Number(summary.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    totals.passed += count("passed");
    totals.failed += count("failed");
    totals.skipped += count("skipped");
    totals.packages++;
    if (count("failed") === 0) {
      const packageName = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).name;
      lines.push(`${packageName}: ${summary.trim()}`);
    }
  }
  if (totals.packages > 0) {
    console.log(`\n${lines.join("\n")}`);
    console.log(
      `vitest, ${totals.packages} package${totals.packages === 1 ? "" : "s"}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
    );
  }
}
process.exit(turbo.status ?? 1);
