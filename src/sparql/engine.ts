import type { Worker } from "node:worker_threads";
import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser } from "n3";
import { IoError, LodError, ParseError } from "../errors.js";
import { writeNQuads } from "../serialize/turtle.js";
import type { Site } from "../site/site.js";
import { startWorker } from "../workers.js";
import { QueryTimeoutError, ResultTooLargeError } from "./errors.js";
import { inspectQuery, type QueryForm } from "./policy.js";
import { parseJsonResults, type QueryResult } from "./results.js";
import type { WorkerInit, WorkerRequest, WorkerResponse } from "./worker.js";

/** The dataset of one query (SPARQL 1.1 Protocol `default-graph-uri` / `named-graph-uri`). */
export interface QueryOptions {
  defaultGraphs?: readonly string[];
  namedGraphs?: readonly string[];
}

/** The limits every query runs under. */
export interface QueryLimits {
  /** Wall-clock limit of one query, in milliseconds; the query is stopped when it is reached. */
  readonly timeoutMs: number;
  /** The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one answer may have. */
  readonly maxResults: number;
}

/** A read-only SPARQL 1.1 query service: the embedded engine, or a remote store behind the same policy. */
export interface SparqlEngine {
  readonly limits: QueryLimits;
  /** Relative IRIs in queries resolve against this. */
  readonly baseIri: string | undefined;
  /**
   * Runs a query under the endpoint's policy and limits. Rejects with `ParseError` (syntax),
   * `QueryRefusedError` (update, SERVICE), `QueryTimeoutError`, `ResultTooLargeError`.
   */
  query(query: string, options?: QueryOptions): Promise<QueryResult>;
  /** Stops the engine's threads or connections. */
  close(): Promise<void>;
}

/** How an executor runs one inspected query. */
export interface ExecuteOptions extends QueryOptions {
  timeoutMs: number;
  /** Whether the query names its own dataset (`FROM`, `FROM NAMED`); otherwise its default graph is the union. */
  hasDataset: boolean;
}

/** Runs the text of an already inspected query; the engine-specific part of a {@link SparqlEngine}. */
export type QueryExecutor = (query: string, form: QueryForm, options: ExecuteOptions) => Promise<string>;

/** Defaults: 10 s, 10 000 rows. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({ timeoutMs: 10_000, maxResults: 10_000 });

/**
 * Builds a {@link SparqlEngine} from an executor that returns SPARQL Results JSON (SELECT, ASK) or N-Triples
 * (CONSTRUCT, DESCRIBE): inspection (policy, LIMIT cap), parsing and the result-size check are shared by the
 * embedded engine and remote stores.
 */
export function createQueryEngine(
  execute: QueryExecutor,
  options: { limits?: Partial<QueryLimits>; baseIri?: string; close?: () => Promise<void> } = {},
): SparqlEngine {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  return {
    limits,
    baseIri: options.baseIri,
    async query(query, queryOptions = {}) {
      const inspected = inspectQuery(query, {
        maxResults: limits.maxResults,
        ...(options.baseIri ? { baseIri: options.baseIri } : {}),
      });
      const text = await execute(inspected.text, inspected.form, {
        ...queryOptions,
        timeoutMs: limits.timeoutMs,
        hasDataset: inspected.hasDataset,
      });
      if (inspected.form === "CONSTRUCT" || inspected.form === "DESCRIBE") {
        let quads: Quad[];
        try {
          quads = new Parser({ format: "application/n-triples" }).parse(text);
        } catch (cause) {
          throw new ParseError(`The engine answered with invalid N-Triples: ${(cause as Error).message}`, {
            cause,
          });
        }
        if (quads.length > limits.maxResults) throw new ResultTooLargeError(limits.maxResults, "triples");
        return { form: inspected.form, quads };
      }
      const result = parseJsonResults(text);
      if (result.form === "SELECT" && result.solutions.length > limits.maxResults)
        throw new ResultTooLargeError(limits.maxResults, "rows");
      return result;
    },
    close: options.close ?? (async () => {}),
  };
}

/** Options of {@link createEmbeddedEngine}. */
export interface EmbeddedEngineOptions {
  limits?: Partial<QueryLimits>;
  /** Relative IRIs in queries resolve against this. */
  baseIri?: string;
  /** Worker threads, each with its own copy of the data; default 1. Queries beyond them wait in line. */
  workers?: number;
  /** Queries that may wait for a worker before new ones are turned away; default 64. */
  maxQueue?: number;
  /**
   * A worker idle this long (milliseconds) is stopped and its memory freed; the next query starts one again.
   * Default 60 000.
   */
  idleMs?: number;
}

interface Job {
  request: Omit<WorkerRequest, "id">;
  timeoutMs: number;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker | undefined;
  ready: Promise<Worker> | undefined;
  busy: boolean;
  idle: NodeJS.Timeout | undefined;
}

/** The worker script `worker.js` (or `worker.ts` under a TypeScript runner) beside this file. */
function spawnWorker(init: WorkerInit): Worker {
  return startWorker(import.meta.url, "worker", init);
}

/**
 * The embedded SPARQL 1.1 engine: Oxigraph (Rust, compiled to WASM) over the given quads, in worker threads.
 * A query that reaches the time limit is stopped by terminating its thread, which is then replaced; the answer is
 * capped at `maxResults`. Threads are started on the first query and do not keep the process alive when idle.
 * @example
 * const engine = createEmbeddedEngine(siteQuads(site), { baseIri: site.baseIri });
 * const result = await engine.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }");
 * await engine.close();
 */
export function createEmbeddedEngine(
  quads: Iterable<Quad>,
  options: EmbeddedEngineOptions = {},
): SparqlEngine {
  const init: WorkerInit = { nquads: writeNQuads(quads) };
  const slots: Slot[] = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => ({
    worker: undefined,
    ready: undefined,
    busy: false,
    idle: undefined,
  }));
  const idleMs = options.idleMs ?? 60_000;
  const queue: Job[] = [];
  const maxQueue = options.maxQueue ?? 64;
  const maxResults = options.limits?.maxResults ?? DEFAULT_QUERY_LIMITS.maxResults;
  let nextId = 0;
  let closed = false;

  const reset = (slot: Slot) => {
    const w = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    if (w) void w.terminate();
  };

  const start = (slot: Slot): Promise<Worker> => {
    if (slot.ready) return slot.ready;
    const w = spawnWorker(init);
    slot.worker = w;
    slot.ready = new Promise<Worker>((resolve, reject) => {
      const onMessage = (m: WorkerResponse) => {
        if (m.id !== -1) return;
        w.off("message", onMessage);
        w.off("error", onError);
        resolve(w);
      };
      const onError = (e: unknown) => {
        w.off("message", onMessage);
        reject(new IoError(`The SPARQL engine did not start: ${(e as Error).message}`, { cause: e }));
      };
      w.on("message", onMessage);
      w.once("error", onError);
    });
    // A failed start is reported to the job that waits for it; the next job starts a new worker.
    slot.ready.catch(() => reset(slot));
    return slot.ready;
  };

  const run = async (slot: Slot, job: Job) => {
    slot.busy = true;
    clearTimeout(slot.idle);
    try {
      const w = await start(slot);
      const id = nextId++;
      w.ref();
      const text = await new Promise<string>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          w.off("message", onMessage);
          w.off("error", onError);
          w.off("exit", onExit);
        };
        const onMessage = (m: WorkerResponse) => {
          if (m.id !== id) return;
          cleanup();
          if (m.ok) resolve(m.text);
          else if (m.name === "SyntaxError") reject(new ParseError(`SPARQL syntax error: ${m.message}`));
          else reject(new IoError(`The SPARQL engine failed: ${m.message}`));
        };
        const onError = (e: Error) => {
          cleanup();
          reset(slot);
          // A query that exhausts the worker's memory is an answer too large to compute.
          if ((e as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY")
            reject(new ResultTooLargeError(maxResults, "results for the memory of the engine", { cause: e }));
          else reject(new IoError(`The SPARQL engine failed: ${e.message}`, { cause: e }));
        };
        const onExit = (code: number) => {
          cleanup();
          reset(slot);
          reject(new IoError(`The SPARQL engine stopped (exit code ${code})`));
        };
        // The only way to stop a running WASM query: terminate its thread (a new one is started on demand).
        const timer = setTimeout(() => {
          cleanup();
          reset(slot);
          reject(new QueryTimeoutError(job.timeoutMs));
        }, job.timeoutMs);
        w.on("message", onMessage);
        w.once("error", onError);
        w.once("exit", onExit);
        w.postMessage({ ...job.request, id } satisfies WorkerRequest);
      });
      job.resolve(text);
    } catch (e) {
      job.reject(e);
    } finally {
      slot.busy = false;
      slot.worker?.unref();
      if (slot.worker) {
        slot.idle = setTimeout(() => {
          if (!slot.busy) reset(slot);
        }, idleMs);
        slot.idle.unref();
      }
      pump();
    }
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.busy || closed) continue;
      const job = queue.shift();
      if (!job) return;
      void run(slot, job);
    }
  };

  const execute: QueryExecutor = (query, form, opts) => {
    if (closed) return Promise.reject(new IoError("The SPARQL engine is closed"));
    if (queue.length >= maxQueue)
      return Promise.reject(new LodError("busy", "The SPARQL engine is busy; try again later."));
    return new Promise<string>((resolve, reject) => {
      queue.push({
        request: {
          query,
          graph: form === "CONSTRUCT" || form === "DESCRIBE",
          ...(options.baseIri ? { baseIri: options.baseIri } : {}),
          ...(opts.defaultGraphs ? { defaultGraphs: [...opts.defaultGraphs] } : {}),
          ...(opts.namedGraphs ? { namedGraphs: [...opts.namedGraphs] } : {}),
        },
        timeoutMs: opts.timeoutMs,
        resolve,
        reject,
      });
      pump();
    });
  };

  return createQueryEngine(execute, {
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.baseIri ? { baseIri: options.baseIri } : {}),
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new IoError("The SPARQL engine is closed"));
      await Promise.all(
        slots.map(async (slot) => {
          clearTimeout(slot.idle);
          const w = slot.worker;
          slot.worker = undefined;
          slot.ready = undefined;
          if (w) await w.terminate();
        }),
      );
    },
  });
}

/** Every document's triples in its own named graph (the document IRI), as in the N-Quads dump. */
export function siteQuads(site: Site): Quad[] {
  const out: Quad[] = [];
  for (const doc of site.documents.values()) {
    const g = DataFactory.namedNode(doc.documentIri);
    for (const q of doc.quads) out.push(DataFactory.quad(q.subject, q.predicate, q.object, g));
  }
  return out;
}
