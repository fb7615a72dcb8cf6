import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * Snappy's raw block format (what Parquet's SNAPPY codec holds: no framing): a varint of the uncompressed
 * length, then literals and back-references. Long literals and non-overlapping copies are byte copies
 * (`set`, `copyWithin`); short ones are loops, cheaper than a call for a few bytes.
 */

// Below this many bytes, a loop beats creating a view for `set` / calling copyWithin.
const SHORT_COPY = 16;

/**
 * Decompresses input[start … end) into output[0 …), whose first `capacity` bytes must hold the declared
 * length; returns that length. `context` names the column and page in errors.
 */
export function snappyDecompress(
  input: Uint8Array,
  start: number,
  end: number,
  output: Uint8Array,
  context: string,
  capacity = output.length,
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
  if (length > capacity || length > output.length) {
    throw new ParquetFormatError(
      `${context}: snappy declares ${length} uncompressed bytes, more than the ${Math.min(capacity, output.length)} bytes of room.`,
    );
  }
  let written = 0;
  while (position < end) {
    const tag = input[position++]!;
    const kind = tag & 3;
    if (kind === 0) {
      // Literal: length − 1 in the tag's upper 6 bits, or (60 … 63) in the 1 … 4 bytes that follow.
      let literal = tag >>> 2;
      if (literal >= 60) {
        const bytes = literal - 59;
        if (position + bytes > end) truncated(position - 1, context);
        literal = 0;
        for (let k = bytes - 1; k >= 0; k--) literal = literal * 256 + input[position + k]!;
        position += bytes;
      }
      literal += 1;
      if (position + literal > end || written + literal > length) {
        throw new ParquetFormatError(
          `${context}: a snappy literal of ${literal} bytes at byte ${position - 1} overruns the ${
            position + literal > end ? "input" : "declared length"
          }.`,
        );
      }
      if (literal < SHORT_COPY) {
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
    if (offset === 0 || offset > written || written + copyLength > length) {
      throw new ParquetFormatError(
        `${context}: a snappy copy of ${copyLength} bytes from offset ${offset} at output byte ${written} is invalid (${
          offset === 0 || offset > written
            ? "the offset is outside the output"
            : "it overruns the declared length"
        }).`,
      );
    }
    const from = written - offset;
    if (offset < copyLength || copyLength < SHORT_COPY) {
      // Overlapping copies repeat the last `offset` bytes: byte by byte, in order.
      for (let k = 0; k < copyLength; k++) output[written + k] = output[from + k]!;
    } else {
      output.copyWithin(written, from, from + copyLength);
    }
    written += copyLength;
  }
  if (position < end) {
    throw new ParquetFormatError(
      `${context}: snappy data is truncated inside the element at byte ${position - 1}.`,
    );
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
