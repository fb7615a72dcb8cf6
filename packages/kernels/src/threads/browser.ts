export type { KernelWorkers, ObjectiveThreadPool } from "../objectiveThreadPool.js";
export { createThreadPool, startThreadPool } from "./browserThreadPool.js";
export type { ThreadPool, ThreadPoolOptions } from "./threadPoolContract.js";
