import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const source = fileURLToPath(new URL("../src/", import.meta.url));

/** Every module specifier a file imports: static, re-exported and dynamic. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const pattern of [
    /\bfrom\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /^import\s+["']([^"']+)["']/gm,
  ]) {
    for (const match of text.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

/** The packages and Node modules that the page's entries reach through the app's own files. */
function reachedPackages(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((entry) => join(source, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiers(file)) {
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier).replace(/\.js$/, ".ts");
      if (existsSync(target)) queue.push(target);
    }
  }
  return packages;
}

describe("the web page's modules", () => {
  // The command line's DuckDB engine is Node only (a native module in a worker thread): the page's bundle
  // must never reach it, not even through a file it shares with the command line (csvData, csvTable).
  it("never reach DuckDB or a Node module", () => {
    const reached = [...reachedPackages(["web/main.ts", "web/fitWorker.ts"])];
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((name) => /duckdb/i.test(name) || name.startsWith("node:"))).toEqual([]);
  });

  it("would notice a file of the command line that reaches DuckDB", () => {
    expect(reachedPackages(["cli/trainCommand.ts"])).toContain("@descent/duckdb");
  });
});
