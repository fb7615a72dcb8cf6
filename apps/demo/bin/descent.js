#!/usr/bin/env node
// The `descent` command. Installed, it runs the built command line (dist/cli.js, one self-contained file).
// Inside the descent repository it first makes sure that build is current: when a source of the demo or
// of a workspace package it uses is newer than the last build, it rebuilds it (quietly, saying so at once):
// the sources that are generated (core's WebAssembly kernels, through turbo's cached `generate` task),
// then one esbuild bundle of the TypeScript sources (tsup.config.ts). So `pnpm descent …` works from a
// fresh clone in seconds and never runs stale code. Checking costs a few milliseconds of file stats.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const demo = fileURLToPath(new URL("..", import.meta.url));
const root = join(demo, "..", "..");
const cli = join(demo, "dist", "cli.js");
const stamp = join(demo, "node_modules", ".cache", "descent-cli", "built");

/**
 * The newest modification time (ms) of the files under `path` that go into the bundle: not node_modules
 * or dist, not tests, and not generated sources (turbo rewrites those from their inputs, also in src/).
 */
function newestChange(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file shows as a change of its directory
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const name = entry.name;
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    if (name.includes(".generated.") || name.includes(".test.")) continue;
    newest = Math.max(newest, newestChange(join(path, name)));
  }
  return newest;
}

/** The demo and every workspace package it depends on, directly or not, as directories. */
function workspaceDirectories() {
  const byName = new Map();
  for (const group of ["packages", "tooling"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const manifest = join(base, entry, "package.json");
      if (existsSync(manifest))
        byName.set(JSON.parse(readFileSync(manifest, "utf8")).name, join(base, entry));
    }
  }
  const found = new Set([demo]);
  const queue = [demo];
  while (queue.length > 0) {
    const manifest = JSON.parse(readFileSync(join(queue.pop(), "package.json"), "utf8"));
    for (const dependencies of [manifest.dependencies, manifest.devDependencies]) {
      for (const [name, version] of Object.entries(dependencies ?? {})) {
        const directory = byName.get(name);
        if (String(version).startsWith("workspace:") && directory !== undefined && !found.has(directory)) {
          found.add(directory);
          queue.push(directory);
        }
      }
    }
  }
  return [...found];
}

function buildIsCurrent() {
  if (!existsSync(cli) || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  // A changed lockfile may mean changed npm dependencies, which the bundle includes.
  if (newestChange(join(root, "pnpm-lock.yaml")) > built) return false;
  return workspaceDirectories().every(
    (directory) =>
      newestChange(join(directory, "src")) <= built &&
      newestChange(join(directory, "package.json")) <= built &&
      newestChange(join(directory, "tsup.config.ts")) <= built,
  );
}

/** Runs a command with its output captured; resolves to its exit code and output. */
function run(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        ...process.env,
        TURBO_NO_UPDATE_NOTIFIER: "1",
        TURBO_PRINT_VERSION_DISABLED: "1",
        FORCE_COLOR: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk) => {
      output += chunk;
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function build() {
  const started = Date.now();
  const live = process.stderr.isTTY === true;
  let status = "the generated sources";
  const show = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stderr.write(`\r\x1b[2Kdescent: building ${status}… ${seconds} s`);
  };
  process.stderr.write(
    live ? "" : "descent: building the command line (once, or after a change to its sources)…\n",
  );
  if (live) show();
  const ticker = live ? setInterval(show, 1000) : undefined;
  const bin = join(root, "node_modules", ".bin");
  let result = await run(
    join(bin, "turbo"),
    ["run", "generate", "--filter=@descent/demo...", "--output-logs=errors-only"],
    root,
  );
  // The build reads the sources from here on; the generate step rewrote its outputs (and so touched their
  // directories) before, so the stamp takes this moment.
  const sourcesRead = Date.now();
  if (result.code === 0) {
    status = "the command line";
    result = await run(join(bin, "tsup"), ["--silent"], demo);
  }
  if (ticker !== undefined) clearInterval(ticker);
  if (live) process.stderr.write("\r\x1b[2K");
  if (result.code !== 0) {
    process.stderr.write(result.output);
    process.stderr.write("error: building the command line failed; the build's output above says why.\n");
    process.exit(1);
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, "");
  // A source saved while the bundle was made is newer than the stamp, and builds again next time.
  utimesSync(stamp, sourcesRead / 1000, sourcesRead / 1000);
  process.stderr.write(`descent: built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

const inRepository = existsSync(join(demo, "src", "cli.ts")) && existsSync(join(root, "turbo.json"));
if (inRepository && !buildIsCurrent()) await build();
await import(pathToFileURL(cli).href);
