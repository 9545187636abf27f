import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Below this much used heap {@link v8FullCollection}'s function does nothing by default: 512 MiB. */
export const FULL_COLLECTION_MIN_HEAP_BYTES = 512 * 1024 * 1024;

/**
 * V8's full garbage collection as a function, for `BuildOptions.collectGarbage` (`buildSite`, `createBuilder`;
 * `govlod build` passes it): the `gc` that `node --expose-gc` puts on the global object or, when the process was
 * started without that flag, the same function taken from a fresh `vm` context made while the flag is briefly on
 * (it is turned off again at once: later contexts and worker threads get no `gc`). A collection stops the thread
 * (about 0.55 s over a 1.2 GB heap, 0.13 s over 0.3 GB), so the function collects only while the used heap is
 * larger than `minHeapBytes` (default {@link FULL_COLLECTION_MIN_HEAP_BYTES}: a 10 000-item build stays below
 * it, where its peak memory is well under 1 GiB anyway).
 */
export function v8FullCollection(minHeapBytes = FULL_COLLECTION_MIN_HEAP_BYTES): () => void {
  const gc = exposedGc();
  return () => {
    if (getHeapStatistics().used_heap_size > minHeapBytes) gc();
  };
}

function exposedGc(): () => void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return exposed as () => void;
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
