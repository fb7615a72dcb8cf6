import {
  addDecayedWeights,
  chain,
  checkBooleanOption,
  checkNumberOption,
  checkOptionNames,
  describeLearningRate,
  type GradientTransformation,
  gradientTransformationOptimizer,
  type LearningRate,
  type Optimizer,
  proximal,
  type StepCountState,
  scaleByLearningRate,
  toSchedule,
} from "@descent/core";
import { type ScaleByAdamState, scaleByAdam } from "./scaleByAdam.js";

export interface AdamOptions {
  /** α: a positive number, or a schedule of the step count (see the schedules in @descent/core). Default 1e-3. */
  readonly learningRate?: LearningRate;
  /** β₁, the decay of the first-moment average, in [0, 1). Default 0.9. */
  readonly beta1?: number;
  /** β₂, the decay of the second-moment average, in [0, 1). Default 0.999. */
  readonly beta2?: number;
  /** ε > 0, added to √v̂ (outside the square root, as PyTorch and optax). Default 1e-8. */
  readonly epsilon?: number;
  /** λ ≥ 0, the weight decay: coupled (added to g) or, with `decoupled`, AdamW's. Default 0 (adamw: 1e-2). */
  readonly weightDecay?: number;
  /** AdamW: θ ← θ − α λ θ beside the Adam step, instead of adding λθ to the gradient. Default false. */
  readonly decoupled?: boolean;
  /** AMSGrad: divide by the running maximum of v. Default false. */
  readonly amsgrad?: boolean;
}

export type AdamWOptions = Omit<AdamOptions, "decoupled">;

/**
 * The state: one slot per transformation of the chain. Coupled and decoupled weight decay each have a
 * slot (the unused one adds nothing), so Adam and AdamW checkpoints have the same shape.
 */
export type AdamState = [
  coupledDecay: null,
  moments: ScaleByAdamState,
  decoupledDecay: null,
  learningRate: StepCountState,
  proximal: StepCountState,
];

/**
 * Adam (Kingma & Ba, 2015) with PyTorch's update, optionally AdamW's decoupled weight decay and AMSGrad:
 *
 *     g_t ← ∇f(θ_t) + λ θ_t                      (coupled weight decay only)
 *     m_t = β₁ m_{t−1} + (1 − β₁) g_t,   v_t = β₂ v_{t−1} + (1 − β₂) g_t²
 *     (AMSGrad: v_t ← max(v_{t−1}, v_t))
 *     m̂_t = m_t / (1 − β₁^t),   v̂_t = v_t / (1 − β₂^t)
 *     θ_{t+1} = θ_t − α_t · (m̂_t / (√v̂_t + ε) + λ θ_t)   (the λθ_t term with decoupled weight decay only)
 *
 * With an L1 penalty λ1 on the objective, a preconditioned proximal step follows, in Adam's own metric
 * diag(d_t)/α_t with d_t = √v̂_t + ε (the penalized coordinates only):
 *
 *     θ_{t+1,j} ← sign(θ_{t+1,j}) · max(|θ_{t+1,j}| − α_t λ1 / d_{t,j}, 0)
 *
 * Its fixed points are exactly the minimizers of F = f + λ1‖w‖₁ (as for any positive diagonal metric),
 * and zeros are exact.
 */
export function adam(options: AdamOptions = {}): Optimizer<AdamState> {
  checkOptionNames("adam()", options, [
    "learningRate",
    "beta1",
    "beta2",
    "epsilon",
    "weightDecay",
    "decoupled",
    "amsgrad",
  ]);
  const learningRate = options.learningRate ?? 1e-3;
  const schedule = toSchedule(learningRate, "adam learningRate");
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const amsgrad = options.amsgrad ?? false;
  const moments = scaleByAdam({ beta1, beta2, epsilon, amsgrad });
  const weightDecay = checkNumberOption("adam weightDecay", options.weightDecay ?? 0, { min: 0 });
  const decoupled = checkBooleanOption("adam decoupled", options.decoupled ?? false);
  const transform: GradientTransformation<AdamState> = chain(
    addDecayedWeights(decoupled ? 0 : weightDecay),
    moments,
    addDecayedWeights(decoupled ? weightDecay : 0),
    scaleByLearningRate(schedule),
    proximal(schedule),
  );
  return gradientTransformationOptimizer(
    decoupled ? "adamw" : "adam",
    transform,
    {
      learningRate: describeLearningRate(learningRate),
      beta1,
      beta2,
      epsilon,
      weightDecay,
      decoupled,
      amsgrad,
    },
    { l1: true },
    preconditionerOf,
  );
}

/**
 * AdamW (Loshchilov & Hutter, 2019): `adam` with decoupled weight decay, λ = 1e-2 by default as in
 * PyTorch's `torch.optim.AdamW`.
 */
export function adamw(options: AdamWOptions = {}): Optimizer<AdamState> {
  return adam({ ...options, weightDecay: options.weightDecay ?? 1e-2, decoupled: true });
}

/** The denominator d_t = √v̂_t + ε that scaleByAdam keeps: the metric of the proximal step. */
function preconditionerOf(state: AdamState): Float64Array {
  return state[1].denominator;
}
