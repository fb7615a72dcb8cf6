/**
 * The program each worker of a browser thread pool runs: a classic worker started from a Blob URL of this
 * string, so that it needs no file beside the bundle and no bundler configuration. The control block is
 * the one of controlBlock.ts (the same words as Node's kernelWorker.ts).
 *
 * A browser has no receiveMessageOnPort, so a worker cannot read a message while it blocks in Atomics.wait:
 * messages reach it only from its event loop. Hence two states. Serving, it loops on Atomics.wait for
 * requests and runs kernels with the 12 arguments in its slot. On an attach request it returns to its event
 * loop, where the attachment (a WebAssembly module and the shared memory it runs over), posted just before
 * the request, is delivered to onmessage; that instantiates the kernels at the worker's base, publishes the
 * request as done and serves again. Stop closes the worker.
 *
 * The first message, { control, index, wordsPerWorker, argumentsOffset }, sets the worker up; it answers
 * "ready" and serves.
 */
export const BROWSER_KERNEL_WORKER_SOURCE = `"use strict";
let words;
let args;
let at = 0;
let seen = 0;
const attachments = [];

function publish(status) {
  words[at + 3] = status;
  Atomics.store(words, at + 1, seen);
  Atomics.notify(words, at + 1);
}

function serve() {
  for (;;) {
    Atomics.wait(words, at, seen);
    const request = Atomics.load(words, at);
    if (request === seen) continue;
    seen = request;
    const command = words[at + 2];
    if (command === 1) return; // attach: the attachment waits in the event loop
    if (command === 3) {
      self.close();
      return;
    }
    let status = 0;
    try {
      const kernel = attachments[words[at + 4]][words[at + 5]];
      kernel(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11]);
    } catch {
      status = 1;
    }
    publish(status);
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (words === undefined) {
    const { control, index, wordsPerWorker, argumentsOffset } = message;
    words = new Int32Array(control);
    at = index * wordsPerWorker;
    args = new Float64Array(control, argumentsOffset + index * 12 * 8, 12);
    self.postMessage("ready");
    serve();
    return;
  }
  let status = 0;
  try {
    const { memory, module, base, kernels } = message;
    const instance = new WebAssembly.Instance(module, { kernel: { memory, base } });
    attachments[words[at + 4]] = kernels.map((name) => instance.exports[name]);
  } catch {
    status = 1;
  }
  publish(status);
  serve();
};
`;
