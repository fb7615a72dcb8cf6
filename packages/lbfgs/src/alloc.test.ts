import { logisticObjective } from "@descent/core";
import { breastCancerProblems, measureAllocation } from "@descent/testkit";
import { it } from "vitest";
import { lbfgs } from "./lbfgs.js";
import { strongWolfeLineSearch } from "./lineSearch.js";

it("alloc probe", async () => {
  const problem = breastCancerProblems()[1]!;
  const objective = logisticObjective({ X: problem.X, y: problem.y, l2: problem.l2 });
  const optimizer = lbfgs();
  const state = optimizer.init(objective.dim);
  const start = new Float64Array(objective.dim);
  const startGradient = new Float64Array(objective.dim);
  let loss = objective.valueAndGradient(start, startGradient);
  for (let k = 0; k < 3; k++) loss = optimizer.step(start, startGradient, loss, state, objective)!;
  const theta = new Float64Array(objective.dim);
  const grad = new Float64Array(objective.dim);
  const direction = new Float64Array(objective.dim);
  for (let j = 0; j < direction.length; j++) direction[j] = -startGradient[j]! * 0.1;
  const settings = { c1: 1e-4, c2: 0.9, maxEvaluations: 20 };
  const record = { initialLoss: loss, initialSlope: -1, initialStep: 1, step: 0, loss: 0, evaluations: 0 };
  let s = 0;
  for (let j = 0; j < direction.length; j++) s += direction[j]! * startGradient[j]!;
  record.initialSlope = s;
  for (let r = 0; r < 2; r++) {
    console.log(
      "eval",
      await measureAllocation(() => {
        objective.valueAndGradient(theta, grad);
      }, 1000),
    );
    console.log(
      "ls",
      await measureAllocation(() => {
        strongWolfeLineSearch(objective, start, direction, theta, grad, settings, record);
      }, 1000),
      record.evaluations,
    );
    console.log(
      "step",
      await measureAllocation(() => {
        theta.set(start);
        grad.set(startGradient);
        optimizer.step(theta, grad, loss, state, objective);
      }, 1000),
    );
  }
});
