import type { LogisticObjective } from "@descent/core";
import type { StoragePrecision } from "./kernelMemory.js";

/** A logistic objective on the kernels: how many threads its full passes run on, and how X is stored. */
export interface KernelLogisticObjective extends LogisticObjective {
  readonly backend: "kernels";
  /** 1, or the pool's size when the passes are split across threads. */
  readonly threads: number;
  readonly precision: StoragePrecision;
}
