export type { KernelWorkers, ObjectiveThreadPool } from "../kernels/threadPool.js";
export { createThreadPool, startThreadPool } from "./threadPool.js";
export type { ThreadPool, ThreadPoolOptions } from "./threadPoolContract.js";
