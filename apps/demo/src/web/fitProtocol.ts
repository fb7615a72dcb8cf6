import type { Label, StopReason } from "@descent/core";
import type { Part } from "../shared/labelledData.js";
import type { SettingValues } from "../shared/optimizers.js";
import type { LossPoint, SteppedRunSettings } from "../shared/steppedRun.js";

/** The messages between the page and a fit's Web Worker (one worker per run). */

/** The page asks for a run: the optimizer by name and settings (functions cannot cross to a worker). */
export interface StartFit {
  readonly type: "start";
  readonly optimizer: string;
  readonly optimizerSettings: SettingValues;
  readonly settings: SteppedRunSettings;
  readonly train: Part<Label>;
  readonly test: Part<Label>;
  /** Where to evaluate the model for the picture, standardized as the training rows were. */
  readonly grid: { readonly data: Float64Array; readonly shape: readonly [number, number] };
}

/** The page asks for up to `steps` more iterations; the worker answers with one snapshot. */
export interface AdvanceFit {
  readonly type: "advance";
  readonly steps: number;
}

export type ToFitWorker = StartFit | AdvanceFit;

/** Where a run is, with everything the page draws, so that the page itself computes nothing heavy. */
export interface RunSnapshot {
  readonly optimizerName: string;
  /** The model's classes, sorted; column k of `gridProbabilities` is P(classes[k]). */
  readonly classes: readonly Label[];
  readonly iterations: number;
  readonly loss: number;
  readonly gradientNorm: number;
  readonly reason: StopReason;
  readonly converged: boolean;
  readonly done: boolean;
  /** Whole-data losses recorded since the previous snapshot (the first one starts at iteration 0). */
  readonly newLosses: readonly LossPoint[];
  readonly trainAccuracy: number;
  /** Null when nothing is held out. */
  readonly testAccuracy: number | null;
  /** Grid corners × classes, row-major. */
  readonly gridProbabilities: Float64Array;
  /** The weights W (rows × features, row-major; one row for two classes, K for more), intercepts apart. */
  readonly coefficients: Float64Array;
  /** How many of `coefficients` are exactly 0.0 (an L1 penalty's dropped features). */
  readonly zeroCoefficients: number;
}

export type FromFitWorker =
  | { readonly type: "snapshot"; readonly snapshot: RunSnapshot }
  | { readonly type: "error"; readonly message: string };
