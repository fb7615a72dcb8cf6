import { describe, expect, it } from "vitest";
import { decodeDictionaryIndices } from "./dictionary.js";

const dictionary = Float64Array.of(99, 0.5, -2, 1e300, 7); // entries from index 1: 0.5, −2, 1e300, 7
const decode = (bytes: number[], bitWidth: number, count: number, padding = 0) => {
  const out = new Float64Array(count);
  const data = Uint8Array.from([...bytes, ...new Array(padding).fill(0)]);
  decodeDictionaryIndices(data, 0, bytes.length, bitWidth, count, dictionary, 1, 4, out, 0, 100, "test");
  return [...out];
};

describe("dictionary indices looked up as they are decoded", () => {
  it("RLE and bit-packed runs, at the end of the data (the careful path) and before padding (the one-pass path)", () => {
    // RLE 3 × index 2, then 8 bit-packed 2-bit indices 0 1 2 3 3 2 1 0.
    const bytes = [3 << 1, 2, (1 << 1) | 1, 0b11100100, 0b00011011];
    const expected = [1e300, 1e300, 1e300, 0.5, -2, 1e300, 7, 7, 1e300, -2, 0.5];
    expect(decode(bytes, 2, 11)).toEqual(expected);
    expect(decode(bytes, 2, 11, 8)).toEqual(expected);
  });

  it("an index beyond the dictionary throws, naming its row", () => {
    expect(() => decode([2 << 1, 4], 3, 2)).toThrow(
      "test: row 100 of the chunk has dictionary index 4, beyond the dictionary's 4 entries.",
    );
    // Bit-packed, 3 bits: 0 1 5 … — the third is beyond.
    expect(() => decode([(1 << 1) | 1, 0b01001000, 0b00000001, 0], 3, 8, 8)).toThrow(
      "test: row 102 of the chunk has dictionary index 5, beyond the dictionary's 4 entries.",
    );
  });
});
