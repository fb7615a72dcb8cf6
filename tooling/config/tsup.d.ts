import type { Options } from "tsup";
export declare function libraryBuild(overrides?: Options): Options | Options[];
