import type { Optimizer, OptimizerRequirements } from "./optimizer.js";
import type { Schedule } from "./schedules.js";

/**
 * optax's GradientTransformation, in place: `update` turns the gradient in `updates` into the step to
 * add to θ, reading and advancing `state`. First-order optimizers are chains of these.
 */
export interface GradientTransformation<S = unknown> {
  init(dim: number): S;
  update(updates: Float64Array, state: S, params: Float64Array): void;
}

type StatesOf<T extends readonly GradientTransformation<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends GradientTransformation<infer S> ? S : never;
};

/** Applies transformations in order; the state is the tuple of their states. */
export function chain<T extends readonly GradientTransformation<unknown>[]>(
  ...transforms: T
): GradientTransformation<StatesOf<T>> {
  return {
    init: (dim) => transforms.map((t) => t.init(dim)) as StatesOf<T>,
    update(updates, state, params) {
      for (let k = 0; k < transforms.length; k++) transforms[k]!.update(updates, state[k], params);
    },
  };
}

export interface StepCountState {
  /** How many updates have been made: the t a schedule is evaluated at. */
  count: number;
}

/**
 * updates ← −η_t · updates. The one place where the sign turns a gradient into a descent direction.
 */
export function scaleByLearningRate(schedule: Schedule): GradientTransformation<StepCountState> {
  return {
    init: () => ({ count: 0 }),
    update(updates, state) {
      const factor = -schedule(state.count);
      for (let j = 0; j < updates.length; j++) updates[j] = updates[j]! * factor;
      state.count += 1;
    },
  };
}

/** updates ← updates + weightDecay · θ: coupled L2 before scaling, decoupled (AdamW) after it. */
export function addDecayedWeights(weightDecay: number): GradientTransformation<null> {
  return {
    init: () => null,
    update(updates, _state, params) {
      if (weightDecay === 0) return;
      for (let j = 0; j < updates.length; j++) updates[j] = updates[j]! + weightDecay * params[j]!;
    },
  };
}

export interface TraceState {
  /** The momentum buffer b. */
  trace: Float64Array;
  /** Whether b has been set; PyTorch starts it at the first gradient, undamped. */
  started: boolean;
}

export interface TraceOptions {
  /** μ, the momentum. */
  readonly decay: number;
  /** τ, the dampening: b ← μ b + (1 − τ) g after the first step. Default 0. */
  readonly dampening?: number;
  /** Nesterov: return g + μ b instead of b. Default false. */
  readonly nesterov?: boolean;
}

/**
 * The momentum buffer of PyTorch's SGD: b₁ = g₁, then b_t = μ b_{t−1} + (1 − τ) g_t; the update is b_t,
 * or g_t + μ b_t with Nesterov. With τ = 0 this is also optax's `trace`. With μ = 0 it is the identity,
 * as in PyTorch, which keeps no buffer then (so τ does not scale the steps).
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const decay = options.decay;
  const keep = 1 - (options.dampening ?? 0);
  const nesterov = options.nesterov ?? false;
  return {
    init: (dim) => ({ trace: new Float64Array(dim), started: false }),
    update(updates, state) {
      if (decay === 0) return;
      const buffer = state.trace;
      if (state.started) {
        for (let j = 0; j < updates.length; j++) buffer[j] = decay * buffer[j]! + keep * updates[j]!;
      } else {
        buffer.set(updates);
        state.started = true;
      }
      if (nesterov) {
        for (let j = 0; j < updates.length; j++) updates[j] = updates[j]! + decay * buffer[j]!;
      } else {
        updates.set(buffer);
      }
    },
  };
}

/**
 * The exponential moving average of a moment of the gradient, shared by Adam-style methods:
 * moment ← decay · moment + (1 − decay) · g^order, for order 1 (mean) or 2 (uncentered variance).
 */
export function updateMoment(
  moment: Float64Array,
  gradient: Float64Array,
  decay: number,
  order: 1 | 2,
): void {
  const keep = 1 - decay;
  if (order === 1) {
    for (let j = 0; j < moment.length; j++) moment[j] = decay * moment[j]! + keep * gradient[j]!;
  } else {
    for (let j = 0; j < moment.length; j++) {
      const g = gradient[j]!;
      moment[j] = decay * moment[j]! + keep * g * g;
    }
  }
}

/** 1 − decay^t, the factor that removes the bias of a moment average started at zero, after t updates. */
export function biasCorrection(decay: number, count: number): number {
  return 1 - decay ** count;
}

/**
 * A first-order optimizer from a gradient transformation: θ ← θ + update(∇f(θ)). The transformation must
 * include the learning rate (and so the sign), as optax's aliases do.
 */
export function gradientTransformationOptimizer<S>(
  name: string,
  transform: GradientTransformation<S>,
  hyperparameters: Optimizer["hyperparameters"],
  requires: OptimizerRequirements = {},
): Optimizer<S> {
  return {
    name,
    requires,
    hyperparameters,
    init: (dim) => transform.init(dim),
    step(theta, grad, _loss, state) {
      transform.update(grad, state, theta);
      for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! + grad[j]!;
      return undefined;
    },
  };
}
