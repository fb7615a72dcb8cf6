import { defineConfig } from "tsup";

/** The command line: one ESM file for Node that imports the published packages (built by `^build`). */
export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  banner: { js: "#!/usr/bin/env node" },
});
