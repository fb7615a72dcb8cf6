export type { KernelWorkers, ObjectiveThreadPool } from "../kernels/threadPool.js";
export { createThreadPool, startThreadPool } from "./browserThreadPool.js";
export type { ThreadPool, ThreadPoolOptions } from "./threadPoolContract.js";
