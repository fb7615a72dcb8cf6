import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The house's structure, checked rather than promised (DESIGN.md, "Dependencies point one way"): core runs
// anywhere and imports no runtime; optimizers depend on core alone; no module imports itself through others.

const packagesDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every non-test TypeScript source file under `directory`, recursively. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts");
    return isSource && !entry.name.includes(".test.") ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports (type-only ones too: they are part of the design). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

const packageNames = readdirSync(packagesDirectory).filter((name) => {
  try {
    readFileSync(join(packagesDirectory, name, "package.json"));
    return true;
  } catch {
    return false;
  }
});

describe("the house's structure", () => {
  it("core's source imports no Node module, no WebAssembly, no worker and no other descent package", () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(packagesDirectory, "core", "src"))) {
      const where = relative(packagesDirectory, file);
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith("./") && !specifier.startsWith("../"))
          offences.push(`${where} imports ${specifier}`);
      }
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const api of [/\bWebAssembly\s*\./, /\bnew\s+Worker\b/, /\bSharedArrayBuffer\b/, /\bAtomics\./]) {
        if (api.test(code)) offences.push(`${where} uses ${api.source}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("core has no runtime dependency and no side effects", () => {
    const manifest = JSON.parse(readFileSync(join(packagesDirectory, "core", "package.json"), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.sideEffects).toBe(false);
  });

  it("every optimizer package depends on @descent/core alone", () => {
    const optimizers = packageNames.filter((name) => {
      const manifest = JSON.parse(readFileSync(join(packagesDirectory, name, "package.json"), "utf8"));
      const keywords: string[] = manifest.keywords ?? [];
      // The testkit tests optimizers; it is not one.
      return keywords.includes("optimizer") && !keywords.includes("testing");
    });
    expect(optimizers.length).toBeGreaterThanOrEqual(5);
    for (const name of optimizers) {
      const manifest = JSON.parse(readFileSync(join(packagesDirectory, name, "package.json"), "utf8"));
      const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
      expect(Object.keys(runtime), name).toEqual(["@descent/core"]);
    }
  });

  it("no import circle in any package's source", () => {
    const graph = new Map<string, string[]>();
    for (const name of packageNames) {
      for (const file of sourceFiles(join(packagesDirectory, name, "src"))) {
        const targets = importsOf(file)
          .filter((specifier) => specifier.startsWith("."))
          .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
        graph.set(file, targets);
      }
    }
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, "open");
      path.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === "open") {
          const circle = path.slice(path.indexOf(target)).concat(target);
          circles.push(circle.map((step) => relative(packagesDirectory, step)).join(" → "));
        } else if (state.get(target) === undefined && graph.has(target)) {
          visit(target);
        }
      }
      path.pop();
      state.set(file, "done");
    };
    for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
    expect(graph.size).toBeGreaterThan(50);
    expect(circles).toEqual([]);
  });
});
