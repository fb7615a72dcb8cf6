import { DescentError, describeValue } from "./errors.js";
import { checkNumberOption } from "./options.js";

/**
 * A learning rate as a function of the step count t = 0, 1, 2, …, as in optax. `description` says what it
 * is, for reports and saved models.
 */
export interface Schedule {
  (step: number): number;
  readonly description: string;
}

/** What every optimizer accepts as a learning rate: a fixed positive number or a schedule. */
export type LearningRate = number | Schedule;

function named(description: string, fn: (step: number) => number): Schedule {
  return Object.assign(fn, { description }) as Schedule;
}

/** η_t = η. */
export function constantSchedule(value: number): Schedule {
  const rate = checkNumberOption("constantSchedule value", value, { min: 0, exclusiveMinimum: true });
  return named(`constant(${rate})`, () => rate);
}

/** η_t = η₀ / (t + 1)^power — scikit-learn's 'invscaling' (its t counts from 1). */
export function inverseScaling(options: { initial: number; power?: number }): Schedule {
  const initial = checkNumberOption("inverseScaling initial", options.initial, {
    min: 0,
    exclusiveMinimum: true,
  });
  const power = checkNumberOption("inverseScaling power", options.power ?? 0.5, { min: 0 });
  return named(`inverseScaling(initial=${initial}, power=${power})`, (t) => initial / (t + 1) ** power);
}

/** η_t = η₀ · factor^⌊t / every⌋: drop by `factor` every `every` steps (PyTorch's StepLR). */
export function stepDecay(options: { initial: number; factor?: number; every: number }): Schedule {
  const initial = checkNumberOption("stepDecay initial", options.initial, { min: 0, exclusiveMinimum: true });
  const factor = checkNumberOption("stepDecay factor", options.factor ?? 0.5, {
    min: 0,
    exclusiveMinimum: true,
    max: 1,
  });
  const every = checkNumberOption("stepDecay every", options.every, { min: 1, integer: true });
  return named(
    `stepDecay(initial=${initial}, factor=${factor}, every=${every})`,
    (t) => initial * factor ** Math.floor(t / every),
  );
}

/** η_t = η₀ · rate^(t / every): smooth exponential decay (optax's exponential_decay without staircase). */
export function exponentialDecay(options: { initial: number; rate: number; every?: number }): Schedule {
  const initial = checkNumberOption("exponentialDecay initial", options.initial, {
    min: 0,
    exclusiveMinimum: true,
  });
  const rate = checkNumberOption("exponentialDecay rate", options.rate, {
    min: 0,
    exclusiveMinimum: true,
    max: 1,
  });
  const every = checkNumberOption("exponentialDecay every", options.every ?? 1, {
    min: 0,
    exclusiveMinimum: true,
  });
  return named(
    `exponentialDecay(initial=${initial}, rate=${rate}, every=${every})`,
    (t) => initial * rate ** (t / every),
  );
}

/** η_t = final + (η₀ − final)(1 + cos(π min(t, steps) / steps)) / 2 (optax's cosine_decay_schedule). */
export function cosineDecay(options: { initial: number; steps: number; final?: number }): Schedule {
  const initial = checkNumberOption("cosineDecay initial", options.initial, {
    min: 0,
    exclusiveMinimum: true,
  });
  const steps = checkNumberOption("cosineDecay steps", options.steps, { min: 1, integer: true });
  const final = checkNumberOption("cosineDecay final", options.final ?? 0, { min: 0, max: initial });
  return named(
    `cosineDecay(initial=${initial}, steps=${steps}, final=${final})`,
    (t) => final + ((initial - final) * (1 + Math.cos((Math.PI * Math.min(t, steps)) / steps))) / 2,
  );
}

/** Turns a learning-rate option into a schedule, refusing anything but a positive number or a Schedule. */
export function toSchedule(learningRate: unknown, name = "learningRate"): Schedule {
  if (typeof learningRate === "function") {
    const description = (learningRate as Partial<Schedule>).description;
    return typeof description === "string"
      ? (learningRate as Schedule)
      : named("custom schedule", learningRate as (step: number) => number);
  }
  if (typeof learningRate === "number") {
    checkNumberOption(name, learningRate, { min: 0, exclusiveMinimum: true });
    return constantSchedule(learningRate);
  }
  throw new DescentError(
    "INVALID_OPTION",
    `${name} must be a positive number or a schedule, got ${describeValue(learningRate)}.`,
    { value: learningRate },
  );
}

/** A learning rate as plain data for reports and saved models: the number, or the schedule's description. */
export function describeLearningRate(learningRate: LearningRate): number | string {
  return typeof learningRate === "number" ? learningRate : learningRate.description;
}
