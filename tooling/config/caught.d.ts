/**
 * The error that `action` throws when `isExpected` accepts it; anything else thrown, or nothing thrown,
 * fails the test with what happened instead.
 */
export declare function caughtError<E>(
  action: () => unknown,
  isExpected: (error: unknown) => error is E,
  expected: string,
): E;
