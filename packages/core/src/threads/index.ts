export type { KernelWorkers, ObjectiveThreadPool } from "../kernels/threadPool.js";
export { createThreadPool, type ThreadPool, type ThreadPoolOptions } from "./threadPool.js";
