/**
 * Core for Node (the "node" condition of the package's main entry): everything the platform-neutral entry
 * exports, with Node's worker threads registered behind the `threads` option, so that "auto" runs large
 * dense X on every core and a count n runs on a shared pool of n threads.
 */
import { registerThreadProvider } from "./kernels/threadProvider.js";
import { nodeThreadProvider } from "./threads/nodeThreadProvider.js";

export * from "./index.js";

registerThreadProvider(nodeThreadProvider);
