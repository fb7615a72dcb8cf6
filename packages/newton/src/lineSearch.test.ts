import type { Objective } from "@descent/core";
import { describe, expect, it } from "vitest";
import { backtrackingLineSearch, createLineSearchWorkspace } from "./lineSearch.js";

/** f(θ) = ½‖θ‖², counting gradient evaluations. */
function halfSquaredNorm(): Objective & { evaluations: number } {
  return {
    dim: 1,
    evaluations: 0,
    value: (theta) => 0.5 * theta[0]! * theta[0]!,
    valueAndGradient(theta, grad) {
      this.evaluations += 1;
      grad[0] = theta[0]!;
      return 0.5 * theta[0]! * theta[0]!;
    },
  };
}

const settings = { c1: 1e-4, backtrackFactor: 0.5, maxSteps: 50 };

describe("backtrackingLineSearch", () => {
  it("takes the full step t = 1 when it satisfies the Armijo condition", () => {
    const objective = halfSquaredNorm();
    const workspace = createLineSearchWorkspace(1);
    const theta = Float64Array.of(2);
    const grad = Float64Array.of(2);
    // The Newton step p = −2 lands on the minimizer.
    const loss = backtrackingLineSearch(
      objective,
      theta,
      grad,
      2,
      Float64Array.of(-2),
      -4,
      workspace,
      settings,
    );
    expect([loss, theta[0], grad[0], workspace.stepLength, objective.evaluations]).toEqual([0, 0, 0, 1, 1]);
  });

  it("halves t until f(θ + t p) ≤ f(θ) + c₁ t gᵀp", () => {
    // θ = 1, p = −4, gᵀp = −4: t = 1 lands at −3 (f = 4.5 > 0.5 − 4e-4), t = ½ at −1 (f = 0.5 > 0.5 − 2e-4),
    // t = ¼ at 0 (f = 0 ≤ 0.5 − 1e-4): accepted at the third trial.
    const objective = halfSquaredNorm();
    const workspace = createLineSearchWorkspace(1);
    const theta = Float64Array.of(1);
    const grad = Float64Array.of(1);
    const loss = backtrackingLineSearch(
      objective,
      theta,
      grad,
      0.5,
      Float64Array.of(-4),
      -4,
      workspace,
      settings,
    );
    expect([loss, theta[0], grad[0], workspace.stepLength, objective.evaluations]).toEqual([
      0, 0, 0, 0.25, 3,
    ]);
  });

  it("on failure leaves θ, ∇f and the loss as they were, after maxSteps trials", () => {
    // At the minimizer every direction goes up: no t > 0 can satisfy f(t p) ≤ 0 + c₁ t (−1).
    const objective = halfSquaredNorm();
    const workspace = createLineSearchWorkspace(1);
    const theta = Float64Array.of(0);
    const grad = Float64Array.of(0);
    const loss = backtrackingLineSearch(objective, theta, grad, 0, Float64Array.of(1), -1, workspace, {
      ...settings,
      maxSteps: 7,
    });
    expect([loss, theta[0], grad[0], workspace.stepLength, workspace.failures]).toEqual([0, 0, 0, 0, 1]);
    expect(objective.evaluations).toBe(7);
  });

  it("gives up without evaluating once t p no longer changes θ in floating point", () => {
    // 1 + 1e-17 rounds to 1 (half an ulp of 1 is 1.1e-16): the first trial point is θ itself.
    const objective = halfSquaredNorm();
    const workspace = createLineSearchWorkspace(1);
    const theta = Float64Array.of(1);
    const grad = Float64Array.of(1);
    const loss = backtrackingLineSearch(
      objective,
      theta,
      grad,
      0.5,
      Float64Array.of(-1e-17),
      -1e-17,
      workspace,
      settings,
    );
    expect([loss, theta[0], grad[0], workspace.stepLength, workspace.failures]).toEqual([0.5, 1, 1, 0, 1]);
    expect(objective.evaluations).toBe(0);
  });

  it("below the rounding level of f, accepts a step that lowers ‖∇f‖₁", () => {
    // A loss that rounding has flattened: f is the same everywhere, so no step passes Armijo, but the
    // gradient θ shrinks along p.
    let evaluations = 0;
    const flat: Objective = {
      dim: 1,
      value: () => 1,
      valueAndGradient(theta, grad) {
        evaluations += 1;
        grad[0] = theta[0]!;
        return 1;
      },
    };
    const workspace = createLineSearchWorkspace(1);
    const theta = Float64Array.of(1e-9);
    const grad = Float64Array.of(1e-9);
    const loss = backtrackingLineSearch(
      flat,
      theta,
      grad,
      1,
      Float64Array.of(-1e-9),
      -1e-18,
      workspace,
      settings,
    );
    expect([loss, theta[0], grad[0], workspace.stepLength, evaluations]).toEqual([1, 0, 0, 1, 1]);
  });
});
