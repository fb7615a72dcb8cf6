import { PhysicalType } from "./format.js";
import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * DELTA_BINARY_PACKED (INT32, INT64): a header (block size, miniblocks per block, value count, first
 * value), then blocks of a minimum delta and miniblocks of bit-packed deltas above it. Arithmetic wraps
 * modulo 2^64 as the format requires; it is done on 32-bit halves (no BigInt: nothing allocated per value).
 */

const TWO_TO_32 = 4294967296;
// The last varint read, as two 32-bit halves (module-level: no allocation).
let varintLow = 0;
let varintHigh = 0;

/** An unsigned LEB128 varint of up to 64 bits into varintLow / varintHigh; returns the position after it. */
function readVarint64(bytes: Uint8Array, position: number, end: number, context: string): number {
  let low = 0;
  let high = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (position >= end) {
      throw new ParquetFormatError(
        `${context}: DELTA_BINARY_PACKED data ends inside a varint at byte ${position}.`,
      );
    }
    const byte = bytes[position++]!;
    const bits = byte & 0x7f;
    if (shift < 28) low |= bits << shift;
    else if (shift === 28) {
      low |= bits << 28; // the low 4 bits land in the low half (the rest is cut by the shift)
      high |= bits >>> 4;
    } else high |= bits << (shift - 32);
    if ((byte & 0x80) === 0) {
      varintLow = low >>> 0;
      varintHigh = high >>> 0;
      return position;
    }
  }
  throw new ParquetFormatError(`${context}: a DELTA_BINARY_PACKED varint longer than 10 bytes.`);
}

/** Zigzag-decodes varintLow / varintHigh in place: (n >>> 1) ^ −(n & 1), on 64 bits. */
function zigzag64(): void {
  const negative = varintLow & 1;
  let low = ((varintLow >>> 1) | (varintHigh << 31)) >>> 0;
  let high = varintHigh >>> 1;
  if (negative) {
    low = ~low >>> 0;
    high = ~high >>> 0;
  }
  varintLow = low;
  varintHigh = high;
}

/** `width` (0 … 32) bits at bit `bitOffset` from bytes[base], least significant first, unsigned. */
function readBits(bytes: Uint8Array, base: number, bitOffset: number, width: number): number {
  if (width === 0) return 0;
  const p = base + (bitOffset >>> 3);
  const shift = bitOffset & 7;
  const word = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> shift;
  if (shift + width <= 32) return width === 32 ? word : word & (0xffffffff >>> (32 - width));
  // 33 … 39 bits span a fifth byte: combined in a double (exact below 2^53).
  return ((word >>> 0) + (bytes[p + 4] ?? 0) * 2 ** (32 - shift)) % 2 ** width;
}

/**
 * Decodes `count` values from bytes[start … end) into out[outOffset …). `signed` is false for unsigned
 * integer annotations.
 */
export function decodeDeltaBinaryPacked(
  physicalType: number,
  signed: boolean,
  bytes: Uint8Array,
  start: number,
  end: number,
  count: number,
  out: Float64Array,
  outOffset: number,
  context: string,
): void {
  if (physicalType !== PhysicalType.INT32 && physicalType !== PhysicalType.INT64) {
    throw new ParquetFormatError(
      `${context}: DELTA_BINARY_PACKED values of physical type ${physicalType} are not decoded.`,
    );
  }
  const is64 = physicalType === PhysicalType.INT64;
  let position = readVarint64(bytes, start, end, context);
  const blockSize = varintLow;
  position = readVarint64(bytes, position, end, context);
  const miniblocks = varintLow;
  position = readVarint64(bytes, position, end, context);
  const total = varintLow;
  position = readVarint64(bytes, position, end, context);
  zigzag64();
  let low = varintLow;
  let high = varintHigh;
  const miniblockSize = blockSize / miniblocks;
  if (
    blockSize === 0 ||
    blockSize % 128 !== 0 ||
    miniblocks === 0 ||
    !Number.isInteger(miniblockSize) ||
    miniblockSize % 32 !== 0
  ) {
    throw new ParquetFormatError(
      `${context}: a DELTA_BINARY_PACKED header of blocks of ${blockSize} values in ${miniblocks} miniblocks (a multiple of 128, in miniblocks of a multiple of 32 values).`,
    );
  }
  if (total < count) {
    throw new ParquetFormatError(
      `${context}: DELTA_BINARY_PACKED data holds ${total} values, fewer than ${count}.`,
    );
  }
  if (count === 0) return;
  out[outOffset] = doubleOf(is64, signed, high, low);
  let decoded = 1;
  while (decoded < count) {
    position = readVarint64(bytes, position, end, context);
    zigzag64();
    const minLow = varintLow;
    const minHigh = varintHigh;
    const widths = position;
    position += miniblocks;
    if (position > end) {
      throw new ParquetFormatError(
        `${context}: DELTA_BINARY_PACKED data ends inside a block's bit widths at byte ${widths}.`,
      );
    }
    for (let m = 0; m < miniblocks && decoded < count; m++) {
      const width = bytes[widths + m]!;
      if (width > 64) {
        throw new ParquetFormatError(
          `${context}: a DELTA_BINARY_PACKED miniblock of bit width ${width} at byte ${widths + m}.`,
        );
      }
      const values = Math.min(miniblockSize, count - decoded);
      if (position + Math.ceil((values * width) / 8) > end) {
        throw new ParquetFormatError(
          `${context}: a DELTA_BINARY_PACKED miniblock at byte ${position} overruns the page.`,
        );
      }
      const lowWidth = Math.min(width, 32);
      const highWidth = width > 32 ? width - 32 : 0;
      for (let j = 0; j < values; j++) {
        const bit = j * width;
        // delta = minimum + packed, then value += delta: each modulo 2^64, with the low half's carry.
        const deltaLowSum = minLow + readBits(bytes, position, bit, lowWidth);
        const deltaLow = deltaLowSum >>> 0;
        const deltaHigh =
          minHigh + readBits(bytes, position, bit + 32, highWidth) + (deltaLowSum >= TWO_TO_32 ? 1 : 0);
        const lowSum = low + deltaLow;
        low = lowSum >>> 0;
        high = (high + deltaHigh + (lowSum >= TWO_TO_32 ? 1 : 0)) >>> 0;
        out[outOffset + decoded + j] = doubleOf(is64, signed, high, low);
      }
      decoded += values;
      position += (miniblockSize * width) / 8;
    }
  }
}

/** A value's two halves as a double: INT64 rounded to nearest (as DuckDB's cast), INT32 exact. */
function doubleOf(is64: boolean, signed: boolean, high: number, low: number): number {
  if (!is64) return signed ? low | 0 : low;
  return (signed ? high | 0 : high) * TWO_TO_32 + low;
}
