import { kernels } from "@descent/kernels";
import { lbfgs } from "@descent/lbfgs";
import { fitAndPrint } from "./program.js";

// @descent/lbfgs on the kernels backend.
fitAndPrint("lbfgs", lbfgs(), kernels());
