import { describe, expect, it } from "vitest";
import { instantiateWasmSum, wasmSumModule } from "./roofline.js";

describe("the WebAssembly read loop (the roofline where there is no C compiler)", () => {
  it("is a valid module", () => {
    const { WebAssembly } = globalThis as unknown as {
      WebAssembly: { validate(bytes: Uint8Array): boolean };
    };
    expect(WebAssembly.validate(wasmSumModule(1))).toBe(true);
  });

  it("sums the doubles in its memory", () => {
    const wasm = instantiateWasmSum(64 * 8);
    for (let i = 0; i < 64; i++) wasm.memory[i] = i + 1;
    expect(wasm.sum(64 * 8)).toBe((64 * 65) / 2);
    // Four doubles (32 bytes), the loop's stride: 1 + 2 + 3 + 4.
    expect(wasm.sum(32)).toBe(10);
  });
});
