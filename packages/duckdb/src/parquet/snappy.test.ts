import { describe, expect, it } from "vitest";
import { ParquetFormatError } from "./parquetFormatError.js";
import { snappyDecompress } from "./snappy.js";

// A vector built by hand from snappy's format description, one element of each kind; the expected output
// is spelled out from what each element means.
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const digits = "0123456789".repeat(7).slice(0, 61);
const compressed = Uint8Array.from([
  0, // the length varint, set below
  0x08,
  ...ascii("abc"), // literal of 3: (3 − 1) << 2
  0x15,
  0x03, // copy, 1-byte offset: length 9 ((9 − 4) << 2), offset 3 (overlapping: repeats "abc")
  0x16,
  0x0c,
  0x00, // copy, 2-byte offset: length 6 ((6 − 1) << 2), offset 12
  0xf0,
  60,
  ...ascii(digits), // literal of 61: tag 60 << 2, then length − 1 in one byte
  0x4f,
  61,
  0,
  0,
  0, // copy, 4-byte offset: length 20 (19 << 2), offset 61
  0x76,
  81,
  0, // copy, 2-byte offset: length 30 (29 << 2), offset 81 (long, not overlapping)
]);
const expected = `abcabcabcabcabcabc${digits}${digits.slice(0, 20)}${(digits + digits.slice(0, 20)).slice(0, 30)}`;
compressed[0] = expected.length; // 129 > 127: written as two varint bytes below
const vector = Uint8Array.from([
  0x80 | (expected.length & 0x7f),
  expected.length >> 7,
  ...compressed.subarray(1),
]);

describe("snappy", () => {
  it("decompresses every kind of element: literals short and long, copies with 1-, 2- and 4-byte offsets, overlapping", () => {
    const output = new Uint8Array(200);
    const length = snappyDecompress(vector, 0, vector.length, output, "test");
    expect(length).toBe(expected.length);
    expect(new TextDecoder().decode(output.subarray(0, length))).toBe(expected);
  });

  it("decompresses from an offset inside its input, and into exactly the declared length", () => {
    const shifted = Uint8Array.from([9, 9, 9, ...vector, 9]);
    const output = new Uint8Array(expected.length);
    expect(snappyDecompress(shifted, 3, 3 + vector.length, output, "test")).toBe(expected.length);
    expect(new TextDecoder().decode(output)).toBe(expected);
  });

  it("short overlapping copies (offsets 4 … 7) repeat their pattern, on the word-copy path and the byte path", () => {
    for (const offset of [4, 5, 6, 7]) {
      const pattern = "abcdefg".slice(0, offset);
      const text = pattern + pattern.repeat(4).slice(0, 16);
      // A literal of the pattern, then a copy of 16 from `offset` back (2-byte offset form).
      const bytes = Uint8Array.from([
        text.length,
        (offset - 1) << 2,
        ...ascii(pattern),
        0x02 | (15 << 2),
        offset,
        0,
      ]);
      for (const room of [text.length, text.length + 32]) {
        const output = new Uint8Array(room);
        expect(snappyDecompress(bytes, 0, bytes.length, output, "test")).toBe(text.length);
        expect(new TextDecoder().decode(output.subarray(0, text.length))).toBe(text);
      }
    }
  });

  it("bad data is a ParquetFormatError naming what is wrong and where", () => {
    const output = new Uint8Array(200);
    const decompress =
      (bytes: number[], room = 200) =>
      () =>
        snappyDecompress(Uint8Array.from(bytes), 0, bytes.length, output, 'column "x", page 0', room);
    expect(decompress([4, 0x01, 0x05])).toThrow(ParquetFormatError);
    expect(decompress([4, 0x01, 0x05])).toThrow(
      'column "x", page 0: a snappy copy of 4 bytes from offset 5 at output byte 0 is invalid (the offset is outside the output).',
    );
    expect(decompress([5, 0x00, 1, 0x01 | (1 << 2), 1])).toThrow(
      'column "x", page 0: a snappy copy of 5 bytes from offset 1 at output byte 1 is invalid (it overruns the declared length, 5).',
    );
    expect(decompress([5, 0x08, 1, 2])).toThrow(
      'column "x", page 0: a snappy literal of 3 bytes at byte 1 overruns the input.',
    );
    expect(decompress([5, 0x04, 1, 2])).toThrow(
      'column "x", page 0: snappy data decompressed to 2 bytes, not the 5 it declares.',
    );
    expect(decompress([5, 0x04, 1, 2, 0x02])).toThrow(
      'column "x", page 0: snappy data is truncated inside the element at byte 4.',
    );
    expect(decompress([100, 0x04, 1, 2], 50)).toThrow(
      'column "x", page 0: snappy declares 100 uncompressed bytes, more than the 50 bytes of room.',
    );
  });
});
