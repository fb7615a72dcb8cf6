import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, decodeBase64Portable } from "./base64.js";
import { logisticSharedWasmBase64, logisticWasmBase64 } from "./logistic.generated.js";

/** Standard base64 of `bytes`, by a route independent of both decoders: btoa over a binary string. */
function encode(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

describe("decodeBase64", () => {
  it("inverts base64 for every byte string, with 0, 1 or 2 padding characters, on both paths", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encode(bytes);
        expect(decodeBase64Portable(text)).toEqual(bytes);
        // In Node, decodeBase64 takes Buffer's native path: it must agree with the portable one.
        const decoded = decodeBase64(text);
        expect(decoded).toEqual(bytes);
        expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype);
      }),
    );
  });

  it("decodes the kernels' WebAssembly the same way on both paths (the magic number \\0asm first)", () => {
    for (const text of [logisticWasmBase64, logisticSharedWasmBase64]) {
      const bytes = decodeBase64(text);
      expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]);
      expect(bytes).toEqual(decodeBase64Portable(text));
    }
  });
});
