/**
 * A build's render worker: builds its own copy of the site from the content items (createSite is deterministic,
 * so it equals the build's), validates it when it is the first worker and the build asked for it, then claims
 * jobs from the counter it shares with the other threads, renders them and writes their files into the build
 * folder; then, when the build asked for it and no other thread has taken it, writes the N-Quads dump.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { Parser } from "n3";
import type { Issue } from "../errors.js";
import type { ContentItem } from "../model/index.js";
import { DEFAULT_FORMATS } from "../serialize/formats.js";
import type { ReadKey } from "../serialize/page-reads.js";
import { createSite, type Site } from "../site/site.js";
import { type WrittenPageFile, writeCatalogPage } from "./catalog-pages.js";
import { type DumpBlockRecord, type PreviousDumps, startDumps } from "./dumps.js";
import { writeIntoSync } from "./fresh-files.js";
import { DUMP_CLAIM, type RenderedFile, type RenderJob, renderDocumentPart } from "./render-document.js";
import { type PreviousValidation, type ValidationRecord, validateSite } from "./validate-site.js";

/** What the build asks one worker to validate (SHACL over the site, as `validateSite` in the build's thread). */
export interface WorkerValidationRequest {
  /** The shapes as N-Quads (RDF/JS objects cannot be sent to a thread). */
  readonly shapes: string;
  /** The shapes' fingerprint as the build computed it. */
  readonly stamp: string;
  /** Each document's content file. */
  readonly files: readonly (readonly [string, string])[];
  /** The previous build's records (an incremental build), or none. */
  readonly previous?: readonly (readonly [string, PreviousValidation])[];
}

/** What a render worker starts from. */
export interface RenderWorkerInit {
  readonly items: readonly ContentItem[];
  readonly baseIri: string;
  /** The build folder the files go into. */
  readonly folder: string;
  /** Ids of the formats to render, from govlod's own formats (functions cannot be sent to a thread). */
  readonly formats: readonly string[];
  /**
   * Everything to render; each thread claims the next index from `claims[0]`. When absent the worker builds its
   * site (and validates) meanwhile and waits for a {@link RenderWorkerJobs} message.
   */
  readonly jobs?: readonly RenderJob[];
  /**
   * Shared counters: `[0]` the next job to claim, `[1]` whether a worker has taken the validation, `[2]` who
   * writes the N-Quads dump ({@link DUMP_CLAIM}).
   */
  readonly claims: Int32Array;
  readonly validate?: WorkerValidationRequest;
  /** Whether a thread that has rendered its jobs may write the N-Quads dump (see {@link RenderWorkerJobs}). */
  readonly dumpNQuads?: boolean;
  /** What the N-Quads dump's blocks are made from (see {@link DumpSources}). */
  readonly dumpFrom?: DumpSources;
}

/**
 * For a worker that writes the N-Quads dump: each document's data fingerprint in the site's order (its blocks are
 * recorded with them), and the previous build's dumps to copy unchanged blocks from.
 */
export interface DumpSources {
  readonly fingerprints: readonly string[];
  readonly previous?: PreviousDumps | undefined;
}

/** The jobs of a worker started without them ({@link RenderWorkerInit.jobs}). */
export interface RenderWorkerJobs {
  readonly jobs: readonly RenderJob[];
  /**
   * Whether the N-Quads dump is to be written from the site's triples (the build writes no N-Quads files to read
   * it from): the first thread to run out of jobs takes it ({@link DUMP_CLAIM}), so a worker writes it while the
   * build's thread finishes its own jobs and writes the Turtle dump.
   */
  readonly dumpNQuads?: boolean;
  readonly dumpFrom?: DumpSources;
}

/** One rendered document. */
export interface RenderedDocument {
  readonly ref: string;
  readonly files: readonly RenderedFile[];
  readonly reads?: readonly ReadKey[];
}

/** One rendered Hydra page of the catalog. */
export interface RenderedPage {
  readonly catalogPage: number;
  readonly files: readonly WrittenPageFile[];
}

/** The validation a worker ran. */
export interface WorkerValidation {
  readonly issues: Issue[];
  readonly records: [string, ValidationRecord][];
}

/**
 * What a worker tells the build: rendered jobs (`jobsDone` with the last of them), its validation, the N-Quads
 * dump it wrote, that it is finished, or why it failed.
 */
export interface RenderWorkerMessage {
  readonly rendered?: readonly (RenderedDocument | RenderedPage)[];
  readonly jobsDone?: boolean;
  readonly validation?: WorkerValidation;
  readonly dumped?: readonly RenderedFile[];
  /** The N-Quads dump's blocks, when recorded (see StartedDumps). */
  readonly dumpBlocks?: readonly DumpBlockRecord[];
  readonly finished?: boolean;
  readonly error?: string;
}

/** Rendered jobs are sent to the build in batches of this many documents. */
const BATCH = 32;

/**
 * Validates the site as the build asked ({@link WorkerValidationRequest}) and sends it the results. In a function
 * of its own: a suspended async function keeps its locals, and `run` renders for the rest of the build (the
 * results are tens of megabytes at 10 000 items).
 */
async function validateForBuild(
  site: Site,
  request: WorkerValidationRequest,
  port: NonNullable<typeof parentPort>,
): Promise<void> {
  const { shapes, stamp, files, previous } = request;
  const quads = new Parser({ format: "N-Quads", blankNodePrefix: "" }).parse(shapes);
  const checked = await validateSite(
    site,
    new Map(files),
    quads,
    stamp,
    previous ? new Map(previous) : undefined,
  );
  port.postMessage({
    validation: { issues: checked.issues, records: [...checked.records] },
  } satisfies RenderWorkerMessage);
}

async function run(port: NonNullable<typeof parentPort>, init: RenderWorkerInit): Promise<void> {
  // Listening before the long work below: the jobs may come while the site is built.
  const assigned: Promise<RenderWorkerJobs> = init.jobs
    ? Promise.resolve({
        jobs: init.jobs,
        ...(init.dumpNQuads ? { dumpNQuads: true } : {}),
        ...(init.dumpFrom ? { dumpFrom: init.dumpFrom } : {}),
      })
    : new Promise((resolve) => port.once("message", (message: RenderWorkerJobs) => resolve(message)));
  const site = createSite(init.items, { baseIri: init.baseIri });
  const formats = init.formats.map((id) => {
    const format = DEFAULT_FORMATS.find((f) => f.id === id);
    if (!format) throw new Error(`a render worker cannot render the format ${id}`);
    return format;
  });
  if (init.validate && Atomics.compareExchange(init.claims, 1, 0, 1) === 0)
    await validateForBuild(site, init.validate, port);
  const { jobs, dumpNQuads, dumpFrom } = await assigned;
  const made = new Set<string>();
  let batch: (RenderedDocument | RenderedPage)[] = [];
  for (;;) {
    const job = jobs[Atomics.add(init.claims, 0, 1)];
    if (job === undefined) break;
    if ("catalogPage" in job) {
      const files = writeCatalogPage(site, formats, job.catalogPage, init.folder, made);
      batch.push({ catalogPage: job.catalogPage, files });
    } else {
      const { ref, part } = job;
      const doc = site.documents.get(ref);
      if (!doc) throw new Error(`the render worker's site has no document ${ref}`);
      const { resource, reads, files } = renderDocumentPart(site, doc, formats, part);
      for (const v of resource.variants)
        writeIntoSync(init.folder, v.path, v.body, resource.lastModified, made);
      batch.push({ ref, files, ...(reads ? { reads } : {}) });
    }
    if (batch.length >= BATCH || "catalogPage" in job) {
      port.postMessage({ rendered: batch } satisfies RenderWorkerMessage);
      batch = [];
    }
  }
  port.postMessage({ rendered: batch, jobsDone: true } satisfies RenderWorkerMessage);
  const dumped =
    dumpNQuads &&
    Atomics.compareExchange(init.claims, 2, DUMP_CLAIM.open, DUMP_CLAIM.worker) === DUMP_CLAIM.open
      ? await startDumps(
          init.folder,
          [...site.documents.values()].map((d, i) => ({
            graph: d.documentIri,
            quads: d.quads,
            fingerprint: dumpFrom?.fingerprints[i],
          })),
          site.lastModified,
          ["nq"],
          undefined,
          dumpFrom?.previous,
        )
      : undefined;
  await dumped?.written;
  port.postMessage({
    finished: true,
    ...(dumped ? { dumped: dumped.files } : {}),
    ...(dumped?.blocks.nq ? { dumpBlocks: dumped.blocks.nq } : {}),
  } satisfies RenderWorkerMessage);
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as RenderWorkerInit).catch((error: unknown) => {
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
    } satisfies RenderWorkerMessage);
  });
}
