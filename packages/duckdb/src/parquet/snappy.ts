import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * Snappy's raw block format (what Parquet's SNAPPY codec holds: no framing): a varint of the uncompressed
 * length, then literals and back-references. Long literals and long non-overlapping copies are byte copies
 * (`set`, `copyWithin`). Short ones, the bulk of a page of smooth doubles, copy whole words past their end
 * (8 bytes for a literal, 8 or 16 for a copy) rather than loop over their exact length: no loop exit for the
 * branch predictor to miss (0.54 → 0.8 GB/s measured on such a page; see decodeSpeed.test.ts).
 */

// Below this many bytes, a loop beats creating a view for `set` / calling copyWithin.
const SHORT_COPY = 16;

/**
 * Decompresses input[start … end) into output[0 …), whose first `capacity` bytes must hold the declared
 * length; returns that length. Bytes between the length and `capacity` may be overwritten (short copies
 * write whole words): a caller leaves 16 bytes of room past the longest output for full speed. `context`
 * names the column and page in errors.
 */
export function snappyDecompress(
  input: Uint8Array,
  start: number,
  end: number,
  output: Uint8Array,
  context: string,
  capacity: number = output.length,
): number {
  let position = start;
  let length = 0;
  let scale = 1;
  for (;;) {
    if (position >= end || position >= start + 5) {
      throw new ParquetFormatError(`${context}: snappy's length varint at byte ${start} is malformed.`);
    }
    const byte = input[position++]!;
    length += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  const room = Math.min(capacity, output.length);
  if (length > room) {
    throw new ParquetFormatError(
      `${context}: snappy declares ${length} uncompressed bytes, more than the ${room} bytes of room.`,
    );
  }
  // Little-endian both ways: the platform's order, no byte swaps.
  const inputWords = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const outputWords = new DataView(output.buffer, output.byteOffset, output.byteLength);
  // Fast paths copy whole words past an element's end: only where both arrays have 16 bytes to spare.
  const inputSafe = input.length - 16;
  const outputSafe = room - 16;
  let written = 0;
  while (position < end) {
    const tag = input[position++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let literal = tag >>> 2;
      if (literal >= 60) {
        const bytes = literal - 59;
        if (position + bytes > end) truncated(position - 1, context);
        literal = 0;
        for (let k = bytes - 1; k >= 0; k--) literal = literal * 256 + input[position + k]!;
        position += bytes;
      }
      literal += 1;
      if (position + literal > end || written + literal > length) overrun(literal, position, end, context);
      if (literal <= 8 && position <= inputSafe && written <= outputSafe) {
        // The bytes copied past the literal's end are overwritten by the next element, or lie past the length.
        outputWords.setUint32(written, inputWords.getUint32(position, true), true);
        outputWords.setUint32(written + 4, inputWords.getUint32(position + 4, true), true);
      } else if (literal < SHORT_COPY) {
        for (let k = 0; k < literal; k++) output[written + k] = input[position + k]!;
      } else {
        output.set(input.subarray(position, position + literal), written);
      }
      position += literal;
      written += literal;
      continue;
    }
    let copyLength: number;
    let offset: number;
    if (kind === 1) {
      if (position + 1 > end) truncated(position - 1, context);
      copyLength = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[position++]!;
    } else if (kind === 2) {
      if (position + 2 > end) truncated(position - 1, context);
      copyLength = (tag >>> 2) + 1;
      offset = input[position]! | (input[position + 1]! << 8);
      position += 2;
    } else {
      if (position + 4 > end) truncated(position - 1, context);
      copyLength = (tag >>> 2) + 1;
      offset =
        (input[position]! |
          (input[position + 1]! << 8) |
          (input[position + 2]! << 16) |
          (input[position + 3]! << 24)) >>>
        0;
      position += 4;
    }
    if (offset === 0 || offset > written || written + copyLength > length)
      badCopy(copyLength, offset, written, length, context);
    const from = written - offset;
    if (copyLength <= 16 && offset >= 4 && written <= outputSafe) {
      // In order, a word at a time: each word read ends before the word written (offset ≥ 4), so an
      // overlapping copy repeats its pattern as snappy means it to.
      outputWords.setUint32(written, outputWords.getUint32(from, true), true);
      outputWords.setUint32(written + 4, outputWords.getUint32(from + 4, true), true);
      if (copyLength > 8) {
        outputWords.setUint32(written + 8, outputWords.getUint32(from + 8, true), true);
        outputWords.setUint32(written + 12, outputWords.getUint32(from + 12, true), true);
      }
    } else if (offset < copyLength || copyLength < SHORT_COPY) {
      // Overlapping copies repeat the last `offset` bytes: byte by byte, in order.
      for (let k = 0; k < copyLength; k++) output[written + k] = output[from + k]!;
    } else {
      output.copyWithin(written, from, from + copyLength);
    }
    written += copyLength;
  }
  if (written !== length) {
    throw new ParquetFormatError(
      `${context}: snappy data decompressed to ${written} bytes, not the ${length} it declares.`,
    );
  }
  return length;
}

function truncated(element: number, context: string): never {
  throw new ParquetFormatError(`${context}: snappy data is truncated inside the element at byte ${element}.`);
}

function overrun(literal: number, position: number, end: number, context: string): never {
  throw new ParquetFormatError(
    `${context}: a snappy literal of ${literal} bytes at byte ${position - 1} overruns the ${position + literal > end ? "input" : "declared length"}.`,
  );
}

function badCopy(
  copyLength: number,
  offset: number,
  written: number,
  length: number,
  context: string,
): never {
  throw new ParquetFormatError(
    `${context}: a snappy copy of ${copyLength} bytes from offset ${offset} at output byte ${written} is invalid (${offset === 0 || offset > written ? "the offset is outside the output" : `it overruns the declared length, ${length}`}).`,
  );
}
