import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "./userError.js";

/**
 * A path as the user meant it. `pnpm demo` runs this program from apps/demo, but pnpm records where the
 * command was typed in INIT_CWD, so `pnpm demo --csv data.csv` finds data.csv there.
 */
export function resolveUserPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The text of a file the user named, or a UserError that says which file and why. */
export async function readUserFile(path: string, what: string): Promise<string> {
  const absolute = resolveUserPath(path);
  try {
    return await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? `no such file${absolute === resolve(path) ? "" : ` (looked for ${absolute})`}`
        : code === "EISDIR"
          ? "it is a directory"
          : (error as Error).message;
    throw new UserError(`Cannot read the ${what} ${path}: ${reason}.`);
  }
}
