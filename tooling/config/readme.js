import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * Registers a package's README tests: README.md shows examples/readme.ts verbatim (`pnpm readme:sync`
 * copies it there), and the example runs; `check` then gets the arguments of each console.log it made.
 * @param {string} testFileUrl the calling test file's `import.meta.url` (the package's src/ holds it)
 * @param {(printed: unknown[][]) => void} check
 */
export function describeReadmeExample(testFileUrl, check) {
  const example = new URL("../examples/readme.ts", testFileUrl);
  describe("README", () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it("shows examples/readme.ts verbatim", () => {
      const readme = readFileSync(new URL("../README.md", testFileUrl), "utf8");
      expect(readme).toContain(readFileSync(example, "utf8").trim());
    });

    it("its example runs and prints what the README says", async () => {
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      await import(/* @vite-ignore */ example.href);
      check(log.mock.calls);
    });
  });
}
