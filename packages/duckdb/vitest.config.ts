import { packageTests } from "@descent/config/vitest";

export default packageTests();
