import {
  type LogisticObjective,
  type LogisticObjectiveOptions,
  logisticObjective,
  type ObjectiveBackend,
} from "@descent/core";
import { type KernelsOptions, kernels } from "../src/kernelsBackend.js";

/** The two paths the tests hold to each other: core's TypeScript reference, and this package's kernels. */
export type Path = "typescript" | "kernels";

export interface TestObjectiveOptions extends Omit<LogisticObjectiveOptions, "backend">, KernelsOptions {
  /** Which path runs; default "kernels" (which declines to the reference where it cannot run). */
  readonly backend?: Path;
}

/** What a kernel objective adds, optional so that the reference's objective fits too. */
export type TestObjective = LogisticObjective & { readonly threads?: number; readonly precision?: string };

/**
 * A logistic objective on the named path: `kernels({ threads, precision, threadedMinimumEntries })` or
 * none (the reference, where the kernels' options must not be given).
 */
export function testObjective(options: TestObjectiveOptions): TestObjective {
  const { backend: path = "kernels", threads, precision, threadedMinimumEntries, ...problem } = options;
  const backend: ObjectiveBackend | undefined =
    path === "kernels"
      ? kernels({
          ...(threads === undefined ? {} : { threads }),
          ...(precision === undefined ? {} : { precision }),
          ...(threadedMinimumEntries === undefined ? {} : { threadedMinimumEntries }),
        })
      : undefined;
  if (path === "typescript" && (threads !== undefined || precision !== undefined)) {
    throw new Error("threads and precision are options of the kernels, not of the reference");
  }
  return logisticObjective({ ...problem, ...(backend === undefined ? {} : { backend }) });
}
