import type { ToFitWorker } from "./fitProtocol.js";
import { type FitSession, handleFitMessage } from "./fitSession.js";

/**
 * A fit's Web Worker: the optimizer steps, the scores and the grid's probabilities run here, so a long step
 * (a Newton solve, a pass over a large CSV) never blocks the page. Messages are copied, never transferred:
 * detaching an ArrayBuffer slows V8's typed-array loops for the rest of the process (see STYLE.md). Typed
 * with the DOM library (as the rest of the page): the calls used here have the same shape in a worker.
 */
let session: FitSession | null = null;

self.addEventListener("message", (event: MessageEvent<ToFitWorker>) => {
  const handled = handleFitMessage(session, event.data);
  session = handled.session;
  self.postMessage(handled.reply);
});
