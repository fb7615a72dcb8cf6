import { PerformanceObserver, performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** What runs of `action` did to the heap. */
export interface AllocationMeasurement {
  /** Growth of the used heap per run of the action, in bytes: the least over the measured rounds. */
  readonly bytesPerRepetition: number;
  /** Garbage collections that ran during that round (each would hide allocation, so this should be 0). */
  readonly collections: number;
}

let collectGarbage: (() => void) | undefined;

function forceGarbageCollection(): void {
  if (collectGarbage === undefined) {
    // Exposes V8's gc() without restarting node with --expose-gc.
    setFlagsFromString("--expose-gc");
    collectGarbage = runInNewContext("gc") as () => void;
  }
  collectGarbage();
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

async function measureRound(action: () => void, repetitions: number): Promise<AllocationMeasurement> {
  let collections = 0;
  let start = Number.POSITIVE_INFINITY;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.startTime >= start) collections += 1;
  });
  observer.observe({ entryTypes: ["gc"] });
  forceGarbageCollection();
  await nextTurn();
  start = performance.now();
  const before = process.memoryUsage().heapUsed;
  for (let r = 0; r < repetitions; r++) action();
  const after = process.memoryUsage().heapUsed;
  await nextTurn();
  observer.disconnect();
  return { bytesPerRepetition: (after - before) / repetitions, collections };
}

/**
 * Measures how much the heap grows per run of `action`: warms the JIT up, then runs `rounds` rounds of
 * `repetitions` runs each, after a full collection, and keeps the round that grew least among those in
 * which no collection ran (the others carry V8's own late compilation). An action that allocates no
 * buffer grows the heap by a few boxed doubles at most (16 bytes each, returned from calls V8 did not
 * inline); one that allocates even a small Float64Array grows it by over 150 bytes a run.
 */
export async function measureAllocation(
  action: () => void,
  repetitions = 2000,
  rounds = 5,
): Promise<AllocationMeasurement> {
  for (let r = 0; r < 3 * repetitions; r++) action();
  let best: AllocationMeasurement | undefined;
  for (let round = 0; round < rounds; round++) {
    const measurement = await measureRound(action, repetitions);
    // A round in which V8 collected (on its own schedule: the memory reducer, idle tasks) understates
    // growth, so any round without a collection beats one with; among equals, the least growth wins.
    const clean = measurement.collections === 0;
    const better =
      best === undefined ||
      (clean && best.collections > 0) ||
      (clean === (best.collections === 0) && measurement.bytesPerRepetition < best.bytesPerRepetition);
    if (better) best = measurement;
  }
  return best!;
}
