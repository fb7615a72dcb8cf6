import { defineConfig } from "vitest/config";

/**
 * Tests resolve workspace packages to their TypeScript source (the "@descent/source" export
 * condition), so a test never runs against a stale build.
 * @param {import("vitest/config").UserConfig["test"]} [test]
 */
export function packageTests(test = {}) {
  return defineConfig({
    resolve: { conditions: ["@descent/source"] },
    ssr: { resolve: { conditions: ["@descent/source"] } },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      ...test,
    },
  });
}
