/**
 * The page's entry: exposes the harness to the test (page.evaluate), and runs it in a Web Worker too, where
 * the caller may block in Atomics.wait instead of spinning.
 */
import { refusal, runThreaded, type ThreadedRun } from "./page.js";

interface WorkerLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string }) => void) | null;
  terminate(): void;
}

function runThreadedInWorker(): Promise<ThreadedRun> {
  const Worker = (globalThis as unknown as { Worker: new (url: URL, options: object) => WorkerLike }).Worker;
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      const reply = event.data as { run?: ThreadedRun; error?: string };
      if (reply.run !== undefined) resolve(reply.run);
      else reject(new Error(reply.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message ?? "the worker failed"));
    };
  });
}

(globalThis as { descentHarness?: unknown }).descentHarness = { runThreaded, runThreadedInWorker, refusal };
