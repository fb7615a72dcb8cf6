import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { problemObjective } from "../problemObjective.js";
import { buildProblem, type DenseFeatures } from "../problems.js";
import { softmaxModel } from "./tfjsSoftmax.js";

describe("TF.js's softmax layer", () => {
  it("trains descent's multinomial objective: same loss at the same weights, read back in descent's layout", async () => {
    await tf.setBackend("cpu");
    const problem = buildProblem({
      kind: "multiclass-dense",
      rows: 400,
      columns: 6,
      classes: 4,
      testRows: 10,
      seed: 31,
    });
    const X = problem.train.X as DenseFeatures;
    const model = softmaxModel(4)(tf, X, problem.train.y, 0.05);
    const [W, b] = model.variables as [tf.Variable, tf.Variable];
    // Weights with every entry distinct, so that a transposed read would show.
    W.assign(
      tf.tensor2d(
        Float32Array.from({ length: 24 }, (_, i) => Math.sin(i + 1) / 2),
        [6, 4],
      ),
    );
    b.assign(tf.tensor1d([0.3, -0.1, 0.05, -0.25]));
    const theta = new Float64Array(4 * 7);
    model.readTheta(theta);
    // W_kj of descent's θ is TF.js's W[j][k].
    expect(theta[1 * 6 + 2]).toBe(Math.fround(Math.sin(2 * 4 + 1 + 1) / 2));
    expect(theta[4 * 6 + 3]).toBe(Math.fround(-0.25));
    const objective = problemObjective(problem.train, 0.05, 4);
    const tfLoss = model.loss().dataSync()[0]!;
    // TF.js sums in float32: agreement to its rounding, about 1e-7 relative per term.
    expect(Math.abs(tfLoss - objective.value(theta)) / objective.value(theta)).toBeLessThan(1e-5);
    tf.dispose(model.tensors);
  });
});
