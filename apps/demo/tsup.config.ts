import { defineConfig } from "tsup";

/**
 * The command line as one self-contained ESM file for Node: the workspace packages, from their TypeScript
 * source (the "@descent/source" condition, so it needs no package builds first), and its npm dependencies
 * are bundled in. Node then resolves and compiles one module instead of dozens, which is most of a short
 * run's start-up, and an installed copy needs nothing else.
 */
export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/./],
  // DuckDB is a native module: it stays a dependency that Node resolves (@descent/duckdb's worker loads it
  // by path), and the bundle reaches @descent/duckdb only through a dynamic import (--engine duckdb).
  external: ["@duckdb/node-api"],
  // One file still: the dynamic imports of the DuckDB commands are bundled in, evaluated only when called.
  splitting: false,
  // Bundled CommonJS (commander, papaparse, cli-progress) calls require() for Node's built-in modules.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as createRequireForBundle } from "node:module";\nconst require = createRequireForBundle(import.meta.url);',
  },
  esbuildOptions(options) {
    options.conditions = ["@descent/source"];
  },
});
