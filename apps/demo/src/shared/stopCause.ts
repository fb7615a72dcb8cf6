import type { StopReason } from "@descent/core";

/** Why a run stopped, in a few words for a table or a status line (the result's message has the numbers). */
export function stopCause(reason: StopReason, tol: number): string {
  switch (reason) {
    case "gradient-tolerance":
      return `‖∇f‖∞ ≤ ${tol}`;
    case "loss-tolerance":
      return "loss stopped changing";
    case "max-iterations":
      return "iteration limit";
    case "stalled":
      return "stalled (no step could lower the loss further: at its rounding or noise floor)";
    case "aborted":
      return "aborted";
    case "diverged":
      return "diverged (non-finite loss)";
  }
}
