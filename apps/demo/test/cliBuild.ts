import { fileURLToPath } from "node:url";

/** Where the test build of the command line goes (see buildCli.ts). */
export const testCliDirectory = fileURLToPath(
  new URL("../node_modules/.cache/descent-demo-test-cli/", import.meta.url),
);
export const testCliPath = `${testCliDirectory}cli.js`;
