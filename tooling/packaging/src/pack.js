// Packs the published workspace packages into one folder with `pnpm pack`, which replaces each
// `workspace:` range with the real version range, so that npm and pnpm can install them from the folder.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository's root folder. */
export const repositoryRoot = resolve(new URL("../../../", import.meta.url).pathname);

/** The folder `pnpm pack:all` writes into by default (git-ignored). */
export const defaultDestination = join(repositoryRoot, "dist-packages");

/**
 * Every workspace package that is published (not `"private": true`), in the packages/ folder: its name,
 * folder and package.json.
 * @returns {{ name: string, folder: string, manifest: Record<string, unknown> }[]}
 */
export function publishedPackages() {
  const packagesFolder = join(repositoryRoot, "packages");
  return readdirSync(packagesFolder)
    .sort()
    .map((entry) => join(packagesFolder, entry))
    .filter((folder) => existsSync(join(folder, "package.json")))
    .map((folder) => {
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      return { name: manifest.name, folder, manifest };
    })
    .filter(({ manifest }) => manifest.private !== true);
}

/**
 * The tarball's file name for a package, as `pnpm pack` and `npm pack` name it: `@descent/core` at 0.1.0
 * is `descent-core-0.1.0.tgz`.
 * @param {string} name
 * @param {string} version
 */
export function tarballName(name, version) {
  return `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
}

/**
 * Packs the named packages (default: every published one) into `destination` and returns the tarballs.
 * Each package must have been built: `pnpm pack` ships what is in dist/, and a package without its
 * entry point built is refused here rather than packed empty. Earlier tarballs of the same packages (any
 * version) are removed first, so that the folder holds one tarball per package.
 * @param {{ names?: readonly string[], destination?: string }} [options]
 * @returns {Promise<{ name: string, version: string, file: string, bytes: number }[]>}
 */
export async function packPackages({ names, destination = defaultDestination } = {}) {
  const all = publishedPackages();
  const chosen = names === undefined ? all : names.map((name) => findPackage(all, name));
  mkdirSync(destination, { recursive: true });
  const tarballs = [];
  for (const { name, folder, manifest } of chosen) {
    const entry = join(folder, String(manifest.main ?? "dist/index.js"));
    if (!existsSync(entry)) {
      throw new Error(`${name} is not built (${entry} is missing): run \`pnpm build\` first.`);
    }
    const prefix = tarballName(name, "");
    for (const old of readdirSync(destination)) {
      if (old.startsWith(prefix) && old.endsWith(".tgz")) rmSync(join(destination, old));
    }
    const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", destination], {
      cwd: folder,
      maxBuffer: 16 * 2 ** 20,
    });
    const packed = JSON.parse(stdout);
    const file = String(packed.filename);
    tarballs.push({ name, version: String(packed.version), file, bytes: readFileSync(file).byteLength });
  }
  return tarballs;
}

/**
 * @param {{ name: string, folder: string, manifest: Record<string, unknown> }[]} all
 * @param {string} name
 */
function findPackage(all, name) {
  const found = all.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(
      `${name} is not a published package of this workspace (${all.map((p) => p.name).join(", ")}).`,
    );
  }
  return found;
}
