import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packagesDirectory = fileURLToPath(new URL("../../", import.meta.url));

/**
 * A temporary directory whose node_modules holds fresh builds of @descent/core and @descent/kernels (their
 * own tsup configs, without declarations), so that a program run there imports them through the packages'
 * exports maps as a user's would, whatever state their dist folders are in. `remove()` deletes it.
 */
export async function builtPackages(): Promise<{ readonly directory: string; remove(): void }> {
  const directory = mkdtempSync(join(tmpdir(), "descent-kernels-built-"));
  const { build } = await import("tsup");
  for (const name of ["core", "kernels"]) {
    const source = join(packagesDirectory, name);
    const installed = join(directory, "node_modules", "@descent", name);
    mkdirSync(installed, { recursive: true });
    copyFileSync(join(source, "package.json"), join(installed, "package.json"));
    const { default: config } = await import(join(source, "tsup.config.ts"));
    if (Array.isArray(config) || typeof config === "function") throw new Error("one tsup config expected");
    const entries: Record<string, string> =
      typeof config.entry === "object" && !Array.isArray(config.entry)
        ? config.entry
        : { index: "src/index.ts" };
    const entry = Object.fromEntries(Object.entries(entries).map(([key, file]) => [key, join(source, file)]));
    await build({
      ...config,
      entry,
      outDir: join(installed, "dist"),
      dts: false,
      sourcemap: false,
      silent: true,
      config: false,
    });
  }
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
