export { type CreateCsrMatrixOptions, createCsrMatrix, KernelCsrMatrix } from "./csrStorage.js";
export { type CreateDenseMatrixOptions, createDenseMatrix, KernelDenseMatrix } from "./denseStorage.js";
export type { KernelLogisticObjective } from "./kernelLogisticObjective.js";
export type { StoragePrecision } from "./kernelMemory.js";
export type { KernelMultinomialObjective } from "./kernelMultinomialObjective.js";
export { type KernelsOptions, kernels } from "./kernelsBackend.js";
export type { KernelWorkers, ObjectiveThreadPool } from "./objectiveThreadPool.js";
export type { ThreadsOption } from "./threadProvider.js";
export {
  type ColumnsHessianKernel,
  type ColumnsHessianVectorProductKernel,
  type ColumnsLossAndGradientKernel,
  hasWebAssemblySimd,
  kernelModule,
  type LogisticKernels,
} from "./webAssembly.js";
