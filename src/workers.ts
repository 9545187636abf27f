import { type ResourceLimits, Worker } from "node:worker_threads";

/**
 * Starts a worker thread on the module `name` (without extension) beside `caller` (an `import.meta.url`): the
 * compiled `.js` in the package; under a TypeScript runner (vitest, tsx) the caller is a `.ts` file and the
 * worker is loaded through tsx, which the runner has installed.
 */
export function startWorker(
  caller: string,
  name: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const limits = resourceLimits ? { resourceLimits } : {};
  if (caller.endsWith(".ts")) {
    const script = new URL(`./${name}.ts`, caller).href;
    const code = `import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(script)}, ${JSON.stringify(caller)}));`;
    return new Worker(code, { eval: true, workerData, ...limits });
  }
  return new Worker(new URL(`./${name}.js`, caller), { workerData, ...limits });
}
