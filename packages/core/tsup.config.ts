import { libraryBuild } from "@descent/config/tsup";

export default libraryBuild();
