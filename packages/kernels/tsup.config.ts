import { libraryBuild } from "@descent/config/tsup";

// Each entry is bundled whole into its own file (no shared chunks): a Node program that imports
// `@descent/kernels` loads one file instead of six, which is most of the package's start-up cost. That is
// safe because the one piece of module state that entries must share, the registered thread provider,
// lives in the entry that registers it and the code that reads it, which are the same file ("node" in
// Node, "index" elsewhere; no runtime loads both). The `threads` entries carry their own copies of the
// pool code, whose only module state is a lazily loaded worker_threads; the browser's pool checks, with
// its own compile of the threads' module (once per page), that shared WebAssembly memory is there.
// The main entry stays platform-neutral (browsers); `node` (the main entry's "node" condition) and
// `@descent/kernels/threads` are for Node and import worker_threads and os, which stay imports of the
// output; `threads/browser` (that export's "browser" condition) is the browsers' pool, on Web Workers.
export default libraryBuild({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    "threads/index": "src/threads/index.ts",
    "threads/browser": "src/threads/browser.ts",
  },
  splitting: false,
  external: ["node:worker_threads", "node:os", "node:module", "@descent/core"],
});
