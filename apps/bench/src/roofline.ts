import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./childProcess.js";
import { NATIVE_DIR } from "./paths.js";
import type { RooflineResult } from "./results.js";
import { summarize } from "./stats.js";

/**
 * The machine's read bandwidth, measured in the same run as the kernels it judges: a sum over a large
 * array of doubles (native/stream.c) compiled with the system C compiler, on one thread or split across
 * several; or, where there is no compiler, the fastest WebAssembly read loop (SIMD, two accumulators),
 * one thread only.
 */
export interface RooflineOptions {
  readonly cacheDir: string;
  /** Threads that read the array together, each its own share. Default 1. */
  readonly threads?: number;
  /** Bytes in the array: far beyond the last-level cache. Default 256 MiB. */
  readonly bytes?: number;
  readonly sweeps?: number;
  /** Force the WebAssembly loop even where a C compiler exists. */
  readonly forceWasm?: boolean;
}

const SOURCE = join(NATIVE_DIR, "stream.c");

async function compileStream(cacheDir: string): Promise<string | null> {
  const source = readFileSync(SOURCE);
  const key = createHash("sha256").update(source).digest("hex").slice(0, 12);
  const dir = join(cacheDir, "roofline");
  const binary = join(dir, `stream-${key}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  try {
    await runCommand("cc", ["-O3", "-march=native", "-pthread", "-o", binary, SOURCE], {
      timeoutSeconds: 120,
    });
    return binary;
  } catch {
    return null;
  }
}

/** The roofline, or null when it asks for several threads and there is no C compiler to run them. */
export async function measureRoofline(options: RooflineOptions): Promise<RooflineResult | null> {
  const bytes = options.bytes ?? 256 * 1024 * 1024;
  const sweeps = options.sweeps ?? 10;
  const threads = options.threads ?? 1;
  const binary = options.forceWasm ? null : await compileStream(options.cacheDir);
  if (binary !== null) {
    const out = await runCommand(binary, [String(bytes), String(sweeps), String(threads)], {
      timeoutSeconds: 120,
    });
    const reply = JSON.parse(out) as { bytes: number; threads: number; seconds: number[] };
    const samples = reply.seconds.map((seconds) => reply.bytes / seconds);
    return {
      method: "cc -O3 -march=native (native/stream.c)",
      threads: reply.threads,
      bytesPerSecond: summarize(samples),
      samples,
      arrayBytes: reply.bytes,
    };
  }
  if (threads > 1) return null;
  const samples = wasmReadSweeps(bytes, sweeps).map((time) => bytes / time);
  return {
    method: options.forceWasm
      ? "WebAssembly SIMD read loop (16-byte loads)"
      : "WebAssembly SIMD read loop (no C compiler found)",
    threads: 1,
    bytesPerSecond: summarize(samples),
    samples,
    arrayBytes: bytes,
  };
}

/** Two measurements as one: all sweeps pooled. */
export function poolRooflines(first: RooflineResult, second: RooflineResult): RooflineResult;
export function poolRooflines(
  first: RooflineResult | null,
  second: RooflineResult | null,
): RooflineResult | null;
export function poolRooflines(
  first: RooflineResult | null,
  second: RooflineResult | null,
): RooflineResult | null {
  if (first === null || second === null) return first ?? second;
  const samples = [...first.samples, ...second.samples];
  return { ...first, bytesPerSecond: summarize(samples), samples };
}

/** Unsigned LEB128, as WebAssembly encodes sizes and counts. */
function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb128(content.length), ...content];
}

/**
 * A module, hand-assembled so that the bench needs no toolchain, equivalent to:
 *
 *   (module
 *     (memory (export "memory") PAGES)
 *     (func (export "sum") (param $bytes i32) (result f64) (local $i i32) (local $a v128) (local $b v128)
 *       (block $done (loop $next
 *         (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
 *         (local.set $a (f64x2.add (local.get $a) (v128.load offset=0 (local.get $i))))
 *         (local.set $b (f64x2.add (local.get $b) (v128.load offset=16 (local.get $i))))
 *         (local.set $i (i32.add (local.get $i) (i32.const 32)))
 *         (br $next)))
 *       (f64.add (f64x2.extract_lane 0 (local.tee $a (f64x2.add (local.get $a) (local.get $b))))
 *                (f64x2.extract_lane 1 (local.get $a)))))
 *
 * The memory is sized once, up front: growing it later would slow every typed array of the process.
 */
export function wasmSumModule(pages: number): Uint8Array {
  const F64X2_ADD = [0xfd, 0xf0, 0x01];
  const code = [
    ...[0x02, 0x01, 0x7f, 0x02, 0x7b], // locals: 1 × i32, 2 × v128
    ...[0x02, 0x40, 0x03, 0x40], // block, loop
    ...[0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01], // br_if $done (i ≥ bytes)
    ...[0x20, 0x02, 0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, ...F64X2_ADD, 0x21, 0x02], // a += load(i)
    ...[0x20, 0x03, 0x20, 0x01, 0xfd, 0x00, 0x04, 0x10, ...F64X2_ADD, 0x21, 0x03], // b += load(i + 16)
    ...[0x20, 0x01, 0x41, 0x20, 0x6a, 0x21, 0x01], // i += 32
    ...[0x0c, 0x00, 0x0b, 0x0b], // br $next, end loop, end block
    ...[0x20, 0x02, 0x20, 0x03, ...F64X2_ADD, 0x22, 0x02, 0xfd, 0x21, 0x00], // lane 0 of a + b
    ...[0x20, 0x02, 0xfd, 0x21, 0x01, 0xa0, 0x0b], // + lane 1, end
  ];
  const text = (name: string) => [name.length, ...Array.from(name, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7c]), // type: (i32) → f64
    ...section(3, [0x01, 0x00]), // one function of type 0
    ...section(5, [0x01, 0x00, ...leb128(pages)]), // one memory, `pages` pages, no maximum
    ...section(7, [0x02, ...text("memory"), 0x02, 0x00, ...text("sum"), 0x00, 0x00]),
    ...section(10, [0x01, ...leb128(code.length), ...code]),
  ]);
}

export interface WasmSum {
  readonly memory: Float64Array;
  /** Σ memory[0 .. bytes/8), for bytes a multiple of 32. */
  sum(bytes: number): number;
}

/** The slice of the WebAssembly API used here (this package's typings have no DOM). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; sum: (bytes: number) => number } };
}

export function instantiateWasmSum(bytes: number): WasmSum {
  const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };
  const pages = Math.ceil(bytes / 65536);
  const module = new WebAssembly.Module(wasmSumModule(pages));
  const { exports } = new WebAssembly.Instance(module);
  return { memory: new Float64Array(exports.memory.buffer, 0, bytes / 8), sum: exports.sum };
}

/** Seconds per sweep of the WebAssembly read loop over `bytes` bytes. */
export function wasmReadSweeps(bytes: number, sweeps: number): number[] {
  const size = Math.floor(bytes / 32) * 32;
  const wasm = instantiateWasmSum(size);
  for (let i = 0; i < wasm.memory.length; i++) wasm.memory[i] = (i & 1023) * 0.5;
  wasm.sum(size);
  const seconds: number[] = [];
  let checksum = 0;
  for (let s = 0; s < sweeps; s++) {
    const started = performance.now();
    checksum += wasm.sum(size);
    seconds.push((performance.now() - started) / 1000);
  }
  // Keeps the calls observable; the value itself is not used.
  if (Number.isNaN(checksum)) throw new Error("The WebAssembly read loop returned NaN.");
  return seconds;
}
