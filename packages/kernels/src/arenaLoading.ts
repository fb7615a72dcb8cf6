import { checkRowNumber, type DesignMatrix } from "@descent/core";
import type { KernelArena, StoragePrecision } from "./kernelMemory.js";

/**
 * X in the kernels' first three arguments: (x, columns, float32) for dense X, (indptr, indices, values) for
 * CSR. Chosen once per objective, so that a pass has no branch on the form.
 */
export interface KernelMatrixArguments {
  readonly dataOrIndptr: number;
  readonly columnsOrIndices: number;
  readonly float32OrValues: number;
}

export function kernelMatrixArguments(
  arena: KernelArena,
  matrix: DesignMatrix,
  precision: StoragePrecision,
): KernelMatrixArguments {
  return matrix.kind === "csr"
    ? {
        dataOrIndptr: arena.structureIndptrAddress,
        columnsOrIndices: arena.structureIndicesAddress,
        float32OrValues: arena.dataAddress,
      }
    : {
        dataOrIndptr: arena.dataAddress,
        columnsOrIndices: matrix.columns,
        float32OrValues: precision === "float32" ? 1 : 0,
      };
}

/**
 * Makes the arena hold `owner`'s targets and weights unless it already does: objectives over the same X
 * share one arena, and the last to run a pass owns it.
 */
export function claimArena(
  arena: KernelArena,
  owner: object,
  targets: Float64Array | Int32Array,
  weights: Float64Array | null,
): void {
  if (arena.owner === owner) return;
  arena.targets.set(targets);
  if (weights !== null) arena.weights.set(weights);
  arena.owner = owner;
}

/**
 * Copies rows[start..end) into the arena's index buffer (at most m of them), refusing a row outside X's
 * `examples` rows: the kernels trust every index they are given.
 */
export function loadRowIndices(
  arena: KernelArena,
  rows: Int32Array,
  start: number,
  end: number,
  examples: number,
): void {
  const indices = arena.rowIndices;
  for (let k = start; k < end; k++) {
    const row = rows[k]!;
    checkRowNumber(row, k, examples);
    indices[k - start] = row;
  }
}
