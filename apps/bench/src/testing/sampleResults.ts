import type { BenchResults, ProblemResult, RunResult } from "../results.js";

/**
 * A small, hand-made results object for the report and compare tests: one problem, a descent run
 * that reaches every target, a peer that reaches only 1e-4, and a failed run.
 */
export function sampleRun(
  overrides: Partial<RunResult> & Pick<RunResult, "id" | "library" | "label">,
): RunResult {
  const summary = (median: number) => ({
    median,
    min: median * 0.9,
    max: median * 1.2,
    count: 3,
    reached: 3,
  });
  return {
    settings: { learningRate: 0.5, batch: "full" },
    status: "ok",
    note: null,
    repeats: 3,
    targets: [
      { target: 1e-4, seconds: summary(0.01), passes: summary(10) },
      { target: 1e-6, seconds: summary(0.02), passes: summary(20) },
      { target: 1e-8, seconds: summary(0.03), passes: summary(30) },
    ],
    bestGap: 5e-9,
    seconds: { median: 0.03, min: 0.03, max: 0.04, count: 3 },
    testAccuracy: 0.95,
    memory: { peakBytes: 12e6, baselineBytes: 40e6, heapUsedBytes: 5e6, externalBytes: 1e6 },
    trace: {
      seconds: [0, 0.01, 0.02, 0.03],
      passes: [0, 10, 20, 30],
      loss: [Math.LN2, 0.50005, 0.5000005, 0.500000002],
    },
    ...overrides,
  };
}

export function sampleProblem(overrides: Partial<ProblemResult> = {}): ProblemResult {
  return {
    id: "dense-100000x100",
    label: "dense 100k×100",
    kind: "dense",
    rows: 100_000,
    columns: 100,
    nonZeros: 10_000_000,
    testRows: 20_000,
    l2: 1e-5,
    featureBytes: 80e6,
    optimum: {
      f: 0.5,
      gradientNorm: 1e-16,
      method: "newton-cholesky (6 iterations)",
      lipschitz: 0.27,
      strongConvexity: 0.06,
      strongConvexityExact: true,
      testAccuracy: 0.81,
      cached: true,
    },
    runs: [
      sampleRun({ id: "descent/newton", library: "descent", label: "newton (auto)" }),
      sampleRun({
        id: "tfjs/adam",
        library: "tfjs",
        label: "TF.js adam <fast?>",
        targets: [
          {
            target: 1e-4,
            seconds: { median: 2, min: 2, max: 2, count: 1, reached: 1 },
            passes: { median: 900, min: 900, max: 900, count: 1, reached: 1 },
          },
          { target: 1e-6, seconds: null, passes: null },
          { target: 1e-8, seconds: null, passes: null },
        ],
        bestGap: 3e-5,
        seconds: { median: 4, min: 4, max: 4, count: 1 },
        trace: { seconds: [0, 2, 4], passes: [0, 900, 1800], loss: [Math.LN2, 0.50004, 0.500015] },
      }),
      sampleRun({
        id: "scikit-learn/lbfgs",
        library: "scikit-learn",
        label: "scikit-learn lbfgs",
        targets: [
          {
            target: 1e-4,
            seconds: { median: 0.05, min: 0.05, max: 0.05, count: 1, reached: 1 },
            passes: null,
          },
          {
            target: 1e-6,
            seconds: { median: 0.08, min: 0.08, max: 0.08, count: 1, reached: 1 },
            passes: null,
          },
          {
            target: 1e-8,
            seconds: { median: 0.12, min: 0.12, max: 0.12, count: 1, reached: 1 },
            passes: null,
          },
        ],
        trace: {
          seconds: [0, 0.05, 0.08, 0.12],
          passes: [0, null, null, null],
          loss: [Math.LN2, 0.50004, 0.5000004, 0.500000004],
        },
      }),
      {
        ...sampleRun({ id: "descent/adam", library: "descent", label: "adam" }),
        status: "failed",
        note: "exited with 1",
        trace: null,
      },
    ],
    kernels: [
      {
        variant: "default (kernels)",
        featureBytes: 80e6,
        timings: [
          { name: "valueAndGradient", seconds: { median: 0.02, min: 0.019, max: 0.03, count: 10 } },
          { name: "hessianVectorProduct", seconds: { median: 0.021, min: 0.02, max: 0.03, count: 10 } },
        ],
        gradientBandwidth: 4e9,
        rooflineFraction: 0.5,
        threads: 1,
        notes: [],
      },
      {
        variant: "wasm, 2 threads",
        featureBytes: 80e6,
        timings: [
          { name: "valueAndGradient", seconds: { median: 0.011, min: 0.01, max: 0.015, count: 10 } },
          { name: "hessianVectorProduct", seconds: { median: 0.012, min: 0.011, max: 0.016, count: 10 } },
        ],
        gradientBandwidth: 80e6 / 0.011,
        rooflineFraction: 80e6 / 0.011 / 16e9,
        threads: 2,
        notes: [],
      },
    ],
    ...overrides,
  };
}

export function sampleResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    format: "descent-bench/1",
    startedAt: "2025-06-01T12:00:00.000Z",
    mode: "quick",
    machine: {
      cpu: "Test CPU",
      cores: 2,
      memoryBytes: 24e9,
      node: "v20.0.0",
      platform: "linux x64",
      loadAverage: { start: 0.2, end: 0.3 },
      python: "/usr/bin/python3",
      sklearn: "1.2.1",
      tfjs: "4.22.0",
    },
    targets: [1e-4, 1e-6, 1e-8],
    roofline: {
      method: "cc -O3 -march=native (native/stream.c)",
      bytesPerSecond: { median: 8e9, min: 7e9, max: 9e9, count: 3 },
      samples: [7e9, 8e9, 9e9],
      arrayBytes: 268435456,
      threads: 1,
    },
    rooflineAllCores: {
      method: "cc -O3 -march=native (native/stream.c)",
      bytesPerSecond: { median: 16e9, min: 14e9, max: 17e9, count: 3 },
      samples: [14e9, 16e9, 17e9],
      arrayBytes: 268435456,
      threads: 2,
    },
    wasmReadLoop: {
      method: "WebAssembly SIMD read loop (16-byte loads)",
      bytesPerSecond: { median: 6e9, min: 5.5e9, max: 6.5e9, count: 3 },
      samples: [5.5e9, 6e9, 6.5e9],
      arrayBytes: 268435456,
      threads: 1,
    },
    problems: [sampleProblem()],
    processTiming: {
      descentProgram: "node dist/processFit/newton.js: load descent, fit, print",
      descent: { median: 0.1, min: 0.09, max: 0.12, count: 3 },
      nodeFloor: { median: 0.07, min: 0.065, max: 0.08, count: 3 },
      python: { median: 1, min: 0.9, max: 1.1, count: 3 },
      pythonProgram: "python3 python/process_fit.py",
      ratio: 0.1,
      note: "Node v20.0.0 has no module compile cache (Node ≥ 22.1): every run compiles descent's modules anew.",
    },
    notes: ["@descent/lbfgs: skipped, not installed, or not built (no dist)."],
    seconds: 100,
    ...overrides,
  };
}
