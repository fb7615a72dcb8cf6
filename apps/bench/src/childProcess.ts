import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { RESULT_MARKER, type WorkerJob, type WorkerReply } from "./jobs.js";

/** The built worker, next to this file in dist/. */
const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));

export class ChildFailure extends Error {
  override readonly name = "ChildFailure";
}

/** The last lines of a child's output, for an error message. */
function tail(text: string, lines = 6): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/**
 * Runs a command to completion and returns its stdout, or rejects with the end of its stderr. A
 * timeout kills it (SIGKILL: a stuck numerical loop ignores nothing else).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  { timeoutSeconds, env }: { timeoutSeconds: number; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ChildFailure(`${command} could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout).toString("utf8");
      if (code === 0) {
        resolve(out);
        return;
      }
      const why =
        signal === "SIGKILL" ? `timed out after ${timeoutSeconds} s` : `exited with ${code ?? signal}`;
      const detail = tail(Buffer.concat(stderr).toString("utf8")) || tail(out);
      reject(new ChildFailure(`${why}${detail ? `: ${detail}` : ""}`));
    });
  });
}

/** Runs a job in a fresh Node process (the built worker) and returns its reply. */
export async function runInChild<T>(job: WorkerJob, timeoutSeconds: number): Promise<WorkerReply<T>> {
  // --expose-gc: runners collect between repeats (see runners/garbage.ts).
  const out = await runCommand(process.execPath, ["--expose-gc", WORKER, JSON.stringify(job)], {
    timeoutSeconds,
  });
  const line = out.split("\n").find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (line === undefined) throw new ChildFailure(`the worker printed no result: ${tail(out)}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as WorkerReply<T>;
}
