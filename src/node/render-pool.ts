import type { Worker } from "node:worker_threads";
import type { Issue } from "../errors.js";
import { startWorker } from "../workers.js";
import type { DumpBlockRecord } from "./dumps.js";
import { DUMP_CLAIM, type RenderedFile, type RenderJob } from "./render-document.js";
import type {
  DumpSources,
  RenderedDocument,
  RenderedPage,
  RenderWorkerInit,
  RenderWorkerJobs,
  RenderWorkerMessage,
  WorkerValidation,
} from "./render-worker.js";
import type { ValidationRecord } from "./validate-site.js";

/** Options of {@link startRenderPool}. */
export interface RenderPoolOptions extends Omit<RenderWorkerInit, "claims"> {
  /**
   * Worker threads (no more than there are `jobs`, when they are given). Without `jobs` the workers build their
   * sites and validate while the caller plans, and render once it hands them the jobs ({@link RenderPool.assign}).
   */
  readonly workers: number;
  /** The old generation each worker may grow to, in MB (V8's default when absent). */
  readonly oldGenerationMb?: number;
  /** Jobs the caller's thread takes at a time ({@link RenderPool.take}); default 32. */
  readonly chunk?: number;
  /** Called for every rendered document and catalog page, in the order the workers finish them. */
  readonly onRendered: (rendered: RenderedDocument | RenderedPage) => void;
}

/** The SHACL validation one of the workers ran ({@link RenderWorkerInit.validate}). */
export interface PoolValidation {
  readonly issues: WorkerValidation["issues"];
  readonly records: Map<string, ValidationRecord>;
}

/**
 * A running pool: `done` settles when every job is rendered (or one failed); `take` hands the caller's own thread
 * the next jobs (it helps once its other work is done); `validation` settles with the validation one worker ran
 * (when asked to); `stop` ends it early.
 */
export interface RenderPool {
  readonly done: Promise<void>;
  /** Settles when every worker has rendered its jobs (before a worker writes the N-Quads dump). */
  readonly rendered: Promise<void>;
  readonly validation: Promise<PoolValidation> | undefined;
  /** Settles with `done`: the N-Quads dump's files when a worker wrote it ({@link RenderPool.claimDump}). */
  readonly dumped: Promise<readonly RenderedFile[] | undefined>;
  /** Settles with `done`: the N-Quads dump's blocks when a worker wrote it and recorded them. */
  readonly dumpedBlocks: Promise<readonly DumpBlockRecord[] | undefined>;
  /**
   * Hands the workers their jobs, once, when the pool was started without them; `dumpNQuads` as in
   * {@link RenderWorkerJobs}.
   */
  assign(jobs: readonly RenderJob[], dumpNQuads?: boolean, dumpFrom?: DumpSources): void;
  take(): readonly RenderJob[] | undefined;
  /**
   * Takes the N-Quads dump for the caller's thread, when no worker has (true): a worker that runs out of jobs first
   * writes it, else the caller does; once called, no worker takes it.
   */
  claimDump(): boolean;
  stop(): Promise<void>;
}

/**
 * The young generation of a worker. Rendering makes many short-lived strings while the site it reads stays;
 * V8's default (about 48 MB at most) makes it collect so often that scavenging costs a fifth of a worker's time.
 * 192 MB (used before) measured slower than 64 MB once validation ran in batches (Turtle + JSON-LD: 10 000 items
 * CPU 30.5–32.8 s against 29.6–31.7 s, 100 000 items 397 s against 386 s) and took 0.1–0.3 GiB more RSS.
 */
const YOUNG_GENERATION_MB = 64;

/**
 * Renders documents and catalog pages in worker threads ({@link RenderWorkerInit}): each worker builds its own
 * copy of the site, then claims jobs one at a time from a counter shared by every thread (the caller's too, through
 * `take`), renders them and writes their files — no thread waits for another to hand out work. When asked, the
 * first worker to start validates the site before it renders.
 */
export function startRenderPool(options: RenderPoolOptions): RenderPool {
  const chunk = options.chunk ?? 32;
  const claims = new Int32Array(new SharedArrayBuffer(12));
  const init: RenderWorkerInit = {
    items: options.items,
    baseIri: options.baseIri,
    folder: options.folder,
    formats: options.formats,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    claims,
    ...(options.validate ? { validate: options.validate } : {}),
    ...(options.dumpNQuads ? { dumpNQuads: true } : {}),
    ...(options.dumpFrom ? { dumpFrom: options.dumpFrom } : {}),
  };
  /** The jobs, once known: given at the start or by `assign`. */
  let jobs = options.jobs;
  const workers: Worker[] = [];
  let stopped = false;
  let finish = () => {};
  let validated: (v: PoolValidation) => void = () => {};
  let validationFailed: (e: Error) => void = () => {};
  const validation = options.validate
    ? new Promise<PoolValidation>((resolve, reject) => {
        validated = resolve;
        validationFailed = reject;
      })
    : undefined;
  validation?.catch(() => {});
  let allRendered = () => {};
  let renderingFailed: (e: Error) => void = () => {};
  const rendered = new Promise<void>((resolve, reject) => {
    allRendered = resolve;
    renderingFailed = reject;
  });
  rendered.catch(() => {});
  let dumpFiles: readonly RenderedFile[] | undefined;
  let dumpBlocks: readonly DumpBlockRecord[] | undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    const fail = (error: Error) => {
      if (stopped) return;
      stopped = true;
      for (const w of workers) void w.terminate();
      validationFailed(error);
      renderingFailed(error);
      reject(error);
    };
    const count = Math.max(1, Math.min(options.workers, options.jobs?.length ?? options.workers));
    if (options.jobs?.length === 0 && !options.validate) {
      allRendered();
      return resolve();
    }
    let running = count;
    let rendering = count;
    for (let i = 0; i < count; i++) {
      const worker = startWorker(import.meta.url, "render-worker", init, {
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
        ...(options.oldGenerationMb ? { maxOldGenerationSizeMb: options.oldGenerationMb } : {}),
      });
      workers.push(worker);
      let finished = false;
      worker.on("message", (message: RenderWorkerMessage) => {
        if (message.error !== undefined) return fail(new Error(`Rendering failed: ${message.error}`));
        if (message.validation) {
          const { issues, records } = message.validation;
          // One string per text: the same few messages and codes, each a copy of its own after the thread hop.
          const strings = new Map<string, string>();
          internIssueStrings(issues, strings);
          for (const [, record] of records) internIssueStrings(record.issues, strings);
          validated({ issues, records: new Map(records) });
        }
        for (const r of message.rendered ?? []) options.onRendered(r);
        if (message.jobsDone && --rendering === 0) allRendered();
        if (message.dumped) dumpFiles = message.dumped;
        if (message.dumpBlocks) dumpBlocks = message.dumpBlocks;
        if (message.finished) {
          finished = true;
          void worker.terminate();
          running--;
          if (running === 0) resolve();
        }
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
        if (!finished)
          fail(new Error(`A render worker stopped with exit code ${code} before its work was done`));
      });
    }
  });
  // Awaited by the caller only after its own work: a failure meanwhile must not count as an unhandled rejection.
  done.catch(() => {});
  const dumped = done.then(() => dumpFiles);
  dumped.catch(() => {});
  const dumpedBlocks = done.then(() => dumpBlocks);
  dumpedBlocks.catch(() => {});
  return {
    done,
    rendered,
    validation,
    dumped,
    dumpedBlocks,
    assign(assigned, dumpNQuads, dumpFrom) {
      if (jobs) throw new Error("The render pool has its jobs already");
      jobs = assigned;
      for (const w of workers)
        w.postMessage({
          jobs: assigned,
          ...(dumpNQuads ? { dumpNQuads } : {}),
          ...(dumpNQuads && dumpFrom ? { dumpFrom } : {}),
        } satisfies RenderWorkerJobs);
    },
    take() {
      if (stopped || !jobs) return undefined;
      const mine: RenderJob[] = [];
      while (mine.length < chunk) {
        const index = Atomics.add(claims, 0, 1);
        const job = jobs[index];
        if (job === undefined) break;
        mine.push(job);
        if ("catalogPage" in job) break; // a page is a chunk's worth of work
      }
      return mine.length > 0 ? mine : undefined;
    },
    claimDump() {
      return Atomics.compareExchange(claims, 2, DUMP_CLAIM.open, DUMP_CLAIM.build) === DUMP_CLAIM.open;
    },
    async stop() {
      stopped = true;
      // Workers claim no more jobs (those still waiting for theirs are terminated below).
      Atomics.store(claims, 0, 0x7fffffff);
      await Promise.allSettled(workers.map((w) => w.terminate()));
      finish();
      allRendered();
      validationFailed(new Error("stopped"));
      await done.catch(() => {});
    },
  };
}

/**
 * Replaces each string of `issues` by the first equal one `strings` has seen. Issues come from a worker as copies:
 * a large site's tens of thousands of warnings repeat a few texts (100 000 items: 320 000 warnings), and every copy
 * would stay for the whole build.
 */
function internIssueStrings(issues: readonly Issue[], strings: Map<string, string>): void {
  const one = (text: string) => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  for (const issue of issues) {
    issue.source = one(issue.source) as Issue["source"];
    issue.code = one(issue.code);
    issue.message = one(issue.message);
    issue.severity = one(issue.severity) as Issue["severity"];
    issue.path = issue.path.map((p) => (typeof p === "string" ? one(p) : p));
    if (issue.file !== undefined) issue.file = one(issue.file);
    if (issue.focusNode !== undefined) issue.focusNode = one(issue.focusNode);
    if (issue.field !== undefined) issue.field = one(issue.field);
    if (issue.hint !== undefined) issue.hint = one(issue.hint);
  }
}
