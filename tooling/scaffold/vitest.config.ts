import { packageTests } from "@descent/config/vitest";

// The end-to-end test copies the repository, installs, builds and tests a generated package: minutes, not
// seconds, on a loaded two-core machine.
export default packageTests({ testTimeout: 240_000, hookTimeout: 240_000 });
