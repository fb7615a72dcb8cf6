import { DescentError, describeValue } from "./errors.js";
import { type MinimizeOptions, type MinimizeResult, prepareRun } from "./minimize.js";
import type { Objective } from "./objective.js";
import type { Optimizer } from "./optimizer.js";

export interface MinimizeAsyncOptions<S = unknown> extends MinimizeOptions<S> {
  /**
   * The longest stretch of steps, in milliseconds, between two turns of the event loop. Default 16 (a frame
   * at 60 Hz). A step is never cut: one step that takes longer holds the loop that long.
   */
  readonly yieldEvery?: number;
}

/** The slice of MessageChannel that nextTurn uses (core is typed without the DOM's or Node's types). */
interface Channel {
  readonly port1: { onmessage: (() => void) | null; close(): void };
  readonly port2: { postMessage(message: unknown): void };
}

/** Lets the event loop turn: timers (an AbortSignal.timeout), I/O, UI events and rendering run. */
function nextTurn(): Promise<void> {
  const scope = globalThis as unknown as {
    setImmediate?: (callback: () => void) => unknown;
    MessageChannel?: new () => Channel;
    setTimeout?: (callback: () => void, ms: number) => unknown;
  };
  const { setImmediate, MessageChannel } = scope;
  // Node: the check phase, after timers and I/O. Elsewhere a message, which browsers do not clamp to 4 ms
  // as they do a nested setTimeout.
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => scope.setTimeout?.(resolve, 0));
}

const clock = (globalThis as unknown as { performance?: { now(): number } }).performance;
const now = () => (clock === undefined ? Date.now() : clock.now());

/**
 * `minimize`, handing the event loop back at least every `yieldEvery` ms, between two steps: so that an
 * AbortSignal (`AbortSignal.timeout(100)`), progress rendering and a page's events run during a long fit.
 * The steps are exactly minimize's: the result is bit for bit the same.
 */
export async function minimizeAsync<S>(
  objective: Objective,
  optimizer: Optimizer<S>,
  options: MinimizeAsyncOptions<S> = {},
): Promise<MinimizeResult<S>> {
  const { yieldEvery = 16, ...minimizeOptions } = options;
  if (!(typeof yieldEvery === "number" && Number.isFinite(yieldEvery) && yieldEvery >= 0)) {
    throw new DescentError(
      "INVALID_OPTION",
      `yieldEvery must be a finite number of milliseconds ≥ 0, got ${describeValue(yieldEvery)}.`,
      { value: yieldEvery },
    );
  }
  const run = prepareRun(objective, optimizer, minimizeOptions);
  let sliceStart = now();
  let result = run.begin();
  while (result === undefined) {
    if (now() - sliceStart >= yieldEvery) {
      await nextTurn();
      sliceStart = now();
    }
    result = run.advance();
  }
  return result;
}
