import { logisticObjective, type ObjectiveBackend } from "@descent/core";
import { largestCurvature } from "./curvature.js";
import type { Split } from "./problems.js";

/**
 * L for the multinomial loss: a bound on the largest eigenvalue of its Hessian anywhere. Böhning (1992):
 * diag(p) − p pᵀ ⪯ ½ (I − 1 1ᵀ/K) for every probability vector p, so ∇²f ⪯ ½ (X̃ᵀX̃/m) ⊗ I + λ I and
 * L ≤ ½ λmax(X̃ᵀX̃/m) + λ (x̃ = [x, 1]). Unlike the binary loss, θ = 0 is not where the curvature peaks
 * (there p is uniform and the factor is 1/K), so its Hessian would understate L.
 *
 * λmax(X̃ᵀX̃/m) comes from the binary logistic Hessian at θ = 0 on the same X, ¼ X̃ᵀX̃/m + λ diag(1, …, 1, 0),
 * whose labels do not enter it: power iteration on its products (largestCurvature) gives μ₀ with
 * ¼ λmax ≤ μ₀ ≤ ¼ λmax + λ, hence L ≤ 2 μ₀ + λ.
 */
export function multinomialCurvatureBound(split: Split, l2: number, backend?: ObjectiveBackend): number {
  // Any 0/1 labels: the Hessian at θ = 0 is σ′(0) X̃ᵀX̃/m = ¼ X̃ᵀX̃/m whatever they are.
  const labels = Float64Array.from({ length: split.y.length }, (_, i) => i & 1);
  const binary = logisticObjective({
    X: split.X,
    y: labels,
    l2,
    ...(backend === undefined ? {} : { backend }),
  });
  return 2 * largestCurvature(binary, 50) + l2;
}
