import { isDescentError, type Label } from "@descent/core";
import { findOptimizerChoice } from "../shared/optimizers.js";
import { SteppedRun } from "../shared/steppedRun.js";
import type { FromFitWorker, RunSnapshot, StartFit, ToFitWorker } from "./fitProtocol.js";
import { probabilityRows } from "./probabilities.js";

/**
 * One run as the worker holds it: a SteppedRun plus what the page needs to draw after each advance. Pure
 * (no worker API), so it is tested in Node; fitWorker.ts only connects it to messages.
 */
export class FitSession {
  private readonly run: SteppedRun<Label>;
  /** How many of run.losses the page has already been sent. */
  private sentLosses = 0;

  constructor(private readonly start: StartFit) {
    const choice = findOptimizerChoice(start.optimizer);
    if (choice === undefined) throw new Error(`There is no optimizer named "${start.optimizer}".`);
    this.run = new SteppedRun(choice.create(start.optimizerSettings), start.train, start.settings);
  }

  /** Up to `steps` more iterations (none once done), then where the run is. */
  advance(steps: number): RunSnapshot {
    this.run.advance(steps);
    return this.snapshot();
  }

  snapshot(): RunSnapshot {
    const { run, start } = this;
    const model = run.model();
    const classes = [...model.classes];
    const result = run.result;
    const newLosses = run.losses.slice(this.sentLosses);
    const coefficients = model.coef;
    let zeroCoefficients = 0;
    for (const weight of coefficients) if (weight === 0) zeroCoefficients++;
    this.sentLosses = run.losses.length;
    return {
      optimizerName: run.optimizerName,
      classes,
      iterations: result.iterations,
      loss: result.loss,
      gradientNorm: result.gradientNorm,
      reason: result.reason,
      converged: result.converged,
      done: run.done,
      newLosses,
      trainAccuracy: model.score(start.train.X, start.train.y),
      testAccuracy: start.test.y.length === 0 ? null : model.score(start.test.X, start.test.y),
      gridProbabilities: probabilityRows(model.predictProba(start.grid), start.grid.shape[0], classes.length),
      coefficients,
      zeroCoefficients,
    };
  }
}

/**
 * Answers one message: a start makes the session (and answers with its first snapshot, iteration 0), an
 * advance moves it. Refusals (an option out of range, one class only…) come back as an error message.
 */
export function handleFitMessage(
  session: FitSession | null,
  message: ToFitWorker,
): { session: FitSession | null; reply: FromFitWorker } {
  try {
    if (message.type === "start") {
      const started = new FitSession(message);
      return { session: started, reply: { type: "snapshot", snapshot: started.snapshot() } };
    }
    if (session === null) throw new Error("The run was asked to advance before it started.");
    return { session, reply: { type: "snapshot", snapshot: session.advance(message.steps) } };
  } catch (error) {
    const text = isDescentError(error) || error instanceof Error ? error.message : String(error);
    return { session, reply: { type: "error", message: text } };
  }
}
