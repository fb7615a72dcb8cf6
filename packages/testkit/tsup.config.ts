import { libraryBuild } from "@descent/config/tsup";

// The testkit measures allocation through node:v8, so it builds for Node.
export default libraryBuild({ platform: "node", external: ["vitest"] });
