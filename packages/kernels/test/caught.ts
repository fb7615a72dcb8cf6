import { DescentError } from "@descent/core";

/** The DescentError that `action` throws; anything else, or nothing thrown, fails the test. */
export function caught(action: () => unknown): DescentError {
  try {
    action();
  } catch (error) {
    if (error instanceof DescentError) return error;
    throw new Error(`expected a DescentError, got ${String(error)}`);
  }
  throw new Error("expected a DescentError, but nothing was thrown");
}
