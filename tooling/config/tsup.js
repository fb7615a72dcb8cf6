import { defineConfig } from "tsup";

/**
 * The build every library package shares: ESM only, with declarations and source maps, for the
 * browsers and Node versions that have WebAssembly SIMD.
 * @param {import("tsup").Options} [overrides]
 */
export function libraryBuild(overrides = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
    ...overrides,
  });
}
