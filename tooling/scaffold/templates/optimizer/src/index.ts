export { type __PascalName__Options, type __PascalName__State, __camelName__ } from "./__camelName__.js";
