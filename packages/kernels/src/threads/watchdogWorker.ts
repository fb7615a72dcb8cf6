/**
 * The program of a Node pool's watchdog thread (CommonJS, run by `new Worker(code, { eval: true })`). The
 * caller of a pass blocks in Atomics.wait, so its own event loop cannot hear a worker die; the watchdog's
 * can. It starts the pool's kernel workers as its own children, and when one of them ends while the pool is
 * not closing (it crashed, ran out of memory, was terminated, or could not start), it writes what happened
 * into the pool's words of the control block and wakes every waiter: the caller then throws a DescentError
 * instead of waiting forever. It tells its parent when every worker runs ("online") or one failed
 * ("failed"), which is what startThreadPool awaits. Kernel workers get no execArgv, so that a flag the
 * process was started with (`--input-type=module`, say) cannot break their eval'd source.
 */
export const WATCHDOG_SOURCE = `"use strict";
const { Worker, workerData, parentPort } = require("node:worker_threads");
const { kernelSource, control, poolWords, wordsPerWorker, workers } = workerData;
const words = new Int32Array(control);
const FAILURE_ERROR = 1;
const FAILURE_EXIT = 2;
function fail(index, how, exitCode) {
  if (Atomics.load(words, poolWords + 3) !== 0) return;
  if (Atomics.compareExchange(words, poolWords, 0, index + 1) !== 0) return;
  words[poolWords + 1] = how;
  words[poolWords + 2] = exitCode;
  for (let worker = 0; worker < workers.length; worker++) Atomics.notify(words, worker * wordsPerWorker + 1);
  parentPort.postMessage({ type: "failed", index, how, exitCode });
}
let online = 0;
const children = workers.map((spec, index) => {
  const child = new Worker(kernelSource, {
    eval: true,
    name: spec.name,
    execArgv: [],
    workerData: spec.workerData,
    transferList: [spec.workerData.port],
  });
  child.once("online", () => {
    online++;
    if (online === workers.length) parentPort.postMessage({ type: "online" });
  });
  child.on("error", () => fail(index, FAILURE_ERROR, 0));
  child.on("exit", (code) => fail(index, FAILURE_EXIT, code));
  return child;
});
parentPort.on("message", (message) => {
  // For tests: end one worker as a crash would, while the pool believes it alive.
  if (message.type === "terminate") void children[message.index].terminate();
});
`;
