// Plain JavaScript (checked by tsc through JSDoc) so that `pnpm new:optimizer` runs on Node 20 with no build.

/** The longest npm package name; ours carry the "@descent/" scope. */
const MAX_PACKAGE_NAME_LENGTH = 214;
const SCOPE = "@descent/";

/**
 * Names that belong to the monorepo's own packages or tools, whether or not a directory of that name
 * exists yet under packages/: an optimizer named like them would shadow or be confused with them.
 */
export const RESERVED_NAMES = Object.freeze([
  "core",
  "testkit",
  "datasets",
  "config",
  "tsconfig",
  "scaffold",
  "demo",
  "bench",
  "descent",
]);

/** Words that cannot name a JavaScript function, which the factory (the name in camelCase) must be. */
const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await arguments eval"
  ).split(" "),
);

/** One lowercase word of letters and digits, starting with a letter, optionally joined by single hyphens. */
const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * @typedef {object} OptimizerNames
 * @property {string} name         the package name part and directory: "rms-prop"
 * @property {string} packageName  "@descent/rms-prop"
 * @property {string} camelName    the factory and its file: "rmsProp"
 * @property {string} pascalName   the prefix of its types: "RmsProp" (RmsPropOptions, RmsPropState)
 */

/**
 * Why `name` cannot name a new optimizer package, or null when it can.
 * @param {unknown} name
 * @param {{ existing?: Iterable<string> }} [context] directory names already under packages/
 * @returns {string | null}
 */
export function nameProblem(name, context = {}) {
  if (typeof name !== "string" || name.length === 0) {
    return "Give the optimizer a name: pnpm new:optimizer <name>, e.g. pnpm new:optimizer rmsprop.";
  }
  const shown = JSON.stringify(name);
  if (/[A-Z]/.test(name)) {
    return `${shown} has uppercase letters, which npm package names cannot have; try ${JSON.stringify(toKebabCase(name))}.`;
  }
  if (!NAME_PATTERN.test(name)) {
    return `${shown} is not a valid package name part: use lowercase letters, digits and single hyphens, starting with a letter (e.g. "rmsprop", "nesterov-sgd").`;
  }
  if (SCOPE.length + name.length > MAX_PACKAGE_NAME_LENGTH) {
    return `${shown} is too long: npm package names have at most ${MAX_PACKAGE_NAME_LENGTH} characters, scope included.`;
  }
  if (RESERVED_NAMES.includes(name)) {
    return `${shown} is reserved: ${SCOPE}${name} is part of the monorepo itself. Reserved names: ${RESERVED_NAMES.join(", ")}.`;
  }
  for (const existing of context.existing ?? []) {
    if (existing === name) return `packages/${name} already exists; choose another name.`;
  }
  const camelName = toCamelCase(name);
  if (RESERVED_WORDS.has(camelName)) {
    return `${shown} would make the factory function ${camelName}(), and ${camelName} is a JavaScript reserved word; choose another name.`;
  }
  return null;
}

/**
 * The names a new optimizer package uses, derived from its package name part. Call `nameProblem` first.
 * @param {string} name
 * @returns {OptimizerNames}
 */
export function optimizerNames(name) {
  const camelName = toCamelCase(name);
  return {
    name,
    packageName: `${SCOPE}${name}`,
    camelName,
    pascalName: camelName.charAt(0).toUpperCase() + camelName.slice(1),
  };
}

/** @param {string} name "rms-prop" → "rmsProp" */
function toCamelCase(name) {
  return name.replace(/-([a-z0-9])/g, (_, next) => next.toUpperCase());
}

/** @param {string} name "RmsProp" → "rms-prop", for suggesting a valid name */
function toKebabCase(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
