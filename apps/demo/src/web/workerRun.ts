import type { LossPoint } from "../shared/steppedRun.js";
import type { FromFitWorker, RunSnapshot, StartFit } from "./fitProtocol.js";

/**
 * The page's handle on one run in its own Web Worker. It keeps at most one request in flight, so the
 * page's speed setting (steps per frame) paces the run and a slow step never queues up more work.
 */
export class WorkerRun {
  private readonly worker: Worker;
  private waiting = true;
  private terminated = false;
  /** The latest snapshot; null until the worker has evaluated the starting point. */
  snapshot: RunSnapshot | null = null;
  /** Every whole-data loss so far, from iteration 0. */
  readonly losses: LossPoint[] = [];
  /** Set when the worker refused the run (or failed); the run is then over. */
  error: string | null = null;

  constructor(start: StartFit, onUpdate: () => void) {
    this.worker = new Worker(new URL("./fitWorker.ts", import.meta.url), { type: "module" });
    this.worker.addEventListener("message", (event: MessageEvent<FromFitWorker>) => {
      this.waiting = false;
      const reply = event.data;
      if (reply.type === "error") {
        this.error = reply.message;
        this.terminate();
      } else {
        this.snapshot = reply.snapshot;
        for (const point of reply.snapshot.newLosses) this.losses.push(point);
        if (reply.snapshot.done) this.terminate();
      }
      onUpdate();
    });
    this.worker.addEventListener("error", (event) => {
      this.error = `The run's worker failed: ${event.message || "it could not start"}.`;
      this.terminate();
      onUpdate();
    });
    this.worker.postMessage(start);
  }

  /** True once it converged, stopped, or failed: nothing more will come. */
  get finished(): boolean {
    return this.error !== null || this.snapshot?.done === true;
  }

  /** True when the page ended it before it finished (Stop). */
  get stopped(): boolean {
    return this.terminated && !this.finished;
  }

  /** Asks for up to `steps` more iterations, unless an answer is still awaited or the run is over. */
  advance(steps: number): void {
    if (this.waiting || this.finished) return;
    this.waiting = true;
    this.worker.postMessage({ type: "advance", steps });
  }

  /** Ends the worker at once, even in the middle of a step; the last snapshot stays for the page. */
  terminate(): void {
    this.terminated = true;
    this.worker.terminate();
  }
}
