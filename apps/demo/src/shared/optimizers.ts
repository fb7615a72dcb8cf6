import { adam } from "@descent/adam";
import type { AnyOptimizer } from "@descent/core";
import { lbfgs } from "@descent/lbfgs";
import { momentum } from "@descent/momentum";
import { type NewtonMode, newton } from "@descent/newton";
import { sgd } from "@descent/sgd";

/** One setting of an optimizer, described once for the command line's flags and the web page's inputs. */
export interface NumberSetting {
  readonly kind: "number";
  /** The factory's option name, e.g. "learningRate". */
  readonly key: string;
  /** The command-line flag without dashes, e.g. "learning-rate". */
  readonly flag: string;
  /** For people: "learning rate η". */
  readonly label: string;
  /** The demo's choice: what works on standardized data. */
  readonly defaultValue: number;
  /** A sensible step for the web page's number input. */
  readonly step: number;
}

export interface BooleanSetting {
  readonly kind: "boolean";
  readonly key: string;
  readonly flag: string;
  readonly label: string;
  readonly defaultValue: boolean;
}

export interface ChoiceSetting {
  readonly kind: "choice";
  readonly key: string;
  readonly flag: string;
  readonly label: string;
  readonly choices: readonly string[];
  readonly defaultValue: string;
}

export type Setting = NumberSetting | BooleanSetting | ChoiceSetting;
export type SettingValue = number | boolean | string;
export type SettingValues = Readonly<Record<string, SettingValue>>;

/** An optimizer package as the demo offers it: a name, its main settings, and how to build it. */
export interface OptimizerChoice {
  readonly name: string;
  /** The npm package it comes from. */
  readonly packageName: string;
  readonly summary: string;
  readonly settings: readonly Setting[];
  /** Needs the full batch (its line search needs the true objective). */
  readonly fullBatchOnly: boolean;
  /** A fresh optimizer from the settings; the factory validates them and throws DescentError. */
  create(values: SettingValues): AnyOptimizer;
}

const learningRate = (defaultValue: number, step: number): NumberSetting => ({
  kind: "number",
  key: "learningRate",
  flag: "learning-rate",
  label: "learning rate η",
  defaultValue,
  step,
});

function numberValue(values: SettingValues, key: string): number {
  return values[key] as number;
}

function booleanValue(values: SettingValues, key: string): boolean {
  return values[key] as boolean;
}

function choiceValue<T extends string>(values: SettingValues, key: string): T {
  return values[key] as T;
}

/**
 * Every optimizer package the demo uses, in the order the table prints them. The learning rates are for
 * standardized features: there the logistic loss's curvature is at most L = ¼ λ_max(X̃ᵀX̃/m) + λ ≈ 3.3 on
 * the embedded data (σ(1 − σ) ≤ ¼), so gradient descent with η = 0.5 < 2/L decreases the loss at every
 * step; heavy-ball momentum is stable for η < 2(1 + μ)/L; Adam's steps are about η per coordinate.
 */
export const optimizerChoices: readonly OptimizerChoice[] = [
  {
    name: "sgd",
    packageName: "@descent/sgd",
    summary: "gradient descent: θ ← θ − η∇f",
    settings: [learningRate(0.5, 0.05)],
    fullBatchOnly: false,
    create: (values) => sgd({ learningRate: numberValue(values, "learningRate") }),
  },
  {
    name: "momentum",
    packageName: "@descent/momentum",
    summary: "heavy-ball or Nesterov momentum",
    settings: [
      learningRate(0.2, 0.01),
      {
        kind: "number",
        key: "momentum",
        flag: "momentum",
        label: "momentum μ",
        defaultValue: 0.9,
        step: 0.05,
      },
      { kind: "boolean", key: "nesterov", flag: "nesterov", label: "Nesterov", defaultValue: false },
    ],
    fullBatchOnly: false,
    create: (values) =>
      momentum({
        learningRate: numberValue(values, "learningRate"),
        momentum: numberValue(values, "momentum"),
        nesterov: booleanValue(values, "nesterov"),
      }),
  },
  {
    name: "adam",
    packageName: "@descent/adam",
    summary: "Adam: per-coordinate steps from moment estimates",
    settings: [
      learningRate(0.05, 0.005),
      { kind: "number", key: "beta1", flag: "beta1", label: "β₁", defaultValue: 0.9, step: 0.01 },
      { kind: "number", key: "beta2", flag: "beta2", label: "β₂", defaultValue: 0.999, step: 0.001 },
      { kind: "number", key: "epsilon", flag: "epsilon", label: "ε", defaultValue: 1e-8, step: 1e-8 },
    ],
    fullBatchOnly: false,
    create: (values) =>
      adam({
        learningRate: numberValue(values, "learningRate"),
        beta1: numberValue(values, "beta1"),
        beta2: numberValue(values, "beta2"),
        epsilon: numberValue(values, "epsilon"),
      }),
  },
  {
    name: "newton",
    packageName: "@descent/newton",
    summary: "Newton's method with a line search: solves ∇²f p = −∇f",
    settings: [
      {
        kind: "choice",
        key: "mode",
        flag: "newton-mode",
        label: "Newton system solver",
        choices: ["auto", "exact", "truncated"],
        defaultValue: "auto",
      },
    ],
    fullBatchOnly: true,
    create: (values) => newton({ mode: choiceValue<NewtonMode>(values, "mode") }),
  },
  {
    name: "lbfgs",
    packageName: "@descent/lbfgs",
    summary: "L-BFGS: a quasi-Newton method with a Wolfe line search",
    settings: [
      {
        kind: "number",
        key: "historySize",
        flag: "history-size",
        label: "history m (curvature pairs)",
        defaultValue: 10,
        step: 1,
      },
    ],
    fullBatchOnly: true,
    create: (values) => lbfgs({ historySize: numberValue(values, "historySize") }),
  },
];

export function findOptimizerChoice(name: string): OptimizerChoice | undefined {
  return optimizerChoices.find((choice) => choice.name === name);
}

/** The settings' defaults, overridden by `overrides` where given. */
export function settingValues(choice: OptimizerChoice, overrides: SettingValues = {}): SettingValues {
  const values: Record<string, SettingValue> = {};
  for (const setting of choice.settings) values[setting.key] = overrides[setting.key] ?? setting.defaultValue;
  return values;
}
