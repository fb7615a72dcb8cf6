import { kernels } from "@descent/kernels";
import { newton } from "@descent/newton";
import { fitAndPrint } from "./program.js";

// @descent/newton on the kernels backend.
fitAndPrint("newton", newton(), kernels());
