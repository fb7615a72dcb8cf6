/** The harness in a Web Worker: runs once and posts its result to the page. */
import { runThreaded } from "./page.js";

const scope = globalThis as unknown as { postMessage(message: unknown): void };
runThreaded({ fit: false }).then(
  (run) => scope.postMessage({ run }),
  (error: unknown) => scope.postMessage({ error: String(error) }),
);
