/**
 * A full collection between two repeats, outside the timed region (the worker runs with --expose-gc):
 * the previous repeat's objective — with its copy of X in WebAssembly memory — is freed before the
 * next one is built, so the peak memory is one fit's, and no repeat pays for another's garbage.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
