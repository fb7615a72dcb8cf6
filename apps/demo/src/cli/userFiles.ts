import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { writeFileAtomically } from "./atomicWrite.js";
import { UserError } from "./userError.js";

/**
 * A path as the user meant it. pnpm runs scripts from the package's directory but records where the
 * command was typed in INIT_CWD, so `pnpm demo --csv data.csv` finds data.csv there.
 */
export function resolveUserPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Why a file operation failed, in words, from Node's error code (its message names temporary files). */
function reasonFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELOOP":
      return "too many symbolic links";
    default:
      return code === undefined ? String((error as Error).message) : `${code}`;
  }
}

/** The text of a file the user named, or a UserError that says which file and why. */
export async function readUserFile(path: string, what: string): Promise<string> {
  const absolute = resolveUserPath(path);
  try {
    return await readFile(absolute, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `no such file${absolute === resolve(path) ? "" : ` (looked for ${absolute})`}`
        : reasonFor(error);
    throw new UserError(`Cannot read the ${what} ${path}: ${reason}.`);
  }
}

/**
 * Writes a file the user named, atomically (see writeFileAtomically): a failure leaves what was there
 * and becomes a UserError that says which file and why.
 */
export async function writeUserFile(path: string, text: string, what: string): Promise<void> {
  const absolute = resolveUserPath(path);
  try {
    await writeFileAtomically(absolute, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    // Creating the temporary file beside the target is what fails when its directory is missing.
    const reason = code === "ENOENT" ? `the directory ${dirname(absolute)} does not exist` : reasonFor(error);
    throw new UserError(`Cannot write the ${what} to ${path}: ${reason}.`);
  }
}
