const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Decodes standard base64 (with `=` padding) into bytes. Written out because `atob` and `Buffer` are not
 * both everywhere core runs, and core has no runtime dependencies.
 */
export function decodeBase64(text: string): Uint8Array {
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
