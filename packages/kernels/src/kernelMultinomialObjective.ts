import type { MultinomialObjective } from "@descent/core";
import type { StoragePrecision } from "./kernelMemory.js";

/** A multinomial objective on the kernels: how many threads its full passes run on, and how X is stored. */
export interface KernelMultinomialObjective extends MultinomialObjective {
  readonly backend: "kernels";
  /** 1, or the pool's size when the passes are split across threads. */
  readonly threads: number;
  readonly precision: StoragePrecision;
}
