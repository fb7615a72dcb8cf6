import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * The RLE / bit-packing hybrid (Parquet's "RLE" encoding, for definition levels, dictionary indices and
 * booleans): runs, each a varint header whose low bit says which kind. An RLE run (bit 0) repeats one value
 * (header >> 1 times, the value in ceil(bitWidth / 8) little-endian bytes); a bit-packed run (bit 1) holds
 * (header >> 1) groups of 8 values, each bitWidth bits, least significant bit first.
 */

/**
 * Decodes `count` values from bytes[start … end) into out[outOffset …) and returns where the decoding
 * stopped (the byte after the last run read). Values beyond `count` in the last run are ignored, as the
 * format allows. bitWidth is 0 … 32.
 */
export function decodeHybrid(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint32Array,
  outOffset: number,
  context: string,
): number {
  if (bitWidth < 0 || bitWidth > 32) {
    throw new ParquetFormatError(
      `${context}: a bit width of ${bitWidth} in RLE/bit-packed data (0 … 32 allowed).`,
    );
  }
  const valueBytes = (bitWidth + 7) >>> 3;
  let position = start;
  let decoded = 0;
  while (decoded < count) {
    if (position >= end) {
      throw new ParquetFormatError(
        `${context}: RLE/bit-packed data ends at byte ${position} after ${decoded} of ${count} values.`,
      );
    }
    // The run's header: an unsigned varint (at most 5 bytes: a run holds fewer than 2^31 values).
    let header = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      if (position >= end || k === 5) {
        throw new ParquetFormatError(
          `${context}: a malformed RLE/bit-packed run header at byte ${position}.`,
        );
      }
      const byte = bytes[position++]!;
      header += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) break;
      scale *= 128;
    }
    if (header % 2 === 0) {
      const runLength = header / 2;
      if (position + valueBytes > end) {
        throw new ParquetFormatError(
          `${context}: an RLE run's value at byte ${position} is cut off by the data's end.`,
        );
      }
      let value = 0;
      for (let k = valueBytes - 1; k >= 0; k--) value = value * 256 + bytes[position + k]!;
      position += valueBytes;
      const take = Math.min(runLength, count - decoded);
      out.fill(value, outOffset + decoded, outOffset + decoded + take);
      decoded += take;
    } else {
      const groups = (header - 1) / 2;
      const runBytes = groups * bitWidth; // 8 values of bitWidth bits: bitWidth bytes per group
      // Writers may end the data before the last group's padding bytes; only the bytes read must exist.
      const take = Math.min(groups * 8, count - decoded);
      const needed = Math.ceil((take * bitWidth) / 8);
      if (position + needed > end) {
        throw new ParquetFormatError(
          `${context}: a bit-packed run of ${groups * 8} values at byte ${position} is cut off by the data's end.`,
        );
      }
      unpackBits(bytes, position, bitWidth, take, out, outOffset + decoded);
      position = Math.min(position + runBytes, end);
      decoded += take;
    }
  }
  return position;
}

/** Unpacks `count` values of `bitWidth` bits, least significant bit first, from bytes[start …]. */
export function unpackBits(
  bytes: Uint8Array,
  start: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint32Array,
  outOffset: number,
): void {
  if (bitWidth === 0) {
    out.fill(0, outOffset, outOffset + count);
    return;
  }
  let position = start;
  if (bitWidth <= 24) {
    // At most 31 bits are ever held: fewer than bitWidth bits left, plus a byte.
    const mask = (1 << bitWidth) - 1;
    let buffer = 0;
    let bits = 0;
    for (let i = 0; i < count; i++) {
      while (bits < bitWidth) {
        buffer |= bytes[position++]! << bits;
        bits += 8;
      }
      out[outOffset + i] = buffer & mask;
      buffer >>>= bitWidth;
      bits -= bitWidth;
    }
    return;
  }
  // 25 … 32 bits: up to 39 bits held, in a double (exact below 2^53).
  const modulus = 2 ** bitWidth;
  let buffer = 0;
  let scale = 1;
  for (let i = 0; i < count; i++) {
    while (scale < modulus) {
      buffer += bytes[position++]! * scale;
      scale *= 256;
    }
    const value = buffer % modulus;
    out[outOffset + i] = value;
    buffer = (buffer - value) / modulus;
    scale /= modulus;
  }
}

/**
 * Whether the first `count` values of bytes[start … end) are all `value`, read from the RLE runs' headers
 * alone: true only when every run up to `count` is an RLE run of `value`. A bit-packed run, or anything
 * malformed, answers false, and the caller decodes the values (which finds and names the fault). The
 * definition levels of a column without NULLs are one RLE run per page as DuckDB and Arrow write them, so
 * checking them costs nothing per value.
 */
export function hybridRunsAllEqual(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  count: number,
  value: number,
): boolean {
  const valueBytes = (bitWidth + 7) >>> 3;
  let position = start;
  let seen = 0;
  while (seen < count) {
    let header = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      if (position >= end || k === 5) return false;
      const byte = bytes[position++]!;
      header += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) break;
      scale *= 128;
    }
    if (header % 2 !== 0 || position + valueBytes > end) return false;
    let runValue = 0;
    for (let k = valueBytes - 1; k >= 0; k--) runValue = runValue * 256 + bytes[position + k]!;
    if (runValue !== value) return false;
    position += valueBytes;
    seen += header / 2;
  }
  return true;
}
