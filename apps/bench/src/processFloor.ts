/**
 * Node's own share of the whole-process timing: an ES module, as the processFit programs are, that imports
 * nothing and prints a line. Node, its ES module loader and its exit cost this much before any of descent
 * runs; the bench reports it beside the processFit programs so that the rest can be told apart.
 */
process.stdout.write("{}\n");
