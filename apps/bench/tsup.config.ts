import { libraryBuild } from "@descent/config/tsup";

// An app, not a library: Node entry points (the CLI, the child-process worker and the two tiny programs
// that the whole-process timing starts), no declarations. Workspace packages stay external, so the optimizer
// plugins are found at run time by `import()` and the bench keeps working as packages land.
export default libraryBuild({
  entry: ["src/cli.ts", "src/worker.ts", "src/processFit.ts", "src/processFloor.ts"],
  platform: "node",
  target: "node20",
  dts: false,
  treeshake: false,
});
