const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The slice of Node's Buffer that decodeBase64 uses (this package compiles without Node's types). */
interface NodeBufferConstructor {
  from(text: string, encoding: "base64"): Uint8Array;
}

/**
 * Decodes standard base64 (with `=` padding) into bytes. In Node, by Buffer, natively: the kernels' bytes
 * are decoded once per process, at the first fit, where the portable loop below has not been compiled by
 * the JIT yet and takes about a millisecond of a short program's start-up. Elsewhere, that loop.
 */
export function decodeBase64(text: string): Uint8Array {
  const buffer = (globalThis as { Buffer?: NodeBufferConstructor }).Buffer;
  // Copied into a Uint8Array of its own: a Buffer may be a view of a shared pool.
  if (typeof buffer?.from === "function") return new Uint8Array(buffer.from(text, "base64"));
  return decodeBase64Portable(text);
}

/**
 * Decodes standard base64 (with `=` padding) into bytes, in plain JavaScript, because `atob` and `Buffer`
 * are not both everywhere the kernels run.
 */
export function decodeBase64Portable(text: string): Uint8Array {
  const values = new Uint8Array(128);
  for (let k = 0; k < ALPHABET.length; k++) values[ALPHABET.charCodeAt(k)] = k;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let k = 0; k < text.length; k += 4) {
    const quad =
      (values[text.charCodeAt(k)]! << 18) |
      (values[text.charCodeAt(k + 1)]! << 12) |
      (values[text.charCodeAt(k + 2)]! << 6) |
      values[text.charCodeAt(k + 3)]!;
    if (at < bytes.length) bytes[at++] = quad >>> 16;
    if (at < bytes.length) bytes[at++] = (quad >>> 8) & 0xff;
    if (at < bytes.length) bytes[at++] = quad & 0xff;
  }
  return bytes;
}
