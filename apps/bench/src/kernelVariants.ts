import { logisticObjective } from "@descent/core";

/**
 * The ways core can run the passes over the data, for the kernel timings. Core's logisticObjective may
 * take a `backend` ("js", "wasm") and a storage `precision` ("float64", "float32"); older cores take
 * neither. Each candidate is tried on a tiny problem of the same layout, and kept only when the objective
 * it builds says it honoured it, so the bench times whatever this core offers and nothing it does not.
 */
export interface KernelVariant {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

const CANDIDATES: readonly KernelVariant[] = [
  { name: "js", options: { backend: "js" } },
  { name: "wasm", options: { backend: "wasm" } },
  { name: "wasm float32", options: { backend: "wasm", precision: "float32" } },
];

function tinyProblem(sparse: boolean) {
  const X = sparse
    ? {
        indptr: [0, 1, 2, 3, 4],
        indices: [0, 1, 0, 1],
        values: [1, -1, 0.5, 2],
        shape: [4, 2] as const,
      }
    : { data: Float64Array.of(1, 0, 0, -1, 0.5, 0, 0, 2), shape: [4, 2] as const };
  return { X, y: [0, 1, 1, 0] };
}

function honours(variant: KernelVariant, sparse: boolean): boolean {
  try {
    const objective = logisticObjective({
      ...tinyProblem(sparse),
      l2: 1,
      ...variant.options,
    }) as unknown as Record<string, unknown>;
    return Object.entries(variant.options).every(([key, value]) => objective[key] === value);
  } catch {
    return false;
  }
}

/** The backend that core picks by default for this layout ("js" for a core that has no choice). */
export function defaultBackend(sparse: boolean): string {
  const objective = logisticObjective({ ...tinyProblem(sparse), l2: 1 }) as unknown as Record<
    string,
    unknown
  >;
  return typeof objective.backend === "string" ? objective.backend : "js";
}

/**
 * The variants to time: the default path always (what a user gets), then the plain TypeScript one or
 * every other variant core honours for this layout; and, with `threads` > 1, the default path on that many
 * threads.
 */
export function kernelVariants(
  sparse: boolean,
  paths: "default" | "default and js" | "all",
  threads = 1,
): KernelVariant[] {
  const chosen = defaultBackend(sparse);
  const variants: KernelVariant[] = [{ name: `default (${chosen})`, options: {} }];
  // Worker threads split dense and CSR passes; the child turns the count into a pool (see runners/kernels.ts).
  if (threads > 1) variants.push({ name: `${chosen}, ${threads} threads`, options: { threads } });
  if (paths === "default") return variants;
  for (const candidate of CANDIDATES) {
    if (candidate.name === chosen || (paths === "default and js" && candidate.name !== "js")) continue;
    if (honours(candidate, sparse)) variants.push(candidate);
  }
  return variants;
}
