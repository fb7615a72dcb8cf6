import { lbfgs } from "@descent/lbfgs";
import { fitAndPrint } from "./program.js";

// @descent/lbfgs on core's TypeScript reference: no backend package to load.
fitAndPrint("lbfgs", lbfgs(), undefined);
