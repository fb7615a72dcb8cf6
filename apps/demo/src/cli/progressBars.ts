import type { Progress } from "@descent/core";
import cliProgress from "cli-progress";

/** Reports training progress: one bar per optimizer, or nothing. */
export interface ProgressDisplay {
  /**
   * Starts a bar for one optimizer's run and returns the callback to pass as `fit`'s onProgress. With
   * `rowsPerPass` (a fit over a file, whose passes are what costs), the bar also shows the passes over the
   * data and the rows read per second.
   */
  start(name: string, maxIter: number, rowsPerPass?: number): ((progress: Progress) => void) | undefined;
  /** Ends the current bar (it is cleared, so the results table stands alone). */
  finish(): void;
}

/** Bars only where a person watches: stdout is a terminal and this is not CI. */
export function progressWanted(requested: boolean): boolean {
  return requested && process.stdout.isTTY === true && !process.env.CI;
}

const silent: ProgressDisplay = { start: () => undefined, finish() {} };

export function progressDisplay(enabled: boolean): ProgressDisplay {
  if (!enabled) return silent;
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(name, maxIter, rowsPerPass) {
      const throughput = rowsPerPass === undefined ? "" : " · {passes} passes · {rate} rows/s";
      bar = new cliProgress.SingleBar(
        {
          format: `{name} [{bar}] {value}/{total} iterations · loss {loss}${throughput}`,
          clearOnComplete: true,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      const current = bar;
      current.start(maxIter, 0, { name: name.padEnd(10), loss: "…", passes: 0, rate: "…" });
      const started = performance.now();
      return (progress) => {
        const seconds = (performance.now() - started) / 1000;
        const rate =
          rowsPerPass === undefined || seconds === 0 ? 0 : (progress.passes * rowsPerPass) / seconds;
        current.update(progress.iteration, {
          loss: progress.loss.toPrecision(5),
          passes: progress.passes,
          rate: Math.round(rate).toLocaleString("en-US"),
        });
      };
    },
    finish() {
      bar?.stop();
      bar = null;
    },
  };
}
