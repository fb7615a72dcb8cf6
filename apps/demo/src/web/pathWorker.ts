import type { ComputePath } from "./pathProtocol.js";
import { handlePathMessage } from "./pathSession.js";

/**
 * The regularization path's Web Worker: the 20 fits (and, with cross-validation, k more paths) run here,
 * so the page stays responsive. Messages are copied, never transferred (see fitWorker.ts).
 */
self.addEventListener("message", (event: MessageEvent<ComputePath>) => {
  self.postMessage(handlePathMessage(event.data));
});
