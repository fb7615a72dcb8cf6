import { DescentError } from "./errors.js";
import { l1Strength, type Objective, penalizedCountOf } from "./objective.js";
import type { Optimizer, OptimizerRequirements } from "./optimizer.js";
import type { Schedule } from "./schedules.js";
import { softThresholdNdarray, softThresholdPreconditioned } from "./softThreshold.js";

/**
 * What a transformation may read besides the gradient, like optax's `GradientTransformationExtraArgs`:
 * the objective being minimized (for its `l1` and `penalizedCount`), and the diagonal preconditioner d of
 * the step, when the chain scales the gradient per coordinate (Adam's √v̂ + ε), for a proximal step in
 * that metric.
 */
export interface UpdateExtras {
  objective?: Objective;
  preconditioner?: Float64Array;
}

/**
 * optax's GradientTransformation, in place: `update` turns the gradient in `updates` into the step to
 * add to θ, reading and advancing `state`. First-order optimizers are chains of these.
 */
export interface GradientTransformation<S = unknown> {
  init(dim: number): S;
  update(updates: Float64Array, state: S, params: Float64Array, extras?: UpdateExtras): void;
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
    update(updates, state, params, extras) {
      for (let k = 0; k < transforms.length; k++) transforms[k]!.update(updates, state[k], params, extras);
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
 * The proximal step of λ1 Σ_{j<p} |θ_j| after any first-order update u (proximal gradient descent; Combettes
 * & Wajs 2005), in the form of an update:
 *
 *     z = θ + u,   θ₊_j = sign(z_j) · max(|z_j| − η_t λ1 / d_j, 0)  (j < p),   θ₊_j = z_j  (j ≥ p),
 *     u ← θ₊ − θ
 *
 * with η_t the learning rate at the update's count (the same schedule as `scaleByLearningRate`), λ1 and p
 * from `extras.objective` (`l1`, `penalizedCount`), and d = `extras.preconditioner`, or 1 without one.
 * Chain it after the learning rate: `chain(scaleByLearningRate(η), proximal(η))`. With λ1 = 0 it is the
 * identity. θ + u lands on exactly 0 where the threshold zeroes a coordinate, since θ_j + (0 − θ_j) = 0 in
 * floating point.
 */
export function proximal(schedule: Schedule): GradientTransformation<StepCountState> {
  return {
    init: () => ({ count: 0 }),
    update(updates, state, params, extras) {
      const objective = extras?.objective;
      const l1 = objective === undefined ? 0 : l1Strength(objective);
      // A state saved before this transformation joined its chain has no slot for it: harmless without
      // L1 (an L2 run resumes), refused with it.
      if (state === undefined) {
        if (l1 === 0) return;
        throw new DescentError(
          "INVALID_STATE",
          "This state has no slot for the proximal step (saved by a version without L1 support); start a new run for an L1 objective.",
        );
      }
      const rate = schedule(state.count);
      state.count += 1;
      if (objective === undefined || l1 === 0) return;
      const threshold = rate * l1;
      const preconditioner = extras?.preconditioner;
      const penalized = penalizedCountOf(objective);
      // z = θ + u on the penalized coordinates, thresholded in place by the kernel, then back to an update.
      for (let j = 0; j < penalized; j++) updates[j] = params[j]! + updates[j]!;
      if (preconditioner === undefined) softThresholdNdarray(penalized, threshold, updates, 1, 0);
      else softThresholdPreconditioned(penalized, threshold, preconditioner, updates);
      for (let j = 0; j < penalized; j++) updates[j] = updates[j]! - params[j]!;
    },
  };
}

/**
 * A first-order optimizer from a gradient transformation: θ ← θ + update(∇f(θ)). The transformation must
 * include the learning rate (and so the sign), as optax's aliases do. The transformation sees the
 * objective (and, from `preconditionerOf`, a per-coordinate preconditioner kept in its state) through
 * `UpdateExtras`; a chain that ends with `proximal` handles l1, which `requires.l1` should then declare.
 */
export function gradientTransformationOptimizer<S>(
  name: string,
  transform: GradientTransformation<S>,
  hyperparameters: Optimizer["hyperparameters"],
  requires: OptimizerRequirements = {},
  preconditionerOf?: (state: S) => Float64Array,
): Optimizer<S> {
  // Reused by every step, so that passing the objective allocates nothing.
  const extras: UpdateExtras = {};
  return {
    name,
    requires,
    hyperparameters,
    init: (dim) => transform.init(dim),
    step(theta, grad, _loss, state, objective) {
      extras.objective = objective;
      if (preconditionerOf !== undefined) extras.preconditioner = preconditionerOf(state);
      transform.update(grad, state, theta, extras);
      extras.objective = undefined;
      for (let j = 0; j < theta.length; j++) theta[j] = theta[j]! + grad[j]!;
      return undefined;
    },
  };
}
