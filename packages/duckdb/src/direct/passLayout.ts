/** Rows per tile of the column kernels: 512 rows × 50 columns is 200 KiB, which stays in a core's L2 cache. */
export const TILE_ROWS = 512;

/**
 * Rows per kernel call. A column read straight from the file (an UNCOMPRESSED chunk of PLAIN doubles) is
 * read this many rows at a time into a block that stays in the cache (8192 rows × 50 columns: 3.2 MiB)
 * until the kernel has used it. Every pass calls the kernel per block, whatever the file's pages, so the
 * sums are added in the same order either way.
 */
export const BLOCK_ROWS = 8192;

/** The kernels' scratch space at the start of their memory (see @descent/kernels' logistic.wat). */
const KERNEL_SCRATCH_BYTES = 1024;

/**
 * Where a pass worker keeps everything in its WebAssembly memory, for n features, dim parameters and row
 * groups of at most `rows` rows: the column addresses, θ, v, the standardization, the sums, the tiles, then
 * y, c and the n columns of `columnRows` rows (a decoded row group, or a block read straight from the file),
 * each with room for one more value, which the kernels may read and never use, past an odd count.
 */
export interface PassLayout {
  readonly columnTable: number;
  readonly w: number;
  readonly v: number;
  readonly means: number;
  readonly inverseScales: number;
  readonly out: number;
  readonly hessian: number;
  readonly tiles: number;
  readonly y: number;
  readonly c: number;
  /** Column j's first value is at columns + j · columnBytes. */
  readonly columns: number;
  readonly columnBytes: number;
  readonly bytes: number;
}

export function passLayout(features: number, dim: number, rows: number, columnRows = rows): PassLayout {
  let at = KERNEL_SCRATCH_BYTES;
  const take = (bytes: number) => {
    const address = at;
    at += Math.ceil(bytes / 16) * 16;
    return address;
  };
  const columnTable = take(4 * features);
  const w = take(8 * features);
  const v = take(8 * features);
  const means = take(8 * features);
  const inverseScales = take(8 * features);
  const out = take(8 * features);
  const hessian = take(8 * dim * dim);
  const tiles = take(16 * TILE_ROWS);
  const y = take(8 * (rows + 8));
  const c = take(8 * (rows + 8));
  const columnBytes = Math.ceil((8 * (columnRows + 1)) / 16) * 16;
  const columns = take(columnBytes * features);
  return {
    columnTable,
    w,
    v,
    means,
    inverseScales,
    out,
    hessian,
    tiles,
    y,
    c,
    columns,
    columnBytes,
    bytes: at,
  };
}
