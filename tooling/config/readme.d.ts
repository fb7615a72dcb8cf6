/**
 * Registers a package's README tests: README.md shows examples/readme.ts verbatim, and the example runs;
 * `check` then gets the arguments of each console.log it made.
 */
export declare function describeReadmeExample(
  testFileUrl: string,
  check: (printed: unknown[][]) => void,
): void;
