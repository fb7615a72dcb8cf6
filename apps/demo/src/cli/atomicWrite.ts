import { randomBytes } from "node:crypto";
import { chmod, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The permission bits of the file at `path`, or null when there is none. */
async function existingMode(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Writes `text` to `path` so that a reader never sees half a file: into a temporary file beside it,
 * flushed to disk, then renamed over it (a rename within one directory is atomic). A file it replaces
 * keeps its permissions (a 0600 model stays 0600). On failure the temporary file is removed and whatever
 * was at `path` before is left as it was; the error is Node's, with its `code`.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const mode = await existingMode(path);
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  let created = false;
  try {
    const file = await open(temporary, "wx");
    created = true;
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    // Set after creation: a mode given to open() would be narrowed by the umask.
    if (mode !== null) await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    throw error;
  }
}
