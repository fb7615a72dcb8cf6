import { libraryBuild } from "@descent/config/tsup";

// One build for every entry, so that they share one copy of the kernels' state (the registered thread
// provider). The main entry stays platform-neutral (browsers); `node` (the main entry's "node" condition) and
// `@descent/kernels/threads` are for Node and import worker_threads and os, which stay imports of the output;
// `threads/browser` (that export's "browser" condition) is the browsers' pool, on Web Workers.
export default libraryBuild({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    "threads/index": "src/threads/index.ts",
    "threads/browser": "src/threads/browser.ts",
  },
  external: ["node:worker_threads", "node:os", "node:module", "@descent/core"],
});
