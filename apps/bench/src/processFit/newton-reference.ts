import { newton } from "@descent/newton";
import { fitAndPrint } from "./program.js";

// @descent/newton on core's TypeScript reference: no backend package to load.
fitAndPrint("newton", newton(), undefined);
