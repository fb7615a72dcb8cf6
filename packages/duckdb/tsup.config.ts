import { libraryBuild } from "@descent/config/tsup";

// Node only: the DuckDB connection lives in a worker thread (node:worker_threads), and @duckdb/node-api is a
// native module that stays an import of the output.
export default libraryBuild({
  platform: "node",
  external: ["@duckdb/node-api", "node:worker_threads", "node:module"],
});
