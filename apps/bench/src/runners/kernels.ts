import { type KernelLogisticObjective, kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import type { KernelsJob, KernelsOutput } from "../jobs.js";
import { objectiveBackendName, problemObjective } from "../problemObjective.js";
import { readProblem } from "../problemStore.js";
import { featureBytes } from "../problems.js";

/** A θ with every entry set, so that no kernel can skip work on zeros. */
function testPoint(dim: number): Float64Array {
  const theta = new Float64Array(dim);
  for (let j = 0; j < dim; j++) theta[j] = 0.01 * Math.sin(j + 1);
  return theta;
}

/**
 * Times one kernel: a first call to compile it, then timed calls until `repeats` samples or `budgetMs`
 * is spent. A first call that takes over 0.2 s counts as a sample (compiling is a negligible share of
 * it, and the Hessian on 100k × 100 takes seconds a call).
 */
function timeKernel(call: () => void, repeats: number, budgetMs: number): number[] {
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  const first = performance.now();
  call();
  const firstSeconds = (performance.now() - first) / 1000;
  if (firstSeconds > 0.2) samples.push(firstSeconds);
  while (samples.length < repeats && (samples.length === 0 || performance.now() < deadline)) {
    const started = performance.now();
    call();
    samples.push((performance.now() - started) / 1000);
  }
  return samples;
}

/** The kernels alone (child side): valueAndGradient, hessianVectorProduct and hessian on the training rows. */
export function runKernels(job: KernelsJob): KernelsOutput {
  const problem = readProblem(job.problemDir);
  // A thread count in the options stands for a pool of that many threads (a pool cannot cross processes).
  const { threads, backend: path, precision } = job.objectiveOptions;
  const pool = threads !== undefined && threads > 1 ? createThreadPool({ threads }) : undefined;
  const objective = problemObjective(
    problem.train,
    problem.l2,
    problem.classes,
    path === "typescript"
      ? undefined
      : // Without a pool, 1: the default ("auto") would run on every core.
        kernels({ threads: pool ?? 1, ...(precision === undefined ? {} : { precision }) }),
  );
  const d = objective.dim;
  const theta = testPoint(d);
  const v = testPoint(d).reverse();
  const grad = new Float64Array(d);
  const product = new Float64Array(d);
  const budgetMs = job.budgetSeconds * 1000;
  const samples: Record<string, number[]> = {
    valueAndGradient: timeKernel(() => objective.valueAndGradient(theta, grad), job.repeats, budgetMs),
    hessianVectorProduct: timeKernel(
      () => objective.hessianVectorProduct(theta, v, product),
      job.repeats,
      budgetMs,
    ),
  };
  const notes: string[] = [];
  if (job.includeHessian) {
    const hessian = new Float64Array(d * d);
    samples.hessian = timeKernel(() => objective.hessian(theta, hessian), job.repeats, budgetMs);
  } else {
    notes.push(
      `hessian not timed: d = ${d} makes a ${((d * d * 8) / 1e6).toFixed(0)} MB matrix, formed at m·d²/2 multiply-adds.`,
    );
  }
  // float32 storage reads 4 bytes a value where float64 reads 8.
  const stored = (objective as Partial<KernelLogisticObjective>).precision;
  const { X } = problem.train;
  const bytes = X.kind === "dense" && stored === "float32" ? X.data.length * 4 : featureBytes(X);
  const backend = objectiveBackendName(objective);
  const threadCount = (objective as Partial<KernelLogisticObjective>).threads ?? 1;
  pool?.close();
  return {
    variant: `${backend}${stored === "float32" ? " float32" : ""}${threadCount > 1 ? `, ${threadCount} threads` : ""}`,
    threads: threadCount,
    samples,
    featureBytes: bytes,
    notes,
  };
}
