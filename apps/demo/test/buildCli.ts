import { build } from "tsup";
import { testCliDirectory } from "./cliBuild.js";

/**
 * vitest's global setup: bundles the command line once, from the TypeScript source of this app and of
 * the workspace packages (the "@descent/source" condition), so the end-to-end tests run the program as a
 * user would, in its own process, and never against a stale dist/ of some package.
 */
export default async function buildCli(): Promise<void> {
  await build({
    config: false,
    entry: ["src/cli.ts"],
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir: testCliDirectory,
    clean: true,
    silent: true,
    banner: { js: "#!/usr/bin/env node" },
    noExternal: [/^@descent\//],
    esbuildOptions(options) {
      options.conditions = ["@descent/source"];
    },
  });
}
