/**
 * The ways descent can run the passes over the data, for the kernel timings: the kernels backend as a user
 * gets it (`kernels()`, one thread, or all cores), core's TypeScript reference (no backend), and the
 * kernels with float32 storage. The runner (runners/kernels.ts) turns `options` into a backend.
 */
export interface KernelVariant {
  readonly name: string;
  readonly options: {
    /** "typescript" runs core's reference; default, the kernels. */
    readonly backend?: "kernels" | "typescript";
    readonly precision?: "float64" | "float32";
    /** A thread count, turned into a pool of that many threads in the child (a pool cannot cross processes). */
    readonly threads?: number;
  };
}

/**
 * The variants to time: the kernels on one thread always (what a user gets on small X), then the TypeScript
 * reference, or every variant (float32 storage, for dense X); and, with `threads` > 1, the kernels on that
 * many threads.
 */
export function kernelVariants(
  sparse: boolean,
  paths: "default" | "default and js" | "all",
  threads = 1,
): KernelVariant[] {
  const variants: KernelVariant[] = [{ name: "default (kernels)", options: {} }];
  if (threads > 1) variants.push({ name: `kernels, ${threads} threads`, options: { threads } });
  if (paths === "default") return variants;
  variants.push({ name: "typescript", options: { backend: "typescript" } });
  if (paths === "all" && !sparse)
    variants.push({ name: "kernels float32", options: { precision: "float32" } });
  return variants;
}
