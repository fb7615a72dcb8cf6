export type { KernelWorkers, ObjectiveThreadPool } from "../objectiveThreadPool.js";
export { createThreadPool, startThreadPool } from "./nodeThreadPool.js";
export type { ThreadPool, ThreadPoolOptions } from "./threadPoolContract.js";
