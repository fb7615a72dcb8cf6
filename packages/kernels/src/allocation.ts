import { DescentError } from "@descent/core";

/**
 * The most elements a typed array may have here (2^32 in Node 20's V8; browsers allow less or more): a
 * request beyond it is refused before anything is tried, with the limit named.
 */
export const MAXIMUM_TYPED_ARRAY_LENGTH = 2 ** 32;

/**
 * A zero-filled typed array of `length` elements for `what` (a loader's X), or INVALID_SHAPE naming the
 * size and the limit when the runtime cannot hold it, instead of a RangeError from deep inside.
 */
export function allocateTypedArray<T>(
  create: (length: number) => T,
  length: number,
  bytesPerElement: number,
  what: string,
): T {
  const size = `${length} values (${formatBytes(length * bytesPerElement)})`;
  if (length > MAXIMUM_TYPED_ARRAY_LENGTH) {
    throw new DescentError(
      "INVALID_SHAPE",
      `${what} would hold ${size}: more than the ${MAXIMUM_TYPED_ARRAY_LENGTH} values a typed array can hold.`,
      { value: length },
    );
  }
  try {
    return create(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DescentError(
      "INVALID_SHAPE",
      `${what} would hold ${size}, which this process cannot allocate (${error.message}).`,
      { value: length },
    );
  }
}

function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}
