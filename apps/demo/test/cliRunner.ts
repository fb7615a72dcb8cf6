import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBreastCancer } from "@descent/datasets";
import { afterAll, expect } from "vitest";
import { testCliPath } from "./cliBuild.js";

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary directory for one test file, removed after it; the command line runs there. */
export function workDirectoryForTests(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Runs the built command line in its own process, in `cwd`, as a user would (no TTY, CI unset). */
export function runCli(cwd: string, args: readonly string[]): CliRun {
  const { CI: _ci, INIT_CWD: _initCwd, ...environment } = process.env;
  const run = spawnSync(process.execPath, [testCliPath, ...args], {
    cwd,
    encoding: "utf8",
    env: environment,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A refusal as the issue asks for it: exit code 1 and exactly one `error: …` line, nothing else. */
export function expectOneErrorLine(run: CliRun, message: RegExp | string): void {
  expect(run.status, run.stderr).toBe(1);
  expect(run.stderr).toMatch(/^error: [^\n]*\n$/);
  if (typeof message === "string") expect(run.stderr).toBe(`error: ${message}\n`);
  else expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
}

export function writeText(directory: string, name: string, text: string): string {
  writeFileSync(join(directory, name), text);
  return name;
}

/** The embedded data set as a CSV file, as a user would have it: a header, then one line per row. */
export function breastCancerCsv(): string {
  const dataset = loadBreastCancer();
  const [rows, columns] = dataset.shape;
  const lines = [[...dataset.featureNames.map((name) => `"${name}"`), "diagnosis"].join(",")];
  for (let i = 0; i < rows; i++) {
    lines.push([...dataset.data.subarray(i * columns, (i + 1) * columns), dataset.labels[i]].join(","));
  }
  return `${lines.join("\n")}\n`;
}
