import { readFileSync } from "node:fs";
import { checkGradient, checkHessian, multinomialObjective } from "@descent/core";
import { wineProblems } from "@descent/datasets";
import { describe, expect, it } from "vitest";
import { measureAllocation } from "./allocation.js";
import { l1OptimalityViolation, l1QuadraticProblem } from "./l1Problems.js";
import { quadraticProblem } from "./quadratic.js";

describe("measureAllocation", () => {
  it("sees an allocation of a small buffer per run, and none where there is none", async () => {
    const sink: Float64Array[] = [];
    const buffer = new Float64Array(31);
    const allocating = await measureAllocation(() => {
      sink.push(new Float64Array(31));
    }, 1000);
    const inPlace = await measureAllocation(() => {
      for (let j = 0; j < buffer.length; j++) buffer[j] = buffer[j]! * 0.5 + 1;
    }, 1000);
    // The Float64Array's 248 bytes of data live outside V8's heap; its two objects alone take ~180 bytes.
    expect(allocating.bytesPerRepetition).toBeGreaterThan(100);
    expect(inPlace.bytesPerRepetition).toBeLessThan(8);
    expect(inPlace.collections).toBe(0);
  });
});

describe("quadraticProblem", () => {
  const { objective, minimizer } = quadraticProblem(6, 100);

  it("has its minimum 0 at θ*, and exact derivatives", () => {
    expect(objective.value(minimizer)).toBe(0);
    const theta = Float64Array.from({ length: 6 }, (_, j) => j - 2.5);
    expect(checkGradient(objective, theta).maxError).toBeLessThan(1e-7);
    expect(checkHessian(objective, theta).maxError).toBeLessThan(1e-7);
  });

  it("its minibatch form over all rows is the full objective", () => {
    const theta = Float64Array.from({ length: 6 }, (_, j) => Math.sin(j));
    const rows = Int32Array.from({ length: objective.examples }, (_, i) => i);
    const full = new Float64Array(6);
    const batch = new Float64Array(6);
    const value = objective.valueAndGradient(theta, full);
    expect(objective.valueAndGradientOnRows(theta, batch, rows, 0, rows.length)).toBeCloseTo(value, 12);
    expect(objective.valueOnRows(theta, rows, 0, rows.length)).toBeCloseTo(value, 12);
    for (let j = 0; j < 6; j++) expect(batch[j]).toBeCloseTo(full[j]!, 14);
  });
});

describe("l1QuadraticProblem", () => {
  const { objective, minimizer, optimum } = l1QuadraticProblem();

  it("has the documented sparse optimum, which meets the optimality conditions exactly", () => {
    expect(Array.from(minimizer.subarray(0, 9), (w) => w === 0)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(minimizer[9]).toBe(-1); // the unpenalized "intercept" keeps c₉ = −10/10
    expect(l1OptimalityViolation(objective, minimizer)).toBeLessThan(1e-15);
    expect(optimum).toBeGreaterThan(0);
  });

  it("is not optimal anywhere near but off θ*", () => {
    for (let j = 0; j < 10; j++) {
      const moved = new Float64Array(minimizer);
      moved[j] = moved[j]! + 1e-3;
      expect(l1OptimalityViolation(objective, moved)).toBeGreaterThan(5e-4);
    }
  });
});

describe("README", () => {
  it("shows examples/readme.test.ts verbatim (vitest runs that file as the suite's self-test)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const example = readFileSync(new URL("../examples/readme.test.ts", import.meta.url), "utf8");
    expect(readme).toContain(example.trim());
  });
});

describe("multinomialObjective (measured here, where measureAllocation lives)", () => {
  it("allocates nothing per call: value, gradient, minibatch rows, Hessian-vector product and Hessian", async () => {
    const problem = wineProblems()[0]!;
    const objective = multinomialObjective({
      X: problem.X,
      y: problem.y,
      classes: 3,
      l2: problem.l2,
    });
    const d = objective.dim;
    const theta = problem.theta.slice();
    const grad = new Float64Array(d);
    const product = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    const rows = Int32Array.from({ length: 32 }, (_, i) => (i * 7) % objective.examples);
    // The results go to a typed array: a `let` captured by the closure would box each double it is given.
    const sink = new Float64Array(4);
    const measurement = await measureAllocation(() => {
      // θ moves every round, so the Hessian-vector product cannot rely on probabilities cached by earlier rounds.
      theta[0]! += 1e-9;
      sink[0] = objective.value(theta);
      sink[1] = objective.valueOnRows(theta, rows, 0, rows.length);
      sink[2] = objective.valueAndGradientOnRows(theta, grad, rows, 0, rows.length);
      objective.hessianVectorProduct(theta, grad, product);
      sink[3] = objective.valueAndGradient(theta, grad);
      objective.hessianVectorProduct(theta, grad, product);
      objective.hessian(theta, hessian);
    }, 200);
    expect(sink.every(Number.isFinite)).toBe(true);
    expect(measurement.collections).toBe(0);
    // Any Float64Array would add ~180 bytes; what remains is a few doubles V8 may box on return (16 bytes each).
    expect(measurement.bytesPerRepetition).toBeLessThan(128);
  });
});
