import { describe, expect, it } from "vitest";
import { decodeHybrid, hybridFirstMismatch } from "./hybrid.js";

const decode = (
  bytes: number[],
  bitWidth: number,
  count: number,
  out: Int32Array | Uint32Array = new Int32Array(count),
) => {
  const end = decodeHybrid(Uint8Array.from(bytes), 0, bytes.length, bitWidth, count, out, 0, "test");
  return { values: [...out], end };
};

describe("the RLE / bit-packing hybrid", () => {
  it("a bit-packed run: the format's own example, 0 … 7 in 3 bits is 10001000 11000110 11111010", () => {
    expect(decode([(1 << 1) | 1, 0b10001000, 0b11000110, 0b11111010], 3, 8)).toEqual({
      values: [0, 1, 2, 3, 4, 5, 6, 7],
      end: 4,
    });
  });

  it("RLE runs: the value in ceil(bitWidth / 8) little-endian bytes", () => {
    expect(decode([5 << 1, 3], 2, 5).values).toEqual([3, 3, 3, 3, 3]);
    expect(decode([3 << 1, 0x34, 0x12, 2 << 1, 0xff, 0x0f], 13, 5).values).toEqual([
      0x1234, 0x1234, 0x1234, 0xfff, 0xfff,
    ]);
    // A run header over several varint bytes: 300 repeats.
    const long = decode([0xd8, 0x04, 1], 1, 300);
    expect(long.values.every((v) => v === 1)).toBe(true);
    expect(long.end).toBe(3);
  });

  it("runs of both kinds in turn; a last run longer than the values wanted", () => {
    // RLE 3 × 6, bit-packed 8 values (5 wanted), bit width 4.
    const bytes = [3 << 1, 6, (1 << 1) | 1, 0x21, 0x43, 0x65, 0x87];
    expect(decode(bytes, 4, 8).values).toEqual([6, 6, 6, 1, 2, 3, 4, 5]);
  });

  it("bit widths 0, 24, 25 and 32 (the double-precision path), values up to 2^32 − 1", () => {
    expect(decode([4 << 1], 0, 4).values).toEqual([0, 0, 0, 0]);
    for (const bitWidth of [17, 24, 25, 31, 32]) {
      const values = Array.from({ length: 8 }, (_, i) => Math.floor((2 ** bitWidth - 1) / (i + 1)));
      // Packed by the definition: value i at bits [i·w, (i+1)·w), least significant first.
      const packed = new Array<number>(bitWidth).fill(0);
      values.forEach((value, i) => {
        for (let b = 0; b < bitWidth; b++) {
          if (Math.floor(value / 2 ** b) % 2)
            packed[(i * bitWidth + b) >> 3]! |= 1 << ((i * bitWidth + b) & 7);
        }
      });
      expect(decode([(1 << 1) | 1, ...packed], bitWidth, 8, new Uint32Array(8)).values).toEqual(values);
    }
  });

  it("data that ends early is a ParquetFormatError", () => {
    expect(() => decode([(1 << 1) | 1, 0x88], 3, 8)).toThrow(
      "test: a bit-packed run of 8 values at byte 1 is cut off by the data's end.",
    );
    expect(() => decode([2 << 1, 1], 1, 3)).toThrow(
      "test: RLE/bit-packed data ends at byte 2 after 2 of 3 values.",
    );
  });

  it("the first value that differs from the expected one, across RLE and bit-packed runs", () => {
    const first = (bytes: number[], bitWidth: number, count: number, expected: number) =>
      hybridFirstMismatch(Uint8Array.from(bytes), 0, bytes.length, bitWidth, count, expected, "test");
    expect(first([60 << 1, 1], 1, 60, 1)).toBe(-1);
    expect(first([60 << 1, 1], 1, 60, 0)).toBe(0);
    // 10 ones, then bit-packed 0b11101111, 0xff: the value 0 at index 10 + 4.
    expect(first([10 << 1, 1, (2 << 1) | 1, 0b11101111, 0xff], 1, 26, 1)).toBe(14);
    // The same zero beyond the values wanted is not looked at.
    expect(first([10 << 1, 1, (2 << 1) | 1, 0b11101111, 0xff], 1, 14, 1)).toBe(-1);
  });
});
