import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instantiateWasmSum, measureRoofline, wasmSumModule } from "./roofline.js";

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

describe("the C read loop (native/stream.c)", () => {
  const hasCompiler = spawnSync("cc", ["--version"]).status === 0;

  it.skipIf(!hasCompiler)("reads every share of the array on each of its threads", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "descent-roofline-"));
    try {
      const [one, three] = [
        await measureRoofline({ cacheDir, bytes: 3 * 1024 * 1024, sweeps: 2 }),
        await measureRoofline({ cacheDir, bytes: 3 * 1024 * 1024, sweeps: 2, threads: 3 }),
      ];
      expect(one?.threads).toBe(1);
      expect(three?.threads).toBe(3);
      expect(three?.samples).toHaveLength(2);
      // Each share is a multiple of 8 doubles: 3 MiB / 8 B / 3 threads rounds down to 131 072 per thread.
      expect(three?.arrayBytes).toBe(3 * 131_072 * 8);
      expect(three?.bytesPerSecond.min).toBeGreaterThan(0);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("has no all-core figure without a compiler: the WebAssembly loop runs on one thread", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "descent-roofline-"));
    try {
      expect(
        await measureRoofline({ cacheDir, bytes: 1 << 20, sweeps: 1, threads: 2, forceWasm: true }),
      ).toBe(null);
      const one = await measureRoofline({ cacheDir, bytes: 1 << 20, sweeps: 1, forceWasm: true });
      expect(one?.threads).toBe(1);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
