import * as nodeModule from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./childProcess.js";
import { PYTHON_DIR } from "./paths.js";
import type { ProcessTimingResult } from "./results.js";
import { summarize } from "./stats.js";

const NODE_FLOOR = fileURLToPath(new URL("./processFloor.js", import.meta.url));
const PYTHON_PROGRAM = join(PYTHON_DIR, "process_fit.py");

/** The optimizer packages that have a whole-process program (dist/processFit/<name>.js). */
export const PROCESS_OPTIMIZERS = ["newton", "lbfgs"] as const;

/**
 * Whether this Node caches compiled modules on disk (module.enableCompileCache, NODE_COMPILE_CACHE: Node ≥
 * 22.1). Node 20 has no such cache: there every start compiles descent's modules anew.
 */
export function nodeHasCompileCache(): boolean {
  return typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === "function";
}

/**
 * The environment of the timed Node programs: where Node has a module compile cache, it is on
 * (NODE_COMPILE_CACHE in `cacheDir`), as a user turns it on for their script; the untimed first run of
 * each program fills it. A timed program imports descent statically, as a user's script does, so the cache
 * cannot be switched on from inside it (every static import is compiled before any module body runs).
 */
function nodeEnvironment(cacheDir: string): NodeJS.ProcessEnv {
  return nodeHasCompileCache()
    ? { ...process.env, NODE_COMPILE_CACHE: join(cacheDir, "node-compile-cache") }
    : process.env;
}

/** Wall time of one run of a program, start to exit, seconds. */
async function timeProgram(command: string, args: readonly string[], env = process.env): Promise<number> {
  const started = performance.now();
  await runCommand(command, args, { timeoutSeconds: 120, env });
  return (performance.now() - started) / 1000;
}

/** Median of `repeats` runs after one untimed run (it warms the file cache, for both sides alike). */
async function timeRepeatedly(command: string, args: readonly string[], repeats: number): Promise<number[]> {
  await timeProgram(command, args);
  const seconds: number[] = [];
  for (let k = 0; k < repeats; k++) seconds.push(await timeProgram(command, args));
  return seconds;
}

/** One whole-process program: an optimizer on the kernels backend, or on core's TypeScript reference. */
interface NodeProgram {
  readonly file: string;
  readonly description: string;
}

function nodePrograms(optimizers: readonly string[]): NodeProgram[] {
  return optimizers.flatMap((optimizer) => [
    {
      file: fileURLToPath(new URL(`./processFit/${optimizer}.js`, import.meta.url)),
      description: `node dist/processFit/${optimizer}.js: load @descent/core + datasets + ${optimizer} + kernels, standardize the embedded data, fit (defaults) on the kernels, print`,
    },
    {
      file: fileURLToPath(new URL(`./processFit/${optimizer}-reference.js`, import.meta.url)),
      description: `node dist/processFit/${optimizer}-reference.js: the same on core's TypeScript reference, without loading @descent/kernels`,
    },
  ]);
}

/**
 * Node + descent against Python + scikit-learn on breast cancer, each as a whole process: start, load,
 * fit, print. Each of `optimizers` (descent packages) is timed on the kernels backend and on core's
 * TypeScript reference; the fastest (median) stands for descent, as Python's process stands for
 * scikit-learn's default solver. `python` is null where it cannot import scikit-learn.
 */
export async function measureProcesses(
  optimizers: readonly string[],
  python: string | null,
  repeats: number,
  cacheDir: string,
  whyNoPython = "Python with scikit-learn is not available: no comparison.",
): Promise<ProcessTimingResult> {
  const env = nodeEnvironment(cacheDir);
  const candidates = nodePrograms(optimizers).map((program) => ({ ...program, seconds: [] as number[] }));
  const floor: number[] = [];
  // Interleaved with Node's floor, so that a busy spell weighs on every program alike; one untimed run
  // each first (the file cache, and Node's compile cache where there is one).
  const programs = [
    ...candidates.map((candidate) => [candidate.file, candidate.seconds] as const),
    [NODE_FLOOR, floor] as const,
  ];
  for (const [file] of programs) await timeProgram(process.execPath, [file], env);
  for (let k = 0; k < repeats; k++) {
    for (const [file, seconds] of programs) seconds.push(await timeProgram(process.execPath, [file], env));
  }
  const summarized = candidates.map((candidate) => ({
    program: candidate.description,
    seconds: summarize(candidate.seconds),
  }));
  const nodeFloor = summarize(floor);
  const fastest = summarized.reduce((a, b) => (b.seconds.median < a.seconds.median ? b : a));
  const others = summarized.filter((candidate) => candidate !== fastest);
  const descent = fastest.seconds;
  const compileCache = nodeHasCompileCache()
    ? "Node's module compile cache on (NODE_COMPILE_CACHE), filled by an untimed first run."
    : `Node ${process.version} has no module compile cache (Node ≥ 22.1): every run compiles descent's modules anew.`;
  if (python === null) {
    return {
      descentProgram: fastest.program,
      descent,
      others,
      nodeFloor,
      python: null,
      pythonProgram: null,
      ratio: null,
      note: `${compileCache} ${whyNoPython}`,
    };
  }
  const pythonSeconds = summarize(await timeRepeatedly(python, [PYTHON_PROGRAM], repeats));
  return {
    descentProgram: fastest.program,
    descent,
    others,
    nodeFloor,
    python: pythonSeconds,
    pythonProgram:
      "python3 python/process_fit.py: import sklearn, load_breast_cancer, StandardScaler, LogisticRegression() (lbfgs), print",
    ratio: descent.median / pythonSeconds.median,
    note: compileCache,
  };
}
