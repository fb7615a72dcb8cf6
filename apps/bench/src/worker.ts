import { getHeapStatistics } from "node:v8";
import { RESULT_MARKER, type WorkerJob, type WorkerReply } from "./jobs.js";
import { runL1Descent, runL1Path } from "./l1/l1Runners.js";
import { runDescent } from "./runners/descent.js";
import { runKernels } from "./runners/kernels.js";
import { runMljs } from "./runners/mljs.js";
import { runTfjs } from "./runners/tfjs.js";

/**
 * The child process's entry: runs one job (argv[2], JSON) and prints the reply after RESULT_MARKER.
 * Runners are imported statically but load their libraries (TF.js, ml.js, the optimizer plugins) only
 * when called, so an idle child measures Node and this file alone.
 */
async function run(job: WorkerJob): Promise<unknown> {
  switch (job.kind) {
    case "idle":
      return null;
    case "descent":
      return runDescent(job);
    case "tfjs":
      return runTfjs(job);
    case "mljs":
      return runMljs(job);
    case "kernels":
      return runKernels(job);
    case "l1-descent":
      return runL1Descent(job);
    case "l1-path":
      return runL1Path(job);
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "null") as WorkerJob;
  const output = await run(job);
  const usage = process.memoryUsage();
  const reply: WorkerReply<unknown> = {
    output,
    memory: {
      // resourceUsage reports maxRSS in kilobytes.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      heapUsedBytes: getHeapStatistics().used_heap_size,
      externalBytes: usage.external,
    },
  };
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(reply)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
