import { packageTests } from "@descent/config/vitest";

// Packing three packages, two installs, a type-check, a bundle and a browser: seconds each on a loaded
// two-core machine, so the set-up gets more than a test's usual minute.
export default packageTests({ hookTimeout: 180_000 });
