import { packageTests } from "@descent/config/vitest";
import { configDefaults } from "vitest/config";

/** The page's browser tests measure the main thread's CPU time per task (see web.e2e.test.ts). */
const BROWSER_TESTS = "test/web.e2e.test.ts";

// Two projects: the browser tests run after the rest, never beside the command line's end-to-end tests,
// whose DuckDB and fits spawn processes on every core: a measurement beside them measures the machine.
export default packageTests({
  globalSetup: ["test/buildCli.ts"],
  // Each project says what it runs (a project's include adds to its parent's, so the parent has none).
  include: [],
  projects: [
    {
      extends: true,
      test: {
        name: "node",
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        exclude: [...configDefaults.exclude, BROWSER_TESTS],
        sequence: { groupOrder: 0 },
      },
    },
    {
      extends: true,
      test: { name: "browser", include: [BROWSER_TESTS], sequence: { groupOrder: 1 } },
    },
  ],
});
