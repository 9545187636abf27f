import type { Worker } from "node:worker_threads";
import { startWorker } from "../workers.js";
import type { RenderPart } from "./render-document.js";
import type { RenderedDocument, RenderRequest, RenderResponse, RenderWorkerInit } from "./render-worker.js";

/** Options of {@link startRenderPool}. */
export interface RenderPoolOptions extends RenderWorkerInit {
  /** What to render, in order. */
  readonly jobs: readonly { readonly ref: string; readonly part: RenderPart }[];
  /** Worker threads. */
  readonly workers: number;
  /** Documents per request (a worker asks for the next when it is done); default 32. */
  readonly chunk?: number;
  /** Called for every rendered document, in the order the workers finish them. */
  readonly onRendered: (rendered: RenderedDocument) => void;
}

/**
 * A running pool: `done` settles when every job is rendered (or one failed); `take` hands the caller's own thread
 * the next chunk of jobs (it helps once its other work is done); `stop` ends it early.
 */
export interface RenderPool {
  readonly done: Promise<void>;
  take(): readonly { readonly ref: string; readonly part: RenderPart }[] | undefined;
  stop(): Promise<void>;
}

/**
 * Renders documents in worker threads ({@link RenderWorkerInit}): each worker builds its own copy of the site and
 * writes the files of the documents it is sent; requests of `chunk` documents are handed out as workers finish,
 * so a slow worker does not hold up the others.
 */
export function startRenderPool(options: RenderPoolOptions): RenderPool {
  const chunk = options.chunk ?? 32;
  const init: RenderWorkerInit = {
    items: options.items,
    baseIri: options.baseIri,
    folder: options.folder,
    formats: options.formats,
  };
  const workers: Worker[] = [];
  /** Requests sent to each worker and not answered yet. */
  const outstanding = new Map<Worker, number>();
  let next = 0;
  let id = 0;
  let stopped = false;
  let finish = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    let running = 0;
    const fail = (error: Error) => {
      stopped = true;
      for (const w of workers) void w.terminate();
      reject(error);
    };
    const post = (worker: Worker) => {
      const docs = options.jobs.slice(next, next + chunk);
      next += docs.length;
      outstanding.set(worker, (outstanding.get(worker) ?? 0) + 1);
      worker.postMessage({ id: id++, docs } satisfies RenderRequest);
    };
    const answered = (worker: Worker) => {
      const left = (outstanding.get(worker) ?? 1) - 1;
      outstanding.set(worker, left);
      if (stopped) return;
      if (next < options.jobs.length) post(worker);
      else if (left === 0) {
        void worker.terminate();
        running--;
        if (running === 0) resolve();
      }
    };
    const count = Math.max(1, Math.min(options.workers, Math.ceil(options.jobs.length / chunk)));
    if (options.jobs.length === 0) return resolve();
    for (let i = 0; i < count; i++) {
      const worker = startWorker(import.meta.url, "render-worker", init);
      workers.push(worker);
      running++;
      worker.on("message", (response: RenderResponse) => {
        if (response.error !== undefined) return fail(new Error(`Rendering failed: ${response.error}`));
        for (const r of response.rendered ?? []) options.onRendered(r);
        answered(worker);
      });
      worker.on("error", (error) => fail(error));
      worker.on("exit", (code) => {
        if (!stopped && code !== 0 && (outstanding.get(worker) ?? 0) > 0)
          fail(new Error(`A render worker stopped with exit code ${code}`));
      });
    }
    // Each worker gets its share up front (the caller's thread takes the rest once its own work is done): a
    // worker asks for more only through the caller's thread, which may be busy for long stretches (validating,
    // rendering the whole catalog), and must not wait for it meanwhile.
    const upfront = Math.floor((options.jobs.length * count) / (count + 1));
    while (next < upfront) for (const w of workers) if (next < upfront) post(w);
    // Every worker starts with something, or ends at once.
    for (const w of workers) {
      if ((outstanding.get(w) ?? 0) > 0) continue;
      if (next < options.jobs.length) post(w);
      else {
        void w.terminate();
        running--;
      }
    }
    if (running === 0) resolve();
  });
  // Awaited by the caller only after its own work: a failure meanwhile must not count as an unhandled rejection.
  done.catch(() => {});
  return {
    done,
    take() {
      if (stopped || next >= options.jobs.length) return undefined;
      const docs = options.jobs.slice(next, next + chunk);
      next += docs.length;
      return docs;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled(workers.map((w) => w.terminate()));
      finish();
      await done.catch(() => {});
    },
  };
}
