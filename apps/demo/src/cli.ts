import { isDescentError } from "@descent/core";
import { CommanderError } from "commander";
import { buildProgram } from "./cli/program.js";
import { UserError } from "./cli/userError.js";

/** Runs the command line and turns every refusal into one line on stderr and exit code 1. */
async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has printed the message.
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
    } else if (isDescentError(error)) {
      process.stderr.write(`error: ${error.message} [${error.code}]\n`);
    } else {
      throw error;
    }
    return 1;
  }
}

// `pnpm demo -- --csv x.csv` (npm's habit) reaches us with the "--" in front: everything after it is
// still meant as options, so a leading "--" is dropped.
const [node, script, ...args] = process.argv;
process.exitCode = await main([node!, script!, ...(args[0] === "--" ? args.slice(1) : args)]);
