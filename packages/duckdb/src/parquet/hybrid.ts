import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * The RLE / bit-packing hybrid (Parquet's "RLE" encoding, for definition levels, dictionary indices and
 * booleans): runs, each a varint header whose low bit says which kind. An RLE run (bit 0) repeats one value
 * (header >> 1 times, the value in ceil(bitWidth / 8) little-endian bytes); a bit-packed run (bit 1) holds
 * (header >> 1) groups of 8 values, each bitWidth bits, least significant bit first.
 */

// The last run header read (module-level: no allocation per run).
export let runHeader = 0;

/** Reads a run's header (an unsigned varint: a run holds fewer than 2^31 values) into runHeader; returns the position after it. */
export function readRunHeader(bytes: Uint8Array, start: number, end: number, context: string): number {
  let position = start;
  let header = 0;
  let scale = 1;
  for (let k = 0; ; k++) {
    if (position >= end || k === 5) {
      throw new ParquetFormatError(`${context}: a malformed RLE/bit-packed run header at byte ${start}.`);
    }
    const byte = bytes[position++]!;
    header += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  runHeader = header;
  return position;
}

/** An RLE run's repeated value: `valueBytes` little-endian bytes at `position`, which must lie before `end`. */
export function readRunValue(
  bytes: Uint8Array,
  position: number,
  end: number,
  valueBytes: number,
  context: string,
): number {
  if (position + valueBytes > end) {
    throw new ParquetFormatError(
      `${context}: an RLE run's value at byte ${position} is cut off by the data's end.`,
    );
  }
  let value = 0;
  for (let k = valueBytes - 1; k >= 0; k--) value = value * 256 + bytes[position + k]!;
  return value;
}

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
    position = readRunHeader(bytes, position, end, context);
    const header = runHeader;
    if (header % 2 === 0) {
      const runLength = header / 2;
      const value = readRunValue(bytes, position, end, valueBytes, context);
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
  const lastByte = start + Math.ceil((count * bitWidth) / 8) - 1;
  if (bitWidth <= 25 && lastByte + 3 < bytes.length) {
    // Each value from the 4 bytes at its first bit (shift ≤ 7, plus ≤ 25 bits, fits 32): no inner loop,
    // no branch per value. Reads up to 3 bytes past the last value's, hence the bound above.
    const mask = bitWidth === 32 ? -1 : (1 << bitWidth) - 1;
    for (let i = 0, bit = 0; i < count; i++, bit += bitWidth) {
      const p = start + (bit >>> 3);
      const word = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
      out[outOffset + i] = (word >>> (bit & 7)) & mask;
    }
    return;
  }
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

// One bit-packed group, unpacked for a comparison.
const group = new Int32Array(8);

/**
 * The index of the first of `count` values that is not `expected`, or −1 when all are: what a NULL check
 * of definition levels needs, without decoding them anywhere. An RLE run is checked at once (a column
 * without NULLs is usually one run), a bit-packed run a group of 8 at a time.
 */
export function hybridFirstMismatch(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  count: number,
  expected: number,
  context: string,
): number {
  const valueBytes = (bitWidth + 7) >>> 3;
  let position = start;
  let checked = 0;
  while (checked < count) {
    if (position >= end) {
      throw new ParquetFormatError(
        `${context}: RLE/bit-packed data ends at byte ${position} after ${checked} of ${count} values.`,
      );
    }
    position = readRunHeader(bytes, position, end, context);
    const header = runHeader;
    if (header % 2 === 0) {
      const value = readRunValue(bytes, position, end, valueBytes, context);
      position += valueBytes;
      const take = Math.min(header / 2, count - checked);
      if (take > 0 && value !== expected) return checked;
      checked += take;
    } else {
      const groups = (header - 1) / 2;
      for (let g = 0; g < groups && checked < count; g++) {
        if (position + bitWidth > end) {
          throw new ParquetFormatError(
            `${context}: a bit-packed group at byte ${position} is cut off by the data's end.`,
          );
        }
        unpackBits(bytes, position, bitWidth, 8, group, 0);
        const take = Math.min(8, count - checked);
        for (let i = 0; i < take; i++) if (group[i] !== expected) return checked + i;
        checked += take;
        position += bitWidth;
      }
    }
  }
  return -1;
}
