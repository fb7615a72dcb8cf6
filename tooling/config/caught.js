/**
 * The error that `action` throws when `isExpected` accepts it; anything else thrown, or nothing thrown,
 * fails the test with what happened instead.
 * @template E
 * @param {() => unknown} action
 * @param {(error: unknown) => error is E} isExpected
 * @param {string} expected what `isExpected` accepts, for the failure message ("a DescentError")
 * @returns {E}
 */
export function caughtError(action, isExpected, expected) {
  try {
    action();
  } catch (error) {
    if (isExpected(error)) return error;
    throw new Error(`expected ${expected}, got ${String(error)}`);
  }
  throw new Error(`expected ${expected}, but nothing was thrown`);
}
