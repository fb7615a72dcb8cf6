import cliProgress from "cli-progress";

/** Tells the person waiting what the bench is doing: a bar on a terminal, plain lines otherwise. */
export interface ProgressReporter {
  /** Adds tasks to the total (it is known problem by problem, as optimizers are discovered). */
  addTasks(count: number): void;
  /** A task starts: shown next to the bar. */
  start(task: string): void;
  /** The current task is done. */
  done(): void;
  /** A line that must be seen (a warning), printed above the bar. */
  log(line: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return plainProgress(stream);
  const bar = new cliProgress.SingleBar(
    {
      format: "{bar} {value}/{total} | {elapsed}s | {task}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      stream,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let total = 0;
  let value = 0;
  bar.start(0, 0, { task: "starting", elapsed: 0 });
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  // The elapsed time moves while a long task runs.
  const ticker = setInterval(() => bar.update({ elapsed: elapsed() }), 1000);
  ticker.unref();
  return {
    addTasks(count) {
      total += count;
      bar.setTotal(total);
    },
    start(task) {
      bar.update(value, { task, elapsed: elapsed() });
    },
    done() {
      value += 1;
      bar.update(value, { elapsed: elapsed() });
    },
    log(line) {
      // cli-progress redraws on the next update; a cleared line keeps the two from mixing.
      stream.write(`\r\x1b[K${line}\n`);
      bar.update(value, { elapsed: elapsed() });
    },
    stop() {
      clearInterval(ticker);
      bar.stop();
    },
  };
}

function plainProgress(stream: NodeJS.WriteStream): ProgressReporter {
  let total = 0;
  let value = 0;
  const started = Date.now();
  return {
    addTasks(count) {
      total += count;
    },
    start(task) {
      stream.write(`[${value + 1}/${total} ${Math.round((Date.now() - started) / 1000)}s] ${task}\n`);
    },
    done() {
      value += 1;
    },
    log(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}

/** For tests and --quiet: says nothing. */
export const silentProgress: ProgressReporter = {
  addTasks() {},
  start() {},
  done() {},
  log() {},
  stop() {},
};
