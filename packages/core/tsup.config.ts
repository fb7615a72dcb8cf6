import { libraryBuild } from "@descent/config/tsup";

// One build for both entries, so that they share one copy of core (one DescentError class). The main
// entry stays platform-neutral (browsers); `@descent/core/threads` is for Node and imports worker_threads,
// which stays an import of the output.
export default libraryBuild({
  entry: { index: "src/index.ts", "threads/index": "src/threads/index.ts" },
  external: ["node:worker_threads"],
});
