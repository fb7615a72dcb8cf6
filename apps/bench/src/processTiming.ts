import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./childProcess.js";
import { PYTHON_DIR } from "./paths.js";
import type { ProcessTimingResult } from "./results.js";
import { summarize } from "./stats.js";

const NODE_PROGRAM = fileURLToPath(new URL("./processFit.js", import.meta.url));
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

/**
 * Node + descent against Python + scikit-learn on breast cancer, each as a whole process: start, load,
 * fit, print. `optimizer` is the descent package to fit with; python is null where it cannot import
 * scikit-learn.
 */
export async function measureProcesses(
  optimizer: string,
  python: string | null,
  repeats: number,
  whyNoPython = "Python with scikit-learn is not available: no comparison.",
): Promise<ProcessTimingResult> {
  const descent = summarize(await timeRepeatedly(process.execPath, [NODE_PROGRAM, optimizer], repeats));
  const descentProgram = `node dist/processFit.js ${optimizer}: load @descent/core + @descent/${optimizer} + embedded data, standardize, fit (defaults), print`;
  if (python === null) {
    return {
      descentProgram,
      descent,
      python: null,
      pythonProgram: null,
      ratio: null,
      note: whyNoPython,
    };
  }
  const pythonSeconds = summarize(await timeRepeatedly(python, [PYTHON_PROGRAM], repeats));
  return {
    descentProgram,
    descent,
    python: pythonSeconds,
    pythonProgram:
      "python3 python/process_fit.py: import sklearn, load_breast_cancer, StandardScaler, LogisticRegression() (lbfgs), print",
    ratio: descent.median / pythonSeconds.median,
    note: null,
  };
}
