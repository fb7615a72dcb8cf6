import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { nameProblem, optimizerNames } from "./names.js";

/** tooling/scaffold/templates: the files a new optimizer package starts from. */
export const TEMPLATES = fileURLToPath(new URL("../templates/", import.meta.url));

/** The monorepo root that this copy of the scaffold belongs to (tooling/scaffold/src → ../../..). */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** A refusal the user can fix: the CLI prints its message and exits non-zero, without a stack trace. */
export class ScaffoldError extends Error {
  /** @override */
  name = "ScaffoldError";
}

/**
 * @typedef {object} ScaffoldResult
 * @property {import("./names.js").OptimizerNames} names
 * @property {string} directory  the new package's directory, absolute
 * @property {string[]} files    every file written, relative to the repository root, sorted
 */

/**
 * The directory names under packages/ (every one counts, with or without a package.json yet).
 * @param {string} root
 * @returns {string[]}
 */
export function existingPackageDirectories(root) {
  const packages = join(root, "packages");
  if (!existsSync(packages)) return [];
  return readdirSync(packages).filter((entry) => statSync(join(packages, entry)).isDirectory());
}

/**
 * Replaces the placeholders __name__, __camelName__ and __PascalName__ (in file names and contents).
 * @param {string} text
 * @param {import("./names.js").OptimizerNames} names
 */
export function fillPlaceholders(text, names) {
  return text
    .replaceAll("__name__", names.name)
    .replaceAll("__camelName__", names.camelName)
    .replaceAll("__PascalName__", names.pascalName);
}

/**
 * Every file under `directory`, as paths relative to it, sorted so that output is deterministic.
 * @param {string} directory
 * @returns {string[]}
 */
function filesUnder(directory) {
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      for (const file of filesUnder(join(directory, entry.name))) files.push(join(entry.name, file));
    } else {
      files.push(entry.name);
    }
  }
  return files.sort();
}

/**
 * Writes packages/<name>/ from templates/optimizer/ and .changeset/add-<name>.md from templates/changeset.md,
 * after checking the name. Writes nothing when it refuses; removes what it wrote when writing fails.
 * @param {{ root: string, name: unknown }} request
 * @returns {ScaffoldResult}
 */
export function scaffoldOptimizer({ root, name }) {
  const problem = nameProblem(name, { existing: existingPackageDirectories(root) });
  if (problem !== null) throw new ScaffoldError(problem);
  const names = optimizerNames(/** @type {string} */ (name));
  const directory = join(root, "packages", names.name);
  const changeset = join(root, ".changeset", `add-${names.name}.md`);
  if (existsSync(changeset)) {
    throw new ScaffoldError(`${relative(root, changeset)} already exists; remove it or choose another name.`);
  }

  /** @type {[target: string, text: string][]} */
  const outputs = [];
  const templateDirectory = join(TEMPLATES, "optimizer");
  for (const file of filesUnder(templateDirectory)) {
    const text = readFileSync(join(templateDirectory, file), "utf8");
    outputs.push([join(directory, fillPlaceholders(file, names)), fillPlaceholders(text, names)]);
  }
  outputs.push([changeset, fillPlaceholders(readFileSync(join(TEMPLATES, "changeset.md"), "utf8"), names)]);

  try {
    for (const [target, text] of outputs) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, { flag: "wx" });
    }
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    rmSync(changeset, { force: true });
    throw error;
  }
  return {
    names,
    directory,
    files: outputs.map(([target]) => relative(root, target)).sort(),
  };
}
