import { isDescentError } from "@descent/core";
import { CommanderError } from "commander";
import { buildProgram } from "./cli/program.js";
import { truncated } from "./cli/shownText.js";
import { UserError } from "./cli/userError.js";

/**
 * A message as one line of bounded length: every error ends as exactly one `error: …` line, however many
 * line breaks or megabytes a value in it carried (values are cut where they are shown; this is the net).
 */
function oneLine(message: string): string {
  return truncated(message.replace(/\s*[\r\n]+\s*/g, " ").trim(), 1000);
}

/** Runs the command line and turns every refusal into one `error:` line on stderr and exit code 1. */
async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // commander's own errors (an unknown option, a bad value) as one line, like ours.
  const oneLineErrors = (command: typeof program) =>
    command.exitOverride().configureOutput({
      outputError: (text, write) => write(`${oneLine(text)}\n`),
    });
  oneLineErrors(program);
  for (const command of program.commands) oneLineErrors(command);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has printed the message.
    if (error instanceof UserError) {
      process.stderr.write(`error: ${oneLine(error.message)}\n`);
    } else if (isDescentError(error)) {
      process.stderr.write(`error: ${oneLine(error.message)} [${error.code}]\n`);
    } else {
      // A bug, not the user's mistake: still one line, with the stack on request.
      process.stderr.write(
        `error: internal error: ${oneLine(String((error as Error)?.message ?? error))} (DESCENT_DEBUG=1 shows where)\n`,
      );
      if (process.env.DESCENT_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    }
    return 1;
  }
}

// A reader that goes away (`descent predict … | head`) is not an error of ours: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// `pnpm demo -- --csv x.csv` (npm's habit) reaches us with the "--" in front: everything after it is
// still meant as options, so a leading "--" is dropped.
const [node, script, ...args] = process.argv;
process.exitCode = await main([node!, script!, ...(args[0] === "--" ? args.slice(1) : args)]);
