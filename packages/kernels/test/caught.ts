import { caughtError } from "@descent/config/caught";
import { type DescentError, isDescentError } from "@descent/core";

/** The DescentError that `action` throws; anything else, or nothing thrown, fails the test. */
export function caught(action: () => unknown): DescentError {
  return caughtError(action, (error) => isDescentError(error), "a DescentError");
}
