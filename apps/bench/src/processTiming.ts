import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./childProcess.js";
import { PYTHON_DIR } from "./paths.js";
import type { ProcessTimingResult } from "./results.js";
import { type Summary, summarize } from "./stats.js";

const NODE_PROGRAM = fileURLToPath(new URL("./processFit.js", import.meta.url));
const NODE_FLOOR = fileURLToPath(new URL("./processFloor.js", import.meta.url));
const PYTHON_PROGRAM = join(PYTHON_DIR, "process_fit.py");

/** Wall time of one run of a program, start to exit, seconds. */
async function timeProgram(command: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  await runCommand(command, args, { timeoutSeconds: 120 });
  return (performance.now() - started) / 1000;
}

/** Median of `repeats` runs after one untimed run (it warms the file cache, for both sides alike). */
async function timeRepeatedly(command: string, args: readonly string[], repeats: number): Promise<number[]> {
  await timeProgram(command, args);
  const seconds: number[] = [];
  for (let k = 0; k < repeats; k++) seconds.push(await timeProgram(command, args));
  return seconds;
}

function descentProgram(optimizer: string): string {
  return `node dist/processFit.js ${optimizer}: load @descent/core + @descent/${optimizer} + embedded data, standardize, fit (defaults), print`;
}

/**
 * Node + descent against Python + scikit-learn on breast cancer, each as a whole process: start, load,
 * fit, print. Each of `optimizers` (descent packages) is timed; the fastest (median) stands for descent,
 * as Python's process stands for scikit-learn's default solver. `python` is null where it cannot import
 * scikit-learn.
 */
export async function measureProcesses(
  optimizers: readonly string[],
  python: string | null,
  repeats: number,
  whyNoPython = "Python with scikit-learn is not available: no comparison.",
): Promise<ProcessTimingResult> {
  const candidates: { optimizer: string; program: string; seconds: Summary }[] = [];
  // Interleaved with Node's floor, so that a busy spell weighs on every program alike.
  const programs = [...optimizers.map((optimizer) => [NODE_PROGRAM, optimizer]), [NODE_FLOOR]];
  const samples = programs.map(() => [] as number[]);
  for (const program of programs) await timeProgram(process.execPath, program);
  for (let k = 0; k < repeats; k++) {
    for (const [index, program] of programs.entries()) {
      samples[index]!.push(await timeProgram(process.execPath, program));
    }
  }
  for (const [index, optimizer] of optimizers.entries()) {
    candidates.push({ optimizer, program: descentProgram(optimizer), seconds: summarize(samples[index]!) });
  }
  const nodeFloor = summarize(samples[optimizers.length]!);
  const fastest = candidates.reduce((a, b) => (b.seconds.median < a.seconds.median ? b : a));
  const others = candidates
    .filter((candidate) => candidate !== fastest)
    .map((candidate) => ({ program: candidate.program, seconds: candidate.seconds }));
  const descent = fastest.seconds;
  if (python === null) {
    return {
      descentProgram: fastest.program,
      descent,
      others,
      nodeFloor,
      python: null,
      pythonProgram: null,
      ratio: null,
      note: whyNoPython,
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
    note: null,
  };
}
