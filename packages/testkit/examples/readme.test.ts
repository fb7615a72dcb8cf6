import { gradientTransformationOptimizer, scaleByLearningRate, toSchedule } from "@descent/core";
import { describeOptimizerConformance } from "@descent/testkit";

// Your optimizer's factory; here, plain gradient descent built from core's transforms.
const gradientDescent = (options: { learningRate?: number } = {}) =>
  gradientTransformationOptimizer("gd", scaleByLearningRate(toSchedule(options.learningRate ?? 0.15)), {
    learningRate: options.learningRate ?? 0.15,
  });

// In the optimizer package's test file: one call registers the whole suite with vitest.
describeOptimizerConformance({
  name: "gradient descent",
  factory: gradientDescent,
  quadratic: { maxIter: 400, tolerance: 1e-20 },
  breastCancer: { options: { learningRate: 2 }, maxIter: 6000, tolerance: 1e-6 },
  minibatch: { options: { learningRate: 0.5 }, batchSize: 32 },
  invalidOptions: [{ learningRate: -1 }, { learningRate: 0 }],
});
