import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, Option } from "commander";
import { runBench } from "./bench.js";
import { compareResults, parseResults } from "./compare.js";
import { runDuckdbCommand } from "./duckdb/command.js";
import { renderReports, writeResults } from "./output.js";
import { DEFAULT_CACHE_DIR, DEFAULT_PYTHON, DEFAULT_RESULTS_DIR, fromUserDirectory } from "./paths.js";
import { benchPlan } from "./plan.js";
import { createProgress, silentProgress } from "./progress.js";
import { comparisonTable } from "./reports/markdown.js";
import { terminalReport, textTable } from "./reports/table.js";

interface CliOptions {
  readonly full: boolean;
  readonly compare?: string;
  readonly against?: string;
  readonly render?: string;
  readonly only?: string[];
  readonly peers: boolean;
  readonly out: string;
  readonly cache: string;
  readonly python: string;
  readonly progress: boolean;
  readonly threads: string;
  readonly duckdb: boolean;
}

function readResultsFile(path: string) {
  const absolute = fromUserDirectory(path);
  return parseResults(readFileSync(absolute, "utf8"), absolute);
}

function parseThreads(value: string, program: Command): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    program.error(`--threads takes a whole number ≥ 1, got ${value}.`);
  return threads;
}

async function main(): Promise<void> {
  const program = new Command()
    .name("descent-bench")
    .description(
      "descent's optimizers and peer libraries (TF.js, ml.js, scikit-learn) on the same problems, to the optimum; kernels against the memory roofline; whole-process time against Python.",
    )
    .option("--full", "the full run: every reference problem, 1M × 100, more repeats, longer budgets", false)
    .option("--compare <file>", "compare with an earlier results JSON: ratios per figure")
    .option("--against <file>", "with --compare: compare with this results JSON instead of running")
    .option(
      "--render <file>",
      "rewrite the Markdown and HTML reports of a saved results JSON (beside it), without running",
    )
    .option(
      "--only <fragments...>",
      "only problems whose id or label contains one of these (e.g. dense-100000, iris)",
    )
    .option("--no-peers", "descent only: leave out TF.js, ml.js and scikit-learn")
    .option("--out <dir>", "where results and reports go", DEFAULT_RESULTS_DIR)
    .option(
      "--cache <dir>",
      "where generated problems, f* and the roofline binary are cached",
      DEFAULT_CACHE_DIR,
    )
    .addOption(new Option("--python <path>", "the Python with scikit-learn").default(DEFAULT_PYTHON))
    .option("--no-progress", "no progress bar or lines")
    .option(
      "--duckdb",
      "only the DuckDB group: a Parquet file read through @descent/duckdb beside the same data in memory",
      false,
    )
    .option(
      "--threads <n>",
      "worker threads for descent's fits on large X (dense or CSR); default: every core, as scikit-learn's BLAS uses",
      String(availableParallelism()),
    )
    .showHelpAfterError();
  program.parse();
  const options = program.opts<CliOptions>();

  if (options.render !== undefined) {
    const written = renderReports(fromUserDirectory(options.render), readResultsFile(options.render));
    process.stdout.write(`Reports: ${written.markdown}\n         ${written.html}\n`);
    return;
  }
  if (options.against !== undefined) {
    if (options.compare === undefined) program.error("--against needs --compare <file>.");
    const rows = compareResults(readResultsFile(options.compare!), readResultsFile(options.against));
    process.stdout.write(`${textTable(comparisonTable(rows))}\n`);
    return;
  }
  if (options.duckdb) {
    await runDuckdbCommand({ ...options, threads: parseThreads(options.threads, program) });
    return;
  }
  const before = options.compare === undefined ? null : readResultsFile(options.compare);

  const progress = options.progress ? createProgress() : silentProgress;
  let results: Awaited<ReturnType<typeof runBench>>;
  try {
    results = await runBench({
      plan: benchPlan(options.full ? "full" : "quick"),
      cacheDir: fromUserDirectory(options.cache),
      python: options.python,
      progress,
      ...(options.only === undefined ? {} : { only: options.only }),
      skipPeers: !options.peers,
      threads: parseThreads(options.threads, program),
    });
  } finally {
    progress.stop();
  }
  const comparison = before === null ? null : compareResults(before, results);
  const files = writeResults(fromUserDirectory(options.out), results, comparison);
  process.stdout.write(`${terminalReport(results)}\n`);
  if (comparison !== null) {
    process.stdout.write(`\nChanges since ${options.compare}\n${textTable(comparisonTable(comparison))}\n`);
  }
  process.stdout.write(`\nResults: ${files.json}\nReports: ${files.markdown}\n         ${files.html}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`descent-bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
