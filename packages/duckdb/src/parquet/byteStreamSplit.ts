import { PhysicalType } from "./format.js";
import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * BYTE_STREAM_SPLIT (FLOAT and DOUBLE): byte k of value i is at stream k, position i, each of the width's
 * streams `count` bytes long. The bytes are gathered back into place.
 */

// One value's bits, reassembled, read as a float (module-level: no allocation per value).
const floatBits = new Uint32Array(1);
const floatValue = new Float32Array(floatBits.buffer);

export function decodeByteStreamSplit(
  physicalType: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  count: number,
  out: Float64Array,
  outOffset: number,
  context: string,
): void {
  const width = physicalType === PhysicalType.DOUBLE ? 8 : physicalType === PhysicalType.FLOAT ? 4 : 0;
  if (width === 0) {
    throw new ParquetFormatError(
      `${context}: BYTE_STREAM_SPLIT values of physical type ${physicalType} are not decoded.`,
    );
  }
  // Every stream holds one byte per value of the page (the whole page's streams, even if fewer are wanted).
  const streamLength = (end - start) / width;
  if (!Number.isInteger(streamLength) || streamLength < count) {
    throw new ParquetFormatError(
      `${context}: BYTE_STREAM_SPLIT data of ${end - start} bytes from byte ${start} does not hold ${count} values of ${width} bytes.`,
    );
  }
  if (width === 8) {
    const target = new Uint8Array(out.buffer, out.byteOffset + outOffset * 8, count * 8);
    for (let k = 0; k < 8; k++) {
      const stream = start + k * streamLength;
      for (let i = 0; i < count; i++) target[8 * i + k] = bytes[stream + i]!;
    }
    return;
  }
  const s1 = start + streamLength;
  const s2 = s1 + streamLength;
  const s3 = s2 + streamLength;
  for (let i = 0; i < count; i++) {
    floatBits[0] =
      bytes[start + i]! | (bytes[s1 + i]! << 8) | (bytes[s2 + i]! << 16) | (bytes[s3 + i]! << 24);
    out[outOffset + i] = floatValue[0]!;
  }
}
