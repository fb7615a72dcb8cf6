/**
 * The kernels for Node (the "node" condition of the package's main entry): everything the platform-neutral
 * entry exports, with Node's worker threads registered behind the `threads` option, so that "auto" runs
 * large X on every core and a count n runs on a shared pool of n threads. Importing @descent/core alone
 * never registers anything: threads come only with this backend.
 */
import { registerThreadProvider } from "./threadProvider.js";
import { nodeThreadProvider } from "./threads/nodeThreadProvider.js";

export * from "./index.js";

registerThreadProvider(nodeThreadProvider);
