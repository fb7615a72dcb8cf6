import { libraryBuild } from "@descent/config/tsup";

// An app, not a library: Node entry points (the CLI, the child-process worker and the programs that the
// whole-process timing starts), no declarations. Workspace packages stay external, so the optimizer plugins
// are found at run time by `import()` and the bench keeps working as packages land. Each entry is bundled
// whole into one file (no shared chunks): the entries run in separate processes, so they share no state, and
// a timed program, like a user's script, should be one file (a chunk is one more module to resolve and load).
export default libraryBuild({
  entry: {
    cli: "src/cli.ts",
    worker: "src/worker.ts",
    duckdbChild: "src/duckdb/child.ts",
    processFloor: "src/processFloor.ts",
    "processFit/newton": "src/processFit/newton.ts",
    "processFit/lbfgs": "src/processFit/lbfgs.ts",
    "processFit/newton-reference": "src/processFit/newton-reference.ts",
    "processFit/lbfgs-reference": "src/processFit/lbfgs-reference.ts",
  },
  platform: "node",
  target: "node20",
  dts: false,
  treeshake: false,
  splitting: false,
});
