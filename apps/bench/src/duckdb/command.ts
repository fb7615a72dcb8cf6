import { fromUserDirectory } from "../paths.js";
import { createProgress, silentProgress } from "../progress.js";
import { runDuckdbGroup } from "./group.js";
import { duckdbText, writeDuckdbResults } from "./report.js";

/** `pnpm bench --duckdb [--full]`: runs the DuckDB group, prints its table, writes its JSON and Markdown. */
export async function runDuckdbCommand(options: {
  readonly full: boolean;
  readonly cache: string;
  readonly out: string;
  readonly progress: boolean;
  readonly threads: number;
}): Promise<void> {
  const progress = options.progress ? createProgress() : silentProgress;
  let results: Awaited<ReturnType<typeof runDuckdbGroup>>;
  try {
    results = await runDuckdbGroup({
      mode: options.full ? "full" : "quick",
      cacheDir: fromUserDirectory(options.cache),
      threads: options.threads,
      progress,
    });
  } finally {
    progress.stop();
  }
  const files = writeDuckdbResults(fromUserDirectory(options.out), results);
  process.stdout.write(`${duckdbText(results)}\n\nResults: ${files.json}\nReport:  ${files.markdown}\n`);
}
