import type { Worker } from "node:worker_threads";
import type { Quad } from "@rdfjs/types";
import { packDate, packQuadGroups, packQuads } from "../rdf/packed-quads.js";
import type { ShaclResult } from "../validate/shacl.js";
import { startWorker } from "../workers.js";
import type {
  DataChunk,
  RenderedDocument,
  RenderedPage,
  RenderWork,
  RenderWorkerInit,
  RenderWorkerReply,
  RenderWorkerTask,
} from "./render-worker.js";

/** Options of {@link startRenderPool}. */
export interface RenderPoolOptions extends RenderWorkerInit {
  /** Worker threads (at least one). */
  readonly workers: number;
  /** The old generation each worker may grow to, in MB (V8's default when absent). */
  readonly oldGenerationMb?: number;
  /** Called for every document and catalog page a worker rendered, in the order the workers finish them. */
  readonly onRendered: (rendered: RenderedDocument | RenderedPage) => void;
}

/** A document whose data variants a worker is to render: its triples and the date its files get. */
export interface DataJob {
  readonly ref: string;
  readonly documentIri: string;
  readonly quads: readonly Quad[];
  readonly lastModified: Date | undefined;
}

/**
 * A running pool of render workers. Work is handed to a worker when it has room (a few tasks queued each), packed
 * only then ({@link packQuads}): batches to validate first, in the order asked, then chunks of documents to render.
 */
export interface RenderPool {
  /** Validates a batch in a worker (see `DocumentValidationOptions.validateBatch`). */
  validate(graph: readonly Quad[], focusNodes: ReadonlySet<string>): Promise<readonly ShaclResult[]>;
  /**
   * Renders what `take` gives — documents' data variants ({@link dataChunk}) or a catalog page's files but its
   * HTML ones — in the workers: `take` is asked whenever a worker has room, until it gives nothing. Settles once
   * everything taken is rendered. The caller's thread may take from the same source meanwhile; one source at a time.
   */
  render(take: () => RenderWork | undefined): Promise<void>;
  /** Rejects as soon as a worker failed (never settles otherwise). */
  readonly failed: Promise<never>;
  /** Ends the workers (waiting work is dropped). */
  stop(): Promise<void>;
}

/**
 * The young generation of a worker. Rendering makes many short-lived strings; V8's default (about 48 MB at most)
 * makes it collect so often that scavenging costs a fifth of a worker's time. 192 MB measured slower than 64 MB.
 */
const YOUNG_GENERATION_MB = 64;

/**
 * Tasks a worker holds at a time: one it works on and some queued, so it has work while the build's thread is busy
 * with a long stretch of its own (a catalog page) before it hands out more.
 */
const TASKS_PER_WORKER = 3;

interface Waiting {
  readonly resolve: (reply: RenderWorkerReply) => void;
  readonly reject: (error: Error) => void;
}

/** The packed chunk of some data jobs (one group of triples per document). */
export function dataChunk(jobs: readonly DataJob[]): DataChunk {
  return {
    docs: jobs.map((j) => {
      const lastModified = packDate(j.lastModified);
      return {
        ref: j.ref,
        documentIri: j.documentIri,
        ...(lastModified === undefined ? {} : { lastModified }),
      };
    }),
    quads: packQuadGroups(jobs.map((j) => j.quads)),
  };
}

/**
 * Starts render workers ({@link RenderWorkerInit}). None holds a copy of the site: each task carries the triples
 * it needs, so a worker's memory is what it works on, not the site (two threads holding a 100 000-item site
 * each needed twice its memory).
 */
export function startRenderPool(options: RenderPoolOptions): RenderPool {
  const init: RenderWorkerInit = {
    baseIri: options.baseIri,
    folder: options.folder,
    formats: options.formats,
    ...(options.shapes !== undefined ? { shapes: options.shapes } : {}),
  };
  const workers: Worker[] = [];
  const load = new Map<Worker, number>();
  const waiting = new Map<number, Waiting>();
  const validations: { make: () => RenderWorkerTask; waiting: Waiting }[] = [];
  let source:
    | {
        take: () => RenderWork | undefined;
        out: number;
        ended: boolean;
        done: () => void;
        fail: (error: Error) => void;
      }
    | undefined;
  let nextId = 1;
  let failure: Error | undefined;
  let stopped = false;
  /** Rejects everything still waiting for a worker: sent tasks, queued batches, an unfinished render. */
  const dropWaiting = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    for (const v of validations.splice(0)) v.waiting.reject(error);
    if (source && !(source.ended && source.out === 0)) source.fail(error);
  };
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = (error) => {
      if (failure || stopped) return;
      failure = error;
      dropWaiting(error);
      for (const w of workers) void w.terminate();
      reject(error);
    };
  });
  failed.catch(() => {});

  /** Sends a task to `worker` and notes what waits for its answer. */
  const send = (worker: Worker, task: RenderWorkerTask, w: Waiting) => {
    waiting.set(task.id, w);
    load.set(worker, (load.get(worker) ?? 0) + 1);
    worker.postMessage(task);
  };
  /**
   * Fills every worker up to {@link TASKS_PER_WORKER}: validation batches first, then chunks from the source. (Run
   * from the workers' message handlers: what the packing or the source throws fails the pool, it is not lost.)
   */
  const pump = () => {
    try {
      fill();
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const fill = () => {
    if (failure || stopped) return;
    for (const worker of workers) {
      while ((load.get(worker) ?? 0) < TASKS_PER_WORKER) {
        const validation = validations.shift();
        if (validation) {
          let task: RenderWorkerTask;
          try {
            task = validation.make();
          } catch (error) {
            validation.waiting.reject(error as Error);
            throw error;
          }
          send(worker, task, validation.waiting);
          continue;
        }
        if (!source || source.ended) break;
        const work = source.take();
        if (!work) {
          source.ended = true;
          if (source.out === 0) source.done();
          break;
        }
        const from = source;
        from.out++;
        const id = nextId++;
        send(
          worker,
          { id, ...work },
          {
            resolve: () => {
              from.out--;
              if (from.ended && from.out === 0) from.done();
            },
            reject: () => {},
          },
        );
      }
    }
  };

  const count = Math.max(1, options.workers);
  for (let i = 0; i < count; i++) {
    const worker = startWorker(import.meta.url, "render-worker", init, {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      ...(options.oldGenerationMb ? { maxOldGenerationSizeMb: options.oldGenerationMb } : {}),
    });
    workers.push(worker);
    load.set(worker, 0);
    worker.on("message", (reply: RenderWorkerReply) => {
      if (reply.error !== undefined) return fail(new Error(`Rendering failed: ${reply.error}`));
      const w = reply.id === undefined ? undefined : waiting.get(reply.id);
      if (!w || reply.id === undefined) return;
      waiting.delete(reply.id);
      load.set(worker, (load.get(worker) ?? 1) - 1);
      try {
        for (const r of reply.rendered ?? []) options.onRendered(r);
      } catch (error) {
        // (In a message handler: thrown on, it would end the process.)
        return fail(error instanceof Error ? error : new Error(String(error)));
      }
      w.resolve(reply);
      pump();
    });
    worker.on("error", (error) => {
      if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") return fail(error);
      const limit =
        options.oldGenerationMb === undefined ? "V8's default limit" : `${options.oldGenerationMb} MB`;
      fail(
        new Error(
          `A render worker ran out of memory (its heap may grow to ${limit}); build with fewer workers (the build option \`workers\`, 0 for none) or on a machine with more memory`,
          { cause: error },
        ),
      );
    });
    worker.on("exit", (code) => {
      if (!stopped)
        fail(new Error(`A render worker stopped with exit code ${code} before its work was done`));
    });
  }

  return {
    failed,
    validate(graph, focusNodes) {
      if (failure) return Promise.reject(failure);
      if (stopped) return Promise.reject(new Error("The render pool was stopped"));
      return new Promise<RenderWorkerReply>((resolve, reject) => {
        validations.push({
          // Packed when sent: a batch waiting in the queue is only its triples (the site's own objects).
          make: () => ({ id: nextId++, validate: { graph: packQuads(graph), focusNodes: [...focusNodes] } }),
          waiting: { resolve, reject },
        });
        pump();
      }).then((reply) => reply.results ?? []);
    },
    render(take) {
      if (failure) return Promise.reject(failure);
      if (stopped) return Promise.reject(new Error("The render pool was stopped"));
      if (source && !(source.ended && source.out === 0))
        return Promise.reject(new Error("The render pool is rendering from another source"));
      const rendered = new Promise<void>((resolve, reject) => {
        source = { take, out: 0, ended: false, done: resolve, fail: reject };
      });
      pump();
      return rendered;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled(workers.map((w) => w.terminate()));
      dropWaiting(new Error("The render pool was stopped"));
    },
  };
}
