import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * apps/bench itself: one level above this file, whether it runs from src/ (tests) or dist/ (the CLI).
 */
export const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CACHE_DIR = resolve(BENCH_ROOT, ".cache");
export const DEFAULT_RESULTS_DIR = resolve(BENCH_ROOT, "results");
export const PYTHON_DIR = resolve(BENCH_ROOT, "python");
export const NATIVE_DIR = resolve(BENCH_ROOT, "native");

/** Debian's Python, which python3-sklearn installs into; `python3` on the PATH may be another one. */
export const DEFAULT_PYTHON = "/usr/bin/python3";

/**
 * Where a path the user typed is relative to: the directory `pnpm bench` was started in (pnpm runs the
 * script from apps/bench and says where it started in INIT_CWD), else the process's own.
 */
export function fromUserDirectory(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
