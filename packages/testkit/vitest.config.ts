import { packageTests } from "@descent/config/vitest";

// examples/readme.test.ts is the README's example and the conformance suite's self-test.
export default packageTests({ include: ["src/**/*.test.ts", "examples/**/*.test.ts"] });
