/**
 * Node's own share of the whole-process timing: an ES module, as processFit.ts is, that imports nothing and
 * prints a line. Node, its ES module loader and its exit cost this much before any of descent runs; the
 * bench reports it beside processFit so that the rest can be told apart.
 */
process.stdout.write("{}\n");
