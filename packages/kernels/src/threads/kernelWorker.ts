/**
 * The program each worker of a thread pool runs (as CommonJS, by `new Worker(code, { eval: true })`, so
 * that it needs no file beside the bundle and runs the same from source in tests). It waits on its request
 * word in the pool's control block; on a request it either attaches (instantiates the kernels sent on its
 * port over a shared memory, at its base), runs one kernel with the 12 arguments in its slot, or stops;
 * then it publishes the request's number in its done word and wakes the caller. See threadPool.ts for the
 * layout of the control block.
 */
export const KERNEL_WORKER_SOURCE = `"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { control, port, index, wordsPerWorker, argumentsOffset } = workerData;
const words = new Int32Array(control);
const at = index * wordsPerWorker;
const args = new Float64Array(control, argumentsOffset + index * 12 * 8, 12);
const attachments = [];
let seen = 0;
for (;;) {
  Atomics.wait(words, at, seen);
  const request = Atomics.load(words, at);
  if (request === seen) continue;
  seen = request;
  const command = words[at + 2];
  if (command === 3) break;
  let status = 0;
  try {
    if (command === 1) {
      // Posted before the request was made; the wait is for the port's queue to catch up, a millisecond at most.
      let received;
      for (let tries = 0; (received = receiveMessageOnPort(port)) === undefined && tries < 1000; tries++) {
        Atomics.wait(words, at, seen, 1);
      }
      const { memory, module, base, kernels } = received.message;
      const instance = new WebAssembly.Instance(module, { kernel: { memory, base } });
      attachments[words[at + 4]] = kernels.map((name) => instance.exports[name]);
    } else {
      const kernel = attachments[words[at + 4]][words[at + 5]];
      kernel(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11]);
    }
  } catch {
    status = 1;
  }
  words[at + 3] = status;
  Atomics.store(words, at + 1, seen);
  Atomics.notify(words, at + 1);
}
port.close();
`;
