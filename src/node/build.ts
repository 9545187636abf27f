import { createHash, type Hash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  utimes as utimesCallback,
  utimesSync,
} from "node:fs";
import {
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  utimes,
} from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Quad } from "@rdfjs/types";
import { Writer } from "n3";
import { IoError, type Issue, ValidationError } from "../errors.js";
import { parseRef } from "../model/common.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { carryTrails } from "../serialize/html-breadcrumbs.js";
import { carryBacklinks } from "../serialize/html-sections.js";
import {
  createNginxConfig,
  createNginxMaps,
  createNginxServer,
  type NginxVariant,
} from "../serialize/nginx.js";
import { answerRead, changedReads } from "../serialize/page-deps.js";
import type { ReadKey } from "../serialize/page-reads.js";
import { pageLastModified, sitemapMayDiffer } from "../serialize/sitemap.js";
import {
  carrySiteStatistics,
  type ResourceKind,
  siteResourcesLazily,
  voidQuads,
} from "../serialize/variants.js";
import {
  catalogMayDiffer,
  catalogQuadsOf,
  changedDocuments,
  createSite,
  type Site,
  type SiteDocument,
} from "../site/site.js";
import { carryValidationIndexes } from "../validate/documents.js";
import type { ShapesInput } from "../validate/shacl.js";
import { rdf } from "../vocab/index.js";
import { errorFiles, type StaticFile } from "./build-render.js";
import {
  catalogPageCount,
  packCatalogPage,
  type WrittenPageFile,
  writeCatalogPage,
} from "./catalog-pages.js";
import {
  type DumpBlockRecord,
  type DumpKind,
  DumpMemory,
  type DumpPart,
  type PreviousDumps,
  type StartedDumps,
  startDumps,
} from "./dumps.js";
import { unlinkQuietSync, validDate, writeChunksIntoSync, writeNewFile } from "./fresh-files.js";
import { splitAtHashes } from "./hash-blocks.js";
import { ContentCache, type LoadedItem, safeLoadContentDir } from "./load-content.js";
import {
  formatsOfPart,
  isPage,
  type RenderedFile,
  type RenderJob,
  type RenderPart,
  writeDocumentPart,
} from "./render-document.js";
import { type DataJob, dataChunk, type RenderPool, startRenderPool } from "./render-pool.js";
import {
  graphHash,
  type PreviousValidations,
  shapeQuads,
  shapesStamp,
  type ValidationRecord,
  validateSite,
} from "./validate-site.js";

/** What a build is doing, for progress bars and logs. */
export interface BuildProgress {
  readonly phase: "load" | "validate" | "render" | "site" | "swap";
  /** Documents done in the render phase; otherwise 0. */
  readonly done: number;
  /** Documents to do in the render phase; otherwise 0. */
  readonly total: number;
}

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** The content folder. */
  dir: string;
  /** The output folder; replaced as a whole, only by a complete and valid build. */
  out: string;
  /** The site's base IRI. Default `http://localhost:3000/`. */
  baseIri?: string;
  /** Reuse unchanged documents from the previous output (default true); false renders everything. */
  incremental?: boolean;
  /** More validation of the mapped site (SHACL); any violation stops the build before anything is written. */
  check?: (site: Site, loaded: readonly LoadedItem[]) => Promise<readonly Issue[]> | readonly Issue[];
  /**
   * SHACL shapes (e.g. `await loadShapes()`): the build validates the site and stops on any violation before
   * anything is written, as `check` would. Each document is validated on its bounded subgraph (in batches); an
   * incremental build validates only the documents whose subgraph changed, and takes the others' results from the
   * previous build's manifest.
   */
  shapes?: ShapesInput;
  /** Called as the build advances. */
  onProgress?: (progress: BuildProgress) => void;
  /**
   * Worker threads that validate (with `shapes`) and render the documents' data variants and the catalog's Hydra
   * pages but their HTML, from the triples this thread sends them (they hold no copy of the site), while this
   * thread renders the HTML pages and the whole-site resources, then takes what no worker has taken. Default: one
   * per core but one when 400 or more documents are rendered (else none), as many as memory holds
   * ({@link renderWorkerCount}); `0` validates and renders everything here. Only govlod's own formats can be
   * rendered in workers (a build with a custom format renders here). Each worker's heap may grow to
   * {@link WORKER_HEAP_MB}; one that runs out of it fails the build (the published build stays).
   */
  workers?: number;
  /** Formats of every document and the catalog. Default: the RDF formats and HTML. */
  formats?: readonly Format[];
  /** `listen` and `server_name` of the generated nginx configuration. */
  nginx?: { listen?: string; serverName?: string };
  /**
   * Who holds the output's lock, and whether a holder is still running (the CLI passes `pid@host` and checks
   * the process). Without it, a lock counts as abandoned once it has not been refreshed for 30 seconds.
   */
  lockOwner?: { id: string; isAlive(id: string): boolean };
  /**
   * A full garbage collection of this thread's heap (`v8FullCollection()`, or `gc` under `node --expose-gc`;
   * `govlod build` passes it). A build that maps and validates the whole site (one without a builder's previous
   * site: a one-off build, a builder's first) calls it once, when its documents are planned: the garbage of
   * loading, validating and planning is then gone before the whole-site files make theirs. V8 lets a heap grow
   * far past what is live before its own full collection, so without one the build's peak memory holds that
   * garbage too (at 100 000 items about 0.2 GB of its 1.95 GiB peak, for a 0.5–0.6 s pause of this thread;
   * `v8FullCollection()` skips it below 512 MiB of heap).
   */
  collectGarbage?: () => void;
}

/** What a build did. */
export interface BuildSummary {
  /** The output folder (absolute). */
  readonly out: string;
  readonly documents: number;
  /** Documents whose data variants (Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML) were rendered. */
  readonly rendered: number;
  /** Documents whose data variants were taken over from the previous output unchanged. */
  readonly reused: number;
  /** Documents whose HTML pages were rendered. */
  readonly pagesRendered: number;
  /** Documents whose HTML pages were taken over unchanged (only when no content changed at all). */
  readonly pagesReused: number;
  readonly triples: number;
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * The manifest kept inside the output (`.govlod/manifest.json`): what each document was built from. Version 3 keeps
 * the documents' entries in block files (`documentFiles`); version 2, written by earlier govlod builds, in the
 * manifest itself. {@link readBuildManifest} reads both into this form.
 */
export interface BuildManifest {
  readonly version: 2 | 3;
  readonly baseIri: string;
  /**
   * Hash of the renderer: govlod's version, the code that renders documents (mapping, site, serializers) and the
   * format list. A new govlod renders everything again.
   */
  readonly renderer: string;
  /** SHA-256 of every content file, by path relative to the content folder. */
  readonly sources: Readonly<Record<string, string>>;
  /** Per document (`kind/slug`): what its variants were rendered from, and the files it produced. */
  readonly documents: Readonly<Record<string, ManifestDocument>>;
  /**
   * The files holding `documents` (version 3), in order: blocks of about {@link MANIFEST_BLOCK_DOCUMENTS} entries,
   * each a JSON object with an entry a line, named after its first document (`.govlod/documents/{kind}/{slug}.json`).
   * A block whose entries did not change is the previous build's file, as a document's unchanged files are.
   */
  readonly documentFiles?: readonly string[];
  /**
   * The catalog's Hydra pages: what they were rendered from ({@link namedQuadsFingerprint}), their files, and
   * their files' total size in bytes (absent in the manifests of earlier govlod builds: then read from the files).
   */
  readonly catalogPages?: {
    readonly fingerprint: string;
    readonly files: readonly string[];
    readonly bytes?: number;
  };
  /** The whole-site resources (catalog, VoID, dumps, context, robots.txt): what they were rendered from, their files. */
  readonly siteFiles?: Readonly<Partial<Record<ResourceKind, SiteFilesRecord>>>;
  /**
   * Files of the build not listed above (the sitemap, error bodies, nginx rules), without the manifest and the
   * build history files ({@link BUILD_HISTORY_FILES}).
   */
  readonly otherFiles?: readonly string[];
}

/** The files of a whole-site resource and the fingerprint of what they were rendered from. */
export interface SiteFilesRecord {
  readonly fingerprint: string;
  readonly files: readonly ManifestFile[];
  /**
   * The dumps' blocks (where each is in the files and what it was made from): a build in a new process copies the
   * unchanged ones from the previous build's dumps.
   */
  readonly blocks?: Partial<Record<DumpKind, readonly DumpBlockRecord[]>>;
}

/** A document in the manifest. */
export interface ManifestDocument {
  /**
   * Fingerprint of the document's SHACL validation input (the shapes, its file and its bounded subgraph), when the
   * build validated with `shapes`; `issues` are the results about its nodes (warnings: a build with violations
   * is never written).
   */
  readonly validation?: string;
  readonly issues?: readonly Issue[];
  /** Fingerprint of the data variants: the renderer, the base IRI and the document's own triples. */
  readonly data: string;
  /**
   * Fingerprint of the HTML pages: the renderer, the base IRI, the document's content, and the answers to the
   * queries the pages made of the site while they rendered (`reads`) with the content of the documents named in
   * those answers.
   */
  readonly page: string;
  /** The queries the pages made of the site ({@link ReadKey}); without them the pages are rendered again. */
  readonly reads?: readonly ReadKey[];
  readonly files: readonly ManifestFile[];
}

/** One variant file of a document, as the manifest records it. */
export type ManifestFile = RenderedFile;

/**
 * What a build does with one document: the files it keeps from the previous build, the ones it rendered, what its
 * manifest entry is made from; and its part of the dumps (a builder keeps each document's part by the document
 * object; its files are looked up only when its part is made again, see DumpMemory).
 */
class DocumentPlan implements DumpPart {
  fresh: readonly RenderedFile[] = [];
  /** Its parts still to render: its data variants and its pages are two when workers render the data. */
  parts = 0;
  readonly graph: string;
  readonly quads: readonly Quad[];
  constructor(
    /** The document. */
    readonly key: SiteDocument,
    readonly kept: readonly ManifestFile[],
    /** Its data fingerprint. */
    readonly data: string,
    /** Its entry in the previous build's manifest. */
    readonly before: ManifestDocument | undefined,
    /** The queries its pages made, and their fingerprint (see ManifestDocument), once known. */
    public reads: readonly ReadKey[] | undefined,
    public page: string | undefined,
  ) {
    this.graph = key.documentIri;
    this.quads = key.quads;
  }
  /** Its part of the dumps is made from its data (see DumpPart). */
  get fingerprint(): string {
    return this.data;
  }
  get nq(): string | undefined {
    return planPath(this, "nq");
  }
  get ttl(): string | undefined {
    return planPath(this, "ttl");
  }
}

/** The path of a document's file in `format` that a build keeps or writes. */
function planPath(plan: DocumentPlan, format: string): string | undefined {
  return (plan.kept.find((f) => f.format === format) ?? plan.fresh.find((f) => f.format === format))?.path;
}

/**
 * Memory a render worker needs: its heap ({@link WORKER_HEAP_MB} at most, well below that while it works) and its
 * young generation, the tasks it holds, the files it writes.
 */
const WORKER_BYTES = 768 * 1024 ** 2;

/**
 * The old generation a render worker may grow to, in MB. A worker holds what it works on — a batch of 1 000
 * documents' subgraphs to validate, a few chunks of documents, a catalog page — not the site; V8 lets garbage
 * grow to about halfway between what is live and this limit before it collects it all, so the limit is what
 * keeps a worker small.
 */
export const WORKER_HEAP_MB = 1024;

/**
 * Render workers for a build that renders `jobs` documents: none below 400 (starting threads costs more than they
 * save), else one per core but the build's own (which renders the pages and the whole-site files, then the rest
 * with them) — and no more than memory holds, {@link WORKER_BYTES} each, from the `freeBytes` the machine (or the
 * container's limit) has beyond what this process already uses.
 */
export function renderWorkerCount(jobs: number, cores: number, freeBytes: number): number {
  if (jobs < 400) return 0;
  const byMemory = Math.floor(freeBytes / WORKER_BYTES);
  return Math.max(0, Math.min(cores - 1, byMemory));
}

/** {@link renderWorkerCount} on this machine, from this process's memory once the site is loaded (`used`). */
function defaultRenderWorkers(jobs: number, used: NodeJS.MemoryUsage): number {
  const total = totalmem();
  // The container's limit when there is one (cgroups); Node answers 0 or a huge number when there is none.
  const limit = process.constrainedMemory?.() ?? 0;
  const memory = limit > 0 && limit < total ? limit : total;
  return renderWorkerCount(jobs, availableParallelism(), memory - used.rss);
}

/**
 * Writes a file and dates it, with the callback API: for tens of thousands of small files it costs half the CPU
 * of `fs/promises` (no FileHandle per file).
 */
function writeDated(target: string, body: Uint8Array, modified: Date | undefined): Promise<void> {
  return writeNewFile(target, body).then(
    () =>
      modified &&
      new Promise<void>((resolve, reject) =>
        utimesCallback(target, modified, modified, (e) => (e ? reject(e) : resolve())),
      ),
  );
}

/** Documents the build's own thread renders between two turns of the event loop. */
const YIELD_EVERY = 32;

/** Documents a render worker is sent at a time (their triples packed in one message). */
const WORKER_CHUNK = 32;

/**
 * Lets the event loop turn between long synchronous stretches of a build (planning, whole-site files, rendering):
 * the lock's heartbeat runs every 5 s and a lock not refreshed for 30 s counts as abandoned, and at 100 000 items
 * planning and the whole-site files together took about that long.
 */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How many files a build writes at once while it renders the next ones. */
const MAX_WRITES_IN_FLIGHT = 64;

/** The average number of document entries in a block file of the manifest ({@link BuildManifest.documentFiles}). */
export const MANIFEST_BLOCK_DOCUMENTS = 128;

/** The folder inside the output with the manifest, nginx rules and error bodies (never served). */
export const BUILD_META_DIR = ".govlod";
const MANIFEST = `${BUILD_META_DIR}/manifest.json`;
/** The folder of the manifest's block files ({@link BuildManifest.documentFiles}). */
const MANIFEST_DOCUMENTS_DIR = `${BUILD_META_DIR}/documents`;
/** The manifest written before the last of the build's bytes are on disk, renamed to {@link MANIFEST} once they are. */
const MANIFEST_PENDING = `${BUILD_META_DIR}/manifest.json.pending`;

/**
 * Files a build writes about its relation to the previous one, not about the site: `standby` names the previous
 * build folder, kept beside this one when this build was incremental and wrote at most half of the files;
 * `changes.json` (`{ from, paths }`) lists the paths in which this build differs from it (written here, or there
 * and not here). The next build renames the kept folder and brings it up to date in place: it replaces those
 * paths with links to this build's files, then writes only what it renders, and never links unchanged files.
 */
export const BUILD_HISTORY_FILES = [`${BUILD_META_DIR}/standby`, `${BUILD_META_DIR}/changes.json`] as const;

/**
 * The siblings a build uses next to `out`: `builds` holds one folder per build (`out` is a symlink to the current
 * one), `link` is the new symlink before it is renamed over `out`, `lock` the lock file. `tmp` and `old` are the
 * folders of the earlier layout (a real `out` swapped with two renames), which {@link recoverOutput} still repairs.
 */
export function buildSiblings(out: string): {
  builds: string;
  link: string;
  lock: string;
  tmp: string;
  old: string;
} {
  const abs = resolve(out);
  const name = basename(abs);
  const sibling = (suffix: string) => join(dirname(abs), `.${name}.govlod-${suffix}`);
  return {
    builds: sibling("builds"),
    link: sibling("link"),
    lock: sibling("lock"),
    tmp: sibling("tmp"),
    old: sibling("old"),
  };
}

/** A lock not refreshed for this long belongs to a build that died (killed, power loss). */
const STALE_LOCK_MS = 30_000;
const LOCK_HEARTBEAT_MS = 5_000;

/**
 * Takes the lock of an output folder (a sibling file created exclusively), so two builds into the same folder
 * never share the temporary folder; refreshed while the build runs, so a killed build's lock goes stale instead
 * of blocking forever. Resolves to the release function.
 */
async function lockOutput(out: string, owner?: BuildOptions["lockOwner"]): Promise<() => Promise<void>> {
  const { lock } = buildSiblings(out);
  await mkdir(dirname(lock), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(owner?.id ?? new Date().toISOString());
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) {
        throw new IoError(
          `Another build into ${out} is running (lock ${lock}); wait for it or remove the lock`,
          {
            cause: error,
          },
        );
      }
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
      const holder = await readFile(lock, "utf8").catch(() => "");
      const dead = owner !== undefined && holder !== "" && !owner.isAlive(holder);
      if (age < STALE_LOCK_MS && !dead) {
        throw new IoError(
          `Another build into ${out} is running (lock ${lock}); wait for it or remove the lock`,
        );
      }
      await rm(lock, { force: true });
    }
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(lock, now, now).catch(() => {});
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await rm(lock, { force: true });
  };
}

/**
 * Repairs what a killed build left beside `out`; call it only while no build into `out` runs (a build does, under
 * its lock). It finishes a switch interrupted while `out` was missing (only possible when a real folder of the
 * earlier layout was moved into the builds folder: the new symlink is renamed into place), removes a new symlink
 * that never got renamed, and deletes every folder in the builds folder except the one `out` points to and the
 * complete previous build it keeps (partial builds of killed runs, previous builds whose deletion was
 * interrupted). For the earlier layout it puts a
 * previous output moved aside (`-old`) back and removes its temporary folder.
 */
export async function recoverOutput(out: string): Promise<void> {
  const abs = resolve(out);
  const { builds, link, tmp, old } = buildSiblings(abs);
  const [hasOut, hasOld, hasLink] = await Promise.all([present(abs), present(old), present(link)]);
  if (!hasOut && hasOld) await rename(old, abs);
  else if (hasOld) await rm(old, { recursive: true, force: true });
  await rm(tmp, { recursive: true, force: true });
  if (hasLink) {
    if (!hasOut && !hasOld) await rename(link, abs);
    else await rm(link, { force: true });
  }
  const current = await currentBuild(abs);
  let entries: string[];
  try {
    entries = await readdir(builds);
  } catch {
    return; // no builds folder yet
  }
  const standby = current ? await standbyOf(current) : undefined;
  for (const e of entries) {
    const folder = join(builds, e);
    if (folder !== current && folder !== standby) await rm(folder, { recursive: true, force: true });
  }
}

const [STANDBY, CHANGES] = BUILD_HISTORY_FILES;

/**
 * The previous build a build folder keeps beside it, when it is complete (has its manifest): the next build
 * brings it up to date in place instead of linking every file into a new folder.
 */
async function standbyOf(current: string): Promise<string | undefined> {
  const name = (await readFile(join(current, STANDBY), "utf8").catch(() => "")).trim();
  if (!name || name.includes("/") || name.startsWith(".")) return undefined;
  const folder = join(dirname(current), name);
  return (await exists(join(folder, MANIFEST))) ? folder : undefined;
}

/** The build folder `out` points to, when `out` is a symlink into its builds folder. */
async function currentBuild(out: string): Promise<string | undefined> {
  try {
    const info = await lstat(out);
    if (!info.isSymbolicLink()) return undefined;
    const target = await realpath(out);
    const builds = await realpath(buildSiblings(out).builds);
    return dirname(target) === builds ? join(buildSiblings(out).builds, basename(target)) : undefined;
  } catch {
    return undefined; // missing, dangling, or no builds folder
  }
}

/**
 * Builds a static site: every variant of every document, the catalog in every format, dumps (and their gzip),
 * VoID, sitemap, robots, the JSON-LD context, and nginx rules that reproduce the router. `out` is a symlink to a
 * build folder beside it (`.<out>.govlod-builds/<id>`): a build writes a new folder and, only when it is complete,
 * renames a new symlink over `out` — one `rename(2)`, atomic on POSIX — then deletes the previous folder (an
 * incremental build that wrote at most half of the files keeps it, and the next build renames it and brings it up
 * to date in place: see {@link BUILD_HISTORY_FILES}; files are only ever replaced, never written through, so the
 * served build's files, hard-linked into it, never change). Invalid
 * content throws `ValidationError`; a failed or killed build leaves the previous output as it was, and at every
 * moment `out` is the previous build or the complete new one. Variants whose fingerprint is unchanged are
 * hard-linked from the previous build instead of rendered.
 *
 * Earlier layout. When `out` is a real folder (an earlier govlod build, or an empty folder), the first build
 * moves it into the builds folder and then renames the symlink into place: the one step that is not atomic, once.
 * A kill between those two renames leaves `out` missing for that moment, with the complete new build and its
 * symlink beside it; {@link recoverOutput} (run by the next build) renames the symlink into place.
 *
 * Dependency rule. A data variant (Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML) is a function of the document's
 * own triples, its graph name and the context URL, so its fingerprint is the renderer (govlod's code and the
 * formats), the base IRI and the document's triples — after mapping, so a change elsewhere that changes them (an
 * organisation getting an organisation number changes every `publisher` IRI) re-renders it. An HTML page reads
 * other documents (names of linked things, back-links, breadcrumbs, the site's name from the catalog, dates of
 * neighbours): while it renders, every such query is recorded (`serialize/page-reads.ts`), and its fingerprint
 * ({@link pageFingerprint}) covers its own content and each query's answer with the content of the documents
 * named in it. A news item's new title renders its own pages and the pages that show it, nothing else.
 * @example
 * const summary = await buildSite({ dir: "data", out: "public", baseIri: "https://data.example.gov/" });
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  return buildWith(options, undefined);
}

/** What a {@link Builder} keeps of its builds: the content it read, the last site and the last build's manifest. */
interface BuildMemory {
  readonly content: ContentCache;
  readonly dumps: DumpMemory;
  /** The last nginx rules and what they were made of. */
  nginx?: {
    readonly input: string;
    readonly languages: ReadonlyMap<string, readonly string[]>;
    readonly rules: { maps: string; server: string; config: string };
    /** The site of the build that made them (it may have failed after: then it is not the kept `site`). */
    readonly site: Site;
  };
  /** The manifest bytes of each document entry. */
  readonly entries: WeakMap<object, JsonEntry>;
  site?: Site;
  /** The last build's folder, its manifest, and the shapes stamp it validated with. */
  last?: { readonly folder: string; readonly manifest: BuildManifest; readonly stamp?: string | undefined };
}

/** A long-running builder of one content folder into one output (see {@link createBuilder}). */
export interface Builder {
  /**
   * Builds the site as {@link buildSite} does with the builder's options; from the second call on, from what the
   * builder remembers of its last build instead of reading and mapping everything again. `incremental: false`
   * renders everything this once (`--full`).
   */
  build(overrides?: { incremental?: boolean }): Promise<BuildSummary>;
}

/**
 * A builder for a process that stays up while content is edited (`govlod build --watch`, a preview server): each
 * {@link Builder.build} writes the same output {@link buildSite} would, but keeps between builds what a new
 * process would have to recompute — the parsed content files (a file is read again only when its modification
 * time, change time, size or inode changed), the mapped documents (an unchanged item keeps its triples), their
 * fingerprints, and the last build's manifest. A rebuild after an edit costs what the edit touches, plus a pass
 * over the file states and the documents' records. What it keeps is memory: about 0.5 GB at 10 000 items.
 * @example
 * const builder = createBuilder({ dir: "data", out: "public", shapes: await loadShapes() });
 * await builder.build(); // full (or incremental against the output already there)
 * // … a content file changes …
 * await builder.build(); // only what changed
 */
export function createBuilder(options: BuildOptions): Builder {
  const memory: BuildMemory = {
    content: new ContentCache(),
    dumps: new DumpMemory(),
    entries: new WeakMap(),
  };
  let running: Promise<unknown> = Promise.resolve();
  return {
    build(overrides = {}) {
      // One build at a time: the next one starts from what the previous one leaves.
      const next = running.then(() => buildWith({ ...options, ...overrides }, memory));
      running = next.catch(() => {});
      return next;
    },
  };
}

async function buildWith(options: BuildOptions, memory: BuildMemory | undefined): Promise<BuildSummary> {
  const started = performance.now();
  const out = resolve(options.out);
  const formats = options.formats ?? DEFAULT_FORMATS;
  const progress = options.onProgress ?? (() => {});
  const release = await lockOutput(out, options.lockOwner);
  try {
    return await buildLocked(options, out, formats, progress, started, memory);
  } finally {
    await release();
  }
}

async function buildLocked(
  options: BuildOptions,
  out: string,
  formats: readonly Format[],
  progress: (p: BuildProgress) => void,
  started: number,
  memory: BuildMemory | undefined,
): Promise<BuildSummary> {
  await recoverOutput(out);
  await assertReplaceable(out, resolve(options.dir));

  progress({ phase: "load", done: 0, total: 0 });
  const loaded = await safeLoadContentDir(options.dir, memory ? { cache: memory.content } : {});
  if (!loaded.success) throw new ValidationError(loaded.issues);
  const site = createSite(
    loaded.items.map((l) => l.item),
    options.baseIri ? { baseIri: options.baseIri } : {},
    memory?.site,
  );
  const previousDir = await realpath(out).catch(() => undefined);
  // Whether `out` is one of our build folders, looked up now: at the end libuv's threads are busy with the dumps.
  const served = currentBuild(out);
  // A builder's last build, when it is still the output, need not be read back.
  const previous =
    options.incremental === false || previousDir === undefined
      ? undefined
      : memory?.last?.folder === previousDir
        ? memory.last.manifest
        : await readBuildManifest(previousDir);
  const renderer = await rendererStamp(formats);
  const usable =
    previous && previous.renderer === renderer && previous.baseIri === site.baseIri ? previous : undefined;
  // Not mkdtemp: its 0700 would keep a web server's user (nginx workers run as nobody) out of the build.
  const tmp = join(buildSiblings(out).builds, newBuildId());
  // The previous build's own previous build, when it kept one: brought up to date in place (it differs from the
  // previous build in the paths the previous manifest lists), so unchanged files need no new link.
  const standby = usable && previousDir ? await standbyOf(previousDir) : undefined;
  const history = standby && previousDir ? await readChanges(previousDir) : undefined;
  const inPlace = history && standby && basename(standby) === history.from ? history.paths : undefined;
  /** Paths the current build lacks: a document whose files are among them is rendered, not reused. */
  const missing = new Set<string>();
  /** The previous files this build replaced in place, being deleted (see catchUp). */
  let clearing: Promise<void> | undefined;
  try {
    if (inPlace && previousDir && standby) {
      unlinkQuietSync(join(standby, MANIFEST)); // incomplete from here on: a killed build leaves it to be deleted
      await rename(standby, tmp);
      const caught = catchUp(previousDir, tmp, inPlace);
      for (const p of caught.missing) missing.add(p);
      clearing = rm(caught.aside, { recursive: true, force: true });
      clearing.catch(() => {}); // awaited before the switch
    } else await mkdir(tmp, { recursive: true });
  } catch (error) {
    await clearing?.catch(() => {});
    await rm(tmp, { recursive: true, force: true });
    throw new IoError(`Build into ${out} failed: ${(error as Error).message}`, { cause: error });
  }
  /** Every path this build writes, and every path it keeps from the previous build. */
  const writtenPaths = new Set<string>();
  const keptPaths = new Set<string>();
  // A builder knows what its last build held: this one's is that set less the previous files it does not keep
  // (`dropped`) plus the ones it writes, instead of every kept path added again.
  const heldBefore = memory && usable ? MANIFEST_PATHS.get(usable) : undefined;
  const dropped: string[] = [];
  const keeping = heldBefore ? undefined : keptPaths;

  let files = 0;
  let bytes = 0;
  let reused = 0;
  let pagesReused = 0;
  // One mkdir per folder, not per file (a build writes tens of thousands of files into a few hundred folders).
  const made = new Set<string>();
  const ensureDir = async (folder: string) => {
    if (made.has(folder)) return;
    await mkdir(folder, { recursive: true });
    made.add(folder);
  };
  /** Paths written on their own (through `write`), not as a document's, a resource's or a catalog page's. */
  const writtenAlone = new Set<string>();
  const writeNow = async (file: StaticFile) => {
    writtenPaths.add(file.path);
    writtenAlone.add(file.path);
    const target = join(tmp, file.path);
    await ensureDir(dirname(target));
    const body = typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body;
    const modified = validDate(file.modified);
    await writeDated(target, body, modified);
    files++;
    bytes += body.byteLength;
  };
  // Files are written while the next ones render: up to MAX_WRITES_IN_FLIGHT at once on libuv's threads, so the
  // disk and the CPU work at the same time. `flush` waits for all of them and throws the first failure.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const write = async (file: StaticFile): Promise<{ done: Promise<void> }> => {
    if (failure !== undefined) throw failure;
    const done: Promise<void> = writeNow(file)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    if (inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    return { done };
  };
  const flush = async () => {
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  };

  let pool: RenderPool | undefined;
  let dumping: Promise<void> | undefined;
  /** The N-Quads dump when it is written from the triples, before the documents' files are done. */
  let nqDumping: Promise<StartedDumps> | undefined;
  /** Settles once the dumps' last bytes are on disk (`dumping` settles when their files are known). */
  let dumpsWritten: Promise<void> | undefined;
  try {
    const docs = [...site.documents.values()];
    // What each document keeps from the previous build (hard links), and what it must render.
    const plans = new Map<string, DocumentPlan>();
    const jobs: RenderJob[] = [];
    const pagesDone: string[][] = [];
    let done = 0;
    /** Each format's place in the build's formats: a document's files are recorded in that order. */
    const formatOrder = new Map(formats.map((f, i) => [f.id, i]));
    /** Records a rendered document or part of one (in a worker or here): its files, counted. */
    const rendered = (ref: string, fresh: readonly RenderedFile[], reads: readonly ReadKey[] | undefined) => {
      const plan = plans.get(ref) as DocumentPlan;
      // Its data variants and its pages rendered apart (in either order): in the formats' order, as rendered whole.
      plan.fresh =
        plan.fresh.length === 0
          ? fresh
          : [...plan.fresh, ...fresh].sort(
              (a, b) => (formatOrder.get(a.format) ?? 0) - (formatOrder.get(b.format) ?? 0),
            );
      for (const f of fresh) writtenPaths.add(f.path);
      if (reads) {
        plan.reads = reads;
        plan.page = pageFingerprint(site, site.documents.get(ref) as SiteDocument, reads, fingerprints);
      }
      files += fresh.length;
      for (const f of fresh) bytes += f.bytes ?? 0;
      if (--plan.parts > 0) return;
      done++;
      progress({ phase: "render", done, total: docs.length });
    };
    /** The catalog pages' files' total size. */
    let pageBytes = 0;
    /** Records a rendered catalog page (in a worker or here): its files, counted. */
    const pageRendered = (page: number, written: readonly WrittenPageFile[]) => {
      // (Its HTML files and the others may be written apart, by two threads.)
      pagesDone[page] = [...(pagesDone[page] ?? []), ...written.map((f) => f.path)];
      for (const f of written) {
        writtenPaths.add(f.path);
        bytes += f.bytes;
        pageBytes += f.bytes;
      }
      files += written.length;
    };
    // SHACL: its batches in the render workers when there are any (they start at once, with a larger young
    // generation than this thread's), else here (see where `validating` starts).
    const contentFiles = new Map(loaded.items.map((l) => [l.ref, l.file]));
    // What the previous build recorded of each document's validation: only when this one validates.
    // (The manifest's entries have the two fields a previous validation is read from.)
    const previousValidation: PreviousValidations | undefined =
      previous && options.shapes ? { get: (ref) => previous.documents[ref] } : undefined;
    let validation: Map<string, ValidationRecord> | undefined;
    let violations: ValidationError | undefined;
    const validated = (checked: { issues: Issue[]; records: Map<string, ValidationRecord> }) => {
      // Violations looked for per document: the merged list of every issue is made only to report them.
      let violating = false;
      for (const r of checked.records.values())
        if (r.issues.some((i) => i.severity === "violation")) {
          violating = true;
          break;
        }
      if (violating) violations ??= new ValidationError(checked.issues, { code: "shacl_violation" });
      validation = checked.records;
    };
    /** The formats whose files show only their own triples: a render worker's (HTML pages show other documents). */
    const dataFormats = formats.filter((f) => !isPage(f));
    /**
     * Starts the render workers (none for a small build, or a format a thread cannot render). They hold no copy of
     * the site: this thread sends them the triples of what they validate and render.
     */
    const startPool = (count: number) => {
      // This process's memory once the site is loaded: what is left for workers.
      const threads = options.workers ?? defaultRenderWorkers(count, process.memoryUsage());
      if (threads <= 0 || !formats.every((f) => DEFAULT_FORMATS.includes(f)) || count === 0) return undefined;
      const shapes = options.shapes;
      return startRenderPool({
        baseIri: site.baseIri,
        folder: tmp,
        formats: dataFormats.map((f) => f.id),
        ...(shapes
          ? { shapes: new Writer({ format: "N-Quads" }).quadsToString([...shapeQuads(shapes)]) }
          : {}),
        workers: threads,
        oldGenerationMb: WORKER_HEAP_MB,
        onRendered: (r) =>
          "ref" in r ? rendered(r.ref, r.files, undefined) : pageRendered(r.catalogPage, r.files),
      });
    };
    // A build without a usable previous one renders every document: its workers start now and validate while
    // this thread plans (their documents to render follow).
    if (!usable) pool = startPool(site.documents.size);
    // A builder's previous site, when the previous manifest is the one built from it: its unchanged documents are
    // the same objects here, and what they recorded holds unless a changed document reaches it.
    const earlier = memory?.site && usable && usable === memory.last?.manifest ? memory.site : undefined;
    const fingerprints = documentFingerprints(site, renderer, earlier);
    if (earlier) {
      carryBacklinks(earlier, site);
      carryTrails(earlier, site);
    }
    // The documents whose pages recorded a query that may answer differently now: looked up per query in the
    // builder's index of its last manifest's reads (a few thousand queries, not every page's list).
    const staleReads =
      earlier && usable ? staleReaders(readersOf(usable), changedReads(earlier, site)) : undefined;
    // What changed since the builder's previous site (a few documents): the others are the same objects.
    const changes = earlier ? changedDocuments(earlier, site) : [];
    const changedHere = new WeakSet<SiteDocument>();
    for (const c of changes) if (c.after) changedHere.add(c.after);
    /** The previous site's documents this one no longer has. */
    const goneRefs = changes.flatMap((c) => (c.after ? [] : [c.ref]));
    /** Whether `doc`, a document of this site, is the same object in the builder's previous site. */
    const asBefore = (doc: SiteDocument) => earlier !== undefined && !changedHere.has(doc);
    // SHACL: before anything is rendered here; with render workers, in their batches while this thread plans and
    // renders (a violation stops the build as soon as it is known, and always before its output is switched).
    let validating: Promise<void> | undefined;
    if (options.shapes) {
      progress({ phase: "validate", done: 0, total: 0 });
      const shapes = options.shapes;
      const own = OWN_HASHES.get(fingerprints);
      const stamp = shapesStamp(shapes);
      // An unchanged document of the builder's previous site keeps its validation key while the types of what
      // it links to are the same.
      const kept = earlier && memory?.last?.stamp === stamp ? typesUnchanged(earlier, site) : undefined;
      // The SHACL indexes of the site (described nodes, things' types, owners) from the previous site's.
      if (earlier) carryValidationIndexes(earlier, site);
      validating = validateSite(site, contentFiles, shapes, stamp, previousValidation, {
        ownHash: (d) => own?.get(d.ref) ?? graphHash(d.quads),
        ...(kept
          ? {
              knownKey: (d: SiteDocument) =>
                asBefore(d) && kept(d) ? usable?.documents[d.ref]?.validation : undefined,
            }
          : {}),
        ...(pool ? { validateBatch: pool.validate } : {}),
      }).then(validated);
      validating.catch(() => {}); // awaited below
      if (!pool) await validating;
    }
    await turn();
    // The catalog's Hydra pages: linked from the previous build when what they show did not change, else rendered
    // with the documents (first: each is a large piece of work).
    const pagesFingerprint =
      earlier &&
      usable?.catalogPages &&
      earlier.lastModified?.getTime() === site.lastModified?.getTime() &&
      !catalogMayDiffer(earlier, site)
        ? usable.catalogPages.fingerprint
        : namedQuadsFingerprint(site, renderer, catalogQuadsOf(site));
    const pagesBefore = usable?.catalogPages;
    // Their total size, when recorded, counts them (instead of a stat of each).
    const pagesTotal = pagesBefore?.bytes;
    const pagesBytes =
      previousDir !== undefined && pagesBefore?.fingerprint === pagesFingerprint
        ? reuse(
            previousDir,
            tmp,
            pagesBefore.files.map((path) => (pagesTotal === undefined ? { path } : { path, bytes: 0 })),
            made,
            inPlace ? missing : undefined,
            keeping,
          )
        : undefined;
    const pageFiles: string[] = [];
    if (pagesBefore && pagesBytes !== undefined) {
      pageFiles.push(...pagesBefore.files);
      files += pageFiles.length;
      pageBytes = pagesTotal ?? pagesBytes;
      bytes += pageBytes;
    } else {
      if (heldBefore && pagesBefore) dropped.push(...pagesBefore.files);
      const pages = catalogPageCount(site);
      for (let page = 1; page <= pages; page++) jobs.push({ catalogPage: page });
    }
    // The formats whose files are pages (HTML), looked up per file.
    const pageFormats = sharedSet(formats.filter(isPage).map((f) => f.id));
    const hasPages = pageFormats.size > 0;
    for (const doc of docs) {
      const fingerprint = fingerprints.docs.get(doc.ref) as DocumentFingerprint;
      const before = usable?.documents[doc.ref];
      const { data: previousData, pages: previousPages, both } = splitFiles(before?.files ?? [], pageFormats);
      const dataBytes =
        before?.data === fingerprint.data && previousDir !== undefined
          ? reuse(previousDir, tmp, previousData, made, inPlace ? missing : undefined, keeping)
          : undefined;
      // A build without HTML has no pages to fingerprint or keep (nor does it record what they read).
      const pageBytes = !hasPages
        ? 0
        : before?.reads !== undefined &&
            previousDir !== undefined &&
            ((staleReads && asBefore(doc) && !staleReads.has(doc.ref)) ||
              before.page === pageFingerprint(site, doc, before.reads, fingerprints))
          ? reuse(previousDir, tmp, previousPages, made, inPlace ? missing : undefined, keeping)
          : undefined;
      const dataReused = dataBytes !== undefined;
      const pageReused = pageBytes !== undefined;
      if (heldBefore) {
        if (!dataReused) for (const f of previousData) dropped.push(f.path);
        if (!pageReused) for (const f of previousPages) dropped.push(f.path);
      }
      const kept = dataReused ? (pageReused ? both : previousData) : pageReused ? previousPages : [];
      files += kept.length;
      bytes += (dataBytes ?? 0) + (pageBytes ?? 0);
      if (dataReused) reused++;
      if (pageReused && hasPages) pagesReused++;
      const part: RenderPart | undefined = dataReused
        ? pageReused
          ? undefined
          : "page"
        : pageReused
          ? "data"
          : "all";
      const keepsPage = pageReused && hasPages && before?.reads !== undefined;
      plans.set(
        doc.ref,
        new DocumentPlan(
          doc,
          kept,
          fingerprint.data,
          before,
          keepsPage ? before.reads : undefined,
          keepsPage ? before.page : undefined,
        ),
      );
      if (part) jobs.push({ ref: doc.ref, part });
    }

    // The previous build's documents that are gone, and its files written on their own (written again if still made).
    if (heldBefore && usable) {
      // (A builder whose previous site this manifest is knows them from its changes.)
      const gone = earlier
        ? goneRefs
        : Object.keys(usable.documents).filter((ref) => !site.documents.has(ref));
      for (const ref of gone) for (const f of usable.documents[ref]?.files ?? []) dropped.push(f.path);
      dropped.push(...(usable.otherFiles ?? []));
    }

    // Whole-site resources whose inputs did not change are linked from the previous build.
    await turn();
    // VoID counts the whole site: a builder takes the counts over when the edits cannot have changed them.
    if (earlier) carrySiteStatistics(earlier, site);
    const siteFingerprints = siteResourceFingerprints(
      site,
      renderer,
      fingerprints,
      pagesFingerprint,
      earlier,
    );
    // The sitemap's fingerprint is its text's hash (taken as it is written); a builder keeps it while no changed
    // document can change it.
    const sitemapBefore = usable?.siteFiles?.sitemap?.fingerprint;
    if (earlier && sitemapBefore && !sitemapMayDiffer(earlier, site))
      siteFingerprints.set("sitemap", sitemapBefore);
    const siteFiles: Partial<Record<ResourceKind, SiteFilesRecord>> = {};
    for (const [kind, fingerprint] of siteFingerprints) {
      const before = usable?.siteFiles?.[kind];
      if (before?.fingerprint !== fingerprint || previousDir === undefined) continue;
      const linked = reuse(previousDir, tmp, before.files, made, inPlace ? missing : undefined, keeping);
      if (linked === undefined) continue;
      files += before.files.length;
      bytes += linked;
      siteFiles[kind] = before;
    }
    if (heldBefore)
      for (const [kind, record] of Object.entries(usable?.siteFiles ?? {}))
        if (record && siteFiles[kind as ResourceKind] !== record)
          for (const f of record.files) dropped.push(f.path);
    // Rendering: what shows only its own triples (documents' data variants, the catalog pages' files but HTML) in
    // worker threads as well for a large build in govlod's own formats (a custom format cannot be sent to a thread),
    // the rest here. A worker renders from the triples this thread sends it while this thread renders the HTML pages
    // and the whole-site resources; then this thread takes what no worker has taken. (A build without a usable
    // previous one decided on its workers above.)
    if (usable && !pool) pool = startPool(jobs.length);
    /** What this thread renders; what a worker may render too is taken from `shared` by either. */
    const here: RenderJob[] = [];
    const shared: RenderJob[] = [];
    // The catalog pages first: a worker takes them while this thread renders its own, so that it renders few of them
    // (a page's texts are megabytes each, made in the old generation: this thread's heap, the build's largest,
    // would grow by them until its next full collection).
    const sharedPages: RenderJob[] = [];
    for (const job of jobs) {
      if ("catalogPage" in job) {
        if (!pool) here.push(job);
        else {
          sharedPages.push({ catalogPage: job.catalogPage, part: "data" });
          if (hasPages) here.push({ catalogPage: job.catalogPage, part: "page" });
        }
      } else {
        const plan = plans.get(job.ref) as DocumentPlan;
        if (!pool || job.part === "page") {
          plan.parts = 1;
          here.push(job);
        } else if (job.part === "data") {
          plan.parts = 1;
          shared.push(job);
        } else {
          // Both: its pages here, its data variants wherever they are taken.
          plan.parts = 2;
          shared.push({ ref: job.ref, part: "data" });
          here.push({ ref: job.ref, part: "page" });
        }
      }
    }
    shared.unshift(...sharedPages);
    // The whole site was loaded, validated and planned here: its garbage is collected before more is made.
    if (!earlier) options.collectGarbage?.();
    progress({ phase: "render", done: 0, total: docs.length });
    done = docs.length - jobs.filter((j) => "ref" in j).length;
    /** The next of `shared` not yet taken by a worker, and the end of what this thread has not taken. */
    let nextShared = 0;
    let sharedEnd = shared.length;
    const isPageJob = (i: number) => "catalogPage" in (shared[i] as RenderJob);
    /**
     * The next jobs of `shared` for a worker, from the front: a catalog page alone (a chunk's worth of work), else up
     * to `count` documents.
     */
    const takeShared = (count: number): RenderJob[] | undefined => {
      if (nextShared >= sharedEnd) return undefined;
      let end = nextShared + 1;
      if (!isPageJob(nextShared))
        while (end < sharedEnd && end - nextShared < count && !isPageJob(end)) end++;
      const taken = shared.slice(nextShared, end);
      nextShared = end;
      return taken;
    };
    /** Up to `count` documents of `shared` for this thread, from the back; never a catalog page (see sharedPages). */
    const takeSharedHere = (count: number): RenderJob[] | undefined => {
      if (sharedEnd <= nextShared || isPageJob(sharedEnd - 1)) return undefined;
      let start = sharedEnd - 1;
      while (start > nextShared && sharedEnd - start < count && !isPageJob(start - 1)) start--;
      const taken = shared.slice(start, sharedEnd);
      sharedEnd = start;
      return taken;
    };
    const workersRendered = pool?.render(() => {
      const taken = takeShared(WORKER_CHUNK);
      const first = taken?.[0];
      if (!taken || !first) return undefined;
      if ("catalogPage" in first) return { page: packCatalogPage(site, dataFormats, first.catalogPage) };
      return {
        render: dataChunk(
          taken.map((job): DataJob => {
            const doc = site.documents.get((job as { ref: string }).ref) as SiteDocument;
            return {
              ref: doc.ref,
              documentIri: doc.documentIri,
              quads: doc.quads,
              lastModified: pageLastModified(doc, site),
            };
          }),
        ),
      };
    });
    workersRendered?.catch(() => {}); // awaited below
    // A worker that failed stops this thread's rendering too (its reason is the build's).
    let poolFailure: Error | undefined;
    pool?.failed.catch((error: Error) => {
      poolFailure = error;
    });

    if (options.check) progress({ phase: "validate", done: 0, total: 0 });
    // A violation found by now stops the build before it renders (the render workers' batches may still run).
    if (violations) throw violations;
    if (options.check) {
      const issues = await options.check(site, loaded.items);
      if (issues.some((i) => i.severity === "violation"))
        throw new ValidationError(issues, { code: "shacl_violation" });
    }

    /**
     * Renders documents in this thread and writes their files, synchronously as the render workers do: a file
     * written through a promise (with its date) cost this thread three times the CPU of a synchronous write, and
     * this thread is a build's longest (at 100 000 items 12 s against 4 s).
     */
    const renderHere = async (list: readonly RenderJob[]) => {
      let sinceYield = 0;
      for (const job of list) {
        if (violations) throw violations;
        if (poolFailure) throw poolFailure;
        if ("catalogPage" in job) {
          const which = formatsOfPart(job.part);
          pageRendered(job.catalogPage, writeCatalogPage(site, formats, job.catalogPage, tmp, made, which));
          sinceYield = YIELD_EVERY;
        } else {
          const { ref, part } = job;
          const doc = site.documents.get(ref) as SiteDocument;
          const { files: fresh, reads } = writeDocumentPart(site, doc, formats, part, tmp, made);
          rendered(ref, fresh, reads);
          sinceYield++;
        }
        // Now and then the event loop runs: the workers' messages, the build lock's heartbeat.
        if (sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await turn();
        }
      }
    };
    // The previous build's dumps, whose unchanged blocks are copied (a builder has its own memory of them).
    const dumpBefore = usable?.siteFiles?.dump;
    const previousDumps: PreviousDumps | undefined =
      !memory && dumpBefore?.blocks && previousDir !== undefined
        ? {
            folder: previousDir,
            blocks: dumpBefore.blocks,
            bytes: Object.fromEntries(dumpBefore.files.map((f) => [f.path, f.bytes ?? -1])),
          }
        : undefined;
    await renderHere(here);

    progress({ phase: "site", done: 0, total: 0 });
    // The dumps are streamed below, a document at a time.
    const siteResources = siteResourcesLazily(site, {
      formats,
      only: (kind) => siteFiles[kind] === undefined && kind !== "dump",
    });
    // In a function of its own: a suspended async function keeps its loop's last values (here the generator
    // holding the sitemap's text, 120 MB at 100 000 items) until it returns.
    const writeSiteResources = async () => {
      for (const r of siteResources) await writeSiteResource(r);
    };
    const writeSiteResource = async (r: (typeof siteResources)[number]) => {
      const record: ManifestFile[] = [];
      // One variant at a time, in pieces: the catalog of a large site is gigabytes in every format, and more
      // than one string can hold in some.
      const text = r.kind === "sitemap" ? createHash("sha256") : undefined;
      for (const v of r.pieces()) {
        writtenPaths.add(v.path);
        const chunks = text ? hashing(v.chunks, text) : v.chunks;
        const written = writeChunksIntoSync(tmp, v.path, chunks, r.lastModified, made);
        files++;
        bytes += written;
        record.push({
          path: v.path,
          format: v.format.id,
          bytes: written,
          ...(v.language ? { language: v.language } : {}),
        });
        await turn();
      }
      if (text) siteFingerprints.set(r.kind, `text ${text.digest("hex")}`);
      const fingerprint = siteFingerprints.get(r.kind);
      if (fingerprint)
        siteFiles[r.kind] = { fingerprint, files: [...(siteFiles[r.kind]?.files ?? []), ...record] };
    };
    await writeSiteResources();
    for (const f of errorFiles(site, formats)) await write(f);
    // The N-Quads dump, when no N-Quads files are written to read it from, is written from the triples now, while
    // this thread and the workers render the rest (at 100 000 items it is 3.8 million triples of text: written at
    // the end, the workers would wait for it; 176 → 149 s).
    const nqFromTriples = siteFiles.dump === undefined && !formats.some((f) => f.id === "nq");
    if (nqFromTriples) {
      nqDumping = startDumps(
        tmp,
        [...plans.values()],
        site.lastModified,
        ["nq"],
        memory?.dumps,
        previousDumps,
      );
      nqDumping.catch(() => {}); // awaited with the Turtle dump
    }
    // This thread's own work is done: it renders the data variants the workers have not taken.
    for (let taken = takeSharedHere(YIELD_EVERY); taken; taken = takeSharedHere(YIELD_EVERY))
      await renderHere(taken);
    await workersRendered;
    // `validated` has run on the result; a failed validation throws here.
    await validating;
    // The workers' work is done.
    await pool?.stop();
    if (violations) throw violations;
    // Each page's files in one order, whichever thread wrote which of them.
    for (const page of pagesDone) if (page) pageFiles.push(...page.sort());
    // The dumps are written while this thread makes the manifest's records below (their compression and large
    // writes run on libuv's threads); the manifest itself waits for them. `dumpsUnderway` settles once their first
    // compressions are started (or they failed before).
    let underway = () => {};
    const dumpsUnderway = new Promise<void>((resolve) => {
      underway = resolve;
    });
    const writeTheDumps = async () => {
      let starting: Promise<StartedDumps>;
      try {
        await flush(); // the documents' files are complete
        // From the documents' own N-Quads and Turtle files where the build writes them, else rendered again.
        // Each document's part is its plan (in the documents' order).
        starting = startDumps(
          tmp,
          [...plans.values()],
          site.lastModified,
          nqDumping ? ["ttl"] : ["nq", "ttl"],
          memory?.dumps,
          previousDumps,
        );
      } finally {
        underway();
      }
      const started = await starting;
      const early = await nqDumping;
      dumpsWritten = early ? Promise.all([early.written, started.written]).then(() => {}) : started.written;
      const dumpBlocks = { ...early?.blocks, ...started.blocks };
      const dumpFiles = [...(early?.files ?? []), ...started.files];
      for (const f of dumpFiles) writtenPaths.add(f.path);
      files += dumpFiles.length;
      for (const f of dumpFiles) bytes += f.bytes ?? 0;
      siteFiles.dump = {
        fingerprint: siteFingerprints.get("dump") as string,
        files: dumpFiles,
        ...(Object.keys(dumpBlocks).length > 0 ? { blocks: dumpBlocks } : {}),
      };
    };
    if (siteFiles.dump === undefined) {
      dumping = writeTheDumps();
      dumping.catch(() => {}); // awaited below
      await dumpsUnderway;
    }

    const manifestDocs: Record<string, ManifestDocument> = {};
    /** The documents in their entries' order. */
    const entryOrder: string[] = [];
    /** Documents whose entry is not the previous build's. */
    const renewed: string[] = [];
    for (const plan of plans.values()) {
      const doc = plan.key;
      entryOrder.push(doc.ref);
      const checked = validation?.get(doc.ref);
      const data = plan.data;
      // A builder's unchanged document that kept every file: the previous entry itself (its text is kept too).
      const before = earlier && asBefore(doc) ? plan.before : undefined;
      const same =
        before !== undefined &&
        plan.fresh.length === 0 &&
        before.data === data &&
        before.page === (plan.page ?? "") &&
        before.reads === plan.reads &&
        before.validation === checked?.validation &&
        (before.files === plan.kept ||
          (before.files.length === plan.kept.length && before.files.every((f, i) => f === plan.kept[i])));
      if (!same) renewed.push(doc.ref);
      manifestDocs[doc.ref] = same
        ? before
        : {
            data,
            page: plan.page ?? "",
            ...(plan.reads ? { reads: plan.reads } : {}),
            files: [...plan.kept, ...plan.fresh],
            ...(checked ? { validation: checked.validation } : {}),
            ...(checked && checked.issues.length > 0 ? { issues: checked.issues } : {}),
          };
    }
    const variants: NginxVariant[] = formats.map((f) => ({
      id: f.id,
      mediaType: f.mediaType,
      charset: f.charset,
      ...(f.aliases ? { aliases: f.aliases } : {}),
      ...(f.profiles ? { profiles: f.profiles } : {}),
    }));
    // The HTML languages of each negotiated resource, from the files the manifest records (documents, catalog,
    // VoID; the other whole-site files have no languages).
    const languagesOf = (group: readonly ManifestFile[] | undefined) => {
      if (group === undefined) return null;
      let known = RESOURCE_LANGUAGES.get(group);
      if (known === undefined) {
        const langs = group.flatMap((f) => (f.language && pageFormats.has(f.format) ? [f.language] : []));
        const first = group[0];
        known =
          langs.length > 0 && first ? [first.path.replace(/(?:\.[a-z]{2})?\.[a-z]+$/, ""), langs] : null;
        RESOURCE_LANGUAGES.set(group, known);
      }
      return known;
    };
    // A builder: when every entry that is not the previous build's (and every whole-site record) gives what the
    // previous one gave, the previous resources' languages hold (in the same order).
    const sameEntry = (a: [string, string[]] | null, b: [string, string[]] | null) =>
      a === b || (a !== null && b !== null && a[0] === b[0] && sameList(a[1], b[1]));
    const kinds = new Set([
      ...Object.keys(siteFiles),
      ...Object.keys(usable?.siteFiles ?? {}),
    ]) as Set<ResourceKind>;
    const languagesKept =
      memory?.nginx !== undefined &&
      earlier !== undefined &&
      memory.nginx.site === earlier &&
      usable !== undefined &&
      [...renewed, ...goneRefs].every((ref) =>
        sameEntry(languagesOf(usable.documents[ref]?.files), languagesOf(manifestDocs[ref]?.files)),
      ) &&
      [...kinds].every((k) =>
        sameEntry(languagesOf(usable.siteFiles?.[k]?.files), languagesOf(siteFiles[k]?.files)),
      );
    const everyLanguage = () => {
      const languages = new Map<string, string[]>();
      for (const group of [
        ...Object.values(manifestDocs).map((d) => d.files),
        ...Object.values(siteFiles).map((r) => r.files),
      ]) {
        const known = languagesOf(group);
        if (known) languages.set(known[0], known[1]);
      }
      return languages;
    };
    const resourceLanguages = (languagesKept ? memory?.nginx?.languages : undefined) ?? everyLanguage();
    const nginx = { root: out, baseIri: site.baseIri, variants, resourceLanguages, ...options.nginx };
    // A builder's rules are made again only when what they are made of changed (its resources' languages).
    const nginxInput = memory ? JSON.stringify([out, site.baseIri, variants, options.nginx]) : undefined;
    const rules =
      memory?.nginx &&
      memory.nginx.input === nginxInput &&
      sameLanguages(memory.nginx.languages, resourceLanguages)
        ? memory.nginx.rules
        : {
            maps: createNginxMaps(nginx),
            server: createNginxServer(nginx),
            config: createNginxConfig({ ...nginx, runDir: join(dirname(out), `.${basename(out)}.nginx`) }),
          };
    if (memory && nginxInput !== undefined)
      memory.nginx = { input: nginxInput, languages: resourceLanguages, rules, site };
    await write({ path: `${BUILD_META_DIR}/nginx-maps.conf`, body: rules.maps });
    await write({ path: `${BUILD_META_DIR}/nginx-server.conf`, body: rules.server });
    await write({ path: `${BUILD_META_DIR}/nginx.conf`, body: rules.config });
    await dumping;
    // The documents' entries in block files: a builder keeps the previous build's file of a block whose entries
    // are the previous ones (a rebuild writes the few blocks its changes fall in, not every entry again).
    const renewedRefs = earlier ? new Set([...renewed, ...goneRefs]) : undefined;
    const blocksBefore = earlier && usable ? MANIFEST_BLOCKS.get(usable) : undefined;
    const blocks = new Map<string, ManifestBlock>();
    for (const refs of manifestPartition(entryOrder, blocksBefore)) {
      const path = manifestBlockPath(refs[0] as string);
      const before = blocksBefore?.get(path);
      const same =
        before !== undefined &&
        renewedRefs !== undefined &&
        (before.refs === refs ||
          (before.refs.length === refs.length && refs.every((ref, i) => ref === before.refs[i]))) &&
        !refs.some((ref) => renewedRefs.has(ref));
      const kept =
        same && previousDir !== undefined
          ? reuse(previousDir, tmp, [before], made, inPlace ? missing : undefined, keeping)
          : undefined;
      let size = kept;
      if (size === undefined) {
        if (heldBefore && before) dropped.push(path);
        writtenPaths.add(path);
        const chunks = [manifestBlockChunks(manifestDocs, refs, memory?.entries)];
        size = writeChunksIntoSync(tmp, path, chunks, undefined, made);
      }
      blocks.set(path, {
        path,
        refs: kept === undefined ? refs : (before as ManifestBlock).refs,
        bytes: size,
      });
      files++;
      bytes += size;
    }
    if (heldBefore && usable?.documentFiles)
      for (const path of usable.documentFiles) if (!blocks.has(path)) dropped.push(path);
    const manifest: BuildManifest = {
      version: 3,
      baseIri: site.baseIri,
      renderer,
      sources: Object.fromEntries(loaded.items.map((l) => [sourcePath(options.dir, l), l.hash])),
      documents: manifestDocs,
      documentFiles: [...blocks.keys()],
      catalogPages: { fingerprint: pagesFingerprint, files: pageFiles, bytes: pageBytes },
      // In one order, whichever were kept: the same site gives the same manifest.
      siteFiles: Object.fromEntries(
        [...siteFingerprints.keys()].flatMap((k) => (siteFiles[k] ? [[k, siteFiles[k]]] : [])),
      ),
    };
    // What this build holds, and how it differs from the previous one (see BUILD_HISTORY_FILES).
    const history = new Set<string>([MANIFEST, ...BUILD_HISTORY_FILES]);
    // The kept paths and the written ones (the kept set is not needed on its own any more); for a builder, what
    // its last build held less what this one dropped, plus what it wrote.
    // (The last build's set itself, no longer its record: a build failing after this point leaves the next one
    // to collect the paths again.)
    if (heldBefore && usable) MANIFEST_PATHS.delete(usable);
    const holds = heldBefore ?? keptPaths;
    if (heldBefore) for (const p of dropped) holds.delete(p);
    for (const p of writtenPaths) holds.add(p);
    for (const h of history) holds.delete(h);
    // What the previous build held, when it recorded it (a builder's: the set just updated into `holds`).
    const before = heldBefore ?? (usable?.otherFiles ? manifestPaths(usable) : undefined);
    const gone: string[] = [];
    if (heldBefore) {
      for (const p of dropped) if (!holds.has(p)) gone.push(p);
    } else {
      // Every path held that the previous build lacked is a written one: when the counts say nothing else
      // differs, nothing is gone, without looking at every path.
      let added = 0;
      if (before) for (const p of writtenPaths) if (holds.has(p) && !before.has(p)) added++;
      if (before && before.size !== holds.size - added)
        for (const p of before) if (!holds.has(p)) gone.push(p);
    }
    // Brought up to date in place, the folder still has the previous build's files this one does not have.
    if (inPlace) for (const p of [...gone, ...BUILD_HISTORY_FILES]) unlinkQuietSync(join(tmp, p));
    const changed = new Set([...writtenPaths, ...gone, ...history]);
    const keep =
      before && previousDir && (await served) && changed.size <= holds.size / 2
        ? basename(previousDir)
        : undefined;
    if (keep) {
      await write({ path: CHANGES, body: `${JSON.stringify({ from: keep, paths: [...changed] })}\n` });
      await write({ path: STANDBY, body: `${keep}\n` });
    }
    // The files no record above lists are the ones written on their own (error bodies, nginx rules): every other
    // file this build holds belongs to a document, a whole-site resource or a catalog page.
    const withOthers: BuildManifest = {
      ...manifest,
      otherFiles: [...writtenAlone].filter((p) => !history.has(p)).sort(),
    };
    // Its paths (what this build holds) and blocks, for the next build of a builder to compare with (see
    // manifestPaths).
    if (memory) {
      MANIFEST_PATHS.set(withOthers, holds);
      MANIFEST_BLOCKS.set(withOthers, blocks);
    }
    // Compact, the documents' entries in their block files (above). Written while the last files and the dumps'
    // last bytes go to disk, under another name until they are there: the manifest is the last file of a build (a
    // folder without it was never completed).
    writtenPaths.add(MANIFEST);
    const { documents: _entries, ...head } = withOthers;
    bytes += writeChunksIntoSync(tmp, MANIFEST_PENDING, [JSON.stringify(head), "\n"], undefined, made);
    await flush();
    await dumpsWritten;
    renameSync(join(tmp, MANIFEST_PENDING), join(tmp, MANIFEST));
    files++;

    progress({ phase: "swap", done: 0, total: 0 });
    await clearing;
    await switchOutput(out, tmp, keep);
    if (memory) {
      // The index of its reads, when the previous manifest had one and every changed entry is known.
      if (earlier && usable && renewedRefs) carryReaders(usable, withOthers, renewedRefs);
      memory.site = site;
      memory.last = {
        folder: await realpath(tmp),
        manifest: withOthers,
        stamp: options.shapes ? shapesStamp(options.shapes) : undefined,
      };
    }
  } catch (error) {
    // No write may still be going into the folder being removed.
    await pool?.stop();
    await Promise.allSettled([
      ...inFlight,
      ...(dumping ? [dumping] : []),
      ...(dumpsWritten ? [dumpsWritten] : []),
      ...(nqDumping ? [nqDumping.then((d) => d.written)] : []),
      ...(clearing ? [clearing] : []),
    ]);
    await rm(tmp, { recursive: true, force: true });
    if (error instanceof ValidationError) throw error;
    throw new IoError(`Build into ${out} failed: ${(error as Error).message}`, { cause: error });
  }
  return {
    out,
    documents: site.documents.size,
    rendered: site.documents.size - reused,
    reused,
    pagesRendered: site.documents.size - pagesReused,
    pagesReused,
    triples: [...site.documents.values()].reduce((n, d) => n + d.quads.length, 0),
    files,
    bytes,
    seconds: (performance.now() - started) / 1000,
  };
}

export { CATALOG_PAGES_DIR } from "./catalog-pages.js";

/**
 * What a whole-site resource of triples (the catalog, its Hydra pages, VoID) is rendered from: the renderer, the
 * base IRI, the site's date (its modification time), its triples, and the documents its HTML names — the site's
 * home (its name in the header) and every document whose thing appears in the triples, whose title the HTML shows
 * as the link text (`writeTriplesHtml`). A news item that is not in the catalog leaves the catalog as it was.
 */
function namedQuadsFingerprint(site: Site, renderer: string, quads: readonly Quad[]): string {
  const h = createHash("sha256").update(
    `${renderer}\n${site.baseIri}\n${site.lastModified?.toISOString()}\n${graphHash(quads)}\n`,
  );
  const named = new Set<string>();
  for (const q of quads) {
    named.add(q.subject.value);
    if (q.object.termType === "NamedNode") named.add(q.object.value);
  }
  const docs = [...site.documents.values()]
    .filter((d) => d.item.type === "Catalog" || named.has(d.thingIri))
    .sort((a, b) => (a.ref < b.ref ? -1 : 1));
  for (const d of docs) h.update(`${d.ref} ${d.thingIri} ${d.documentIri} ${JSON.stringify(d.item)}\n`);
  return h.digest("hex");
}

/**
 * The site's document references, sorted: those of `previous` (an earlier version whose unchanged documents are
 * the same objects) when no document was added or removed since.
 */
function sortedRefs(site: Site, previous: Site | undefined): readonly string[] {
  let refs = SORTED_REFS.get(site);
  if (refs) return refs;
  const before = previous && SORTED_REFS.get(previous);
  refs =
    before && changedDocuments(previous, site).every((c) => c.before && c.after)
      ? before
      : [...site.documents.keys()].sort();
  SORTED_REFS.set(site, refs);
  return refs;
}

const SORTED_REFS = new WeakMap<Site, readonly string[]>();

/**
 * The fingerprint of each whole-site resource a build can keep: the catalog (as its pages), VoID (its triples
 * and the documents it names), the dumps (every document's data), the JSON-LD context and robots.txt (the
 * renderer and base IRI). The sitemap is always written (it is cheap, and its dates come from every page).
 */
function siteResourceFingerprints(
  site: Site,
  renderer: string,
  fingerprints: SiteFingerprints,
  catalog: string,
  previous?: Site,
): Map<ResourceKind, string> {
  const dump = createHash("sha256").update(`${fingerprints.salt}\n${site.lastModified?.toISOString()}\n`);
  for (const ref of sortedRefs(site, previous)) dump.update(`${ref} ${fingerprints.docs.get(ref)?.data}\n`);
  const fixed = (kind: string) =>
    createHash("sha256")
      .update(`${fingerprints.salt}\n${kind}\n${site.lastModified?.toISOString()}`)
      .digest("hex");
  return new Map<ResourceKind, string>([
    ["catalog", catalog],
    ["void", namedQuadsFingerprint(site, renderer, voidQuads(site))],
    ["dump", dump.digest("hex")],
    ["context", fixed("context")],
    ["robots", fixed("robots")],
  ]);
}

/**
 * Refuses outputs whose replacement would destroy something else: the content folder or a folder containing it,
 * a file, or a non-empty folder that is not a previous build (no `.govlod/manifest.json`), such as a home folder
 * given by mistake.
 */
async function assertReplaceable(out: string, dir: string): Promise<void> {
  if (dir === out || dir.startsWith(`${out}/`)) {
    throw new IoError(`Refusing to build into ${out}: it holds the content folder ${dir}`);
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(out);
  } catch {
    return; // a new folder
  }
  if (!info.isDirectory()) throw new IoError(`Refusing to build into ${out}: it is a file, not a folder`);
  const entries = await readdir(out);
  if (entries.length > 0 && !(await exists(join(out, MANIFEST)))) {
    throw new IoError(
      `Refusing to replace ${out}: it is not empty and not a govlod build (no ${MANIFEST}); choose another --out or empty it`,
    );
  }
}

/** A new build folder's name: sortable by time, unique across processes. */
function newBuildId(): string {
  return `${Date.now().toString(36).padStart(10, "0")}-${randomBytes(4).toString("hex")}`;
}

/**
 * Points `out` at the complete build `folder`: a new relative symlink beside `out`, renamed over it (`rename(2)`
 * replaces a symlink atomically), then every other folder in the builds folder is deleted. A real folder at `out`
 * (the earlier layout, or an empty folder) cannot be replaced by a symlink in one rename; it moves into the
 * builds folder first (see {@link buildSite}, "Earlier layout").
 */
async function switchOutput(out: string, folder: string, keep?: string): Promise<void> {
  const { builds, link } = buildSiblings(out);
  await rm(link, { force: true });
  await symlink(relative(dirname(out), folder), link, "dir");
  const info = await lstat(out).catch(() => undefined);
  if (info?.isDirectory()) {
    if ((await readdir(out)).length === 0) await rmdir(out);
    else await rename(out, join(builds, `${newBuildId()}-earlier`));
  }
  await rename(link, out);
  for (const e of await readdir(builds)) {
    if (e !== basename(folder) && e !== keep) await rm(join(builds, e), { recursive: true, force: true });
  }
}

/** The total size of a list of files whose sizes are recorded (a builder keeps its manifest's lists). */
const KEPT_BYTES = new WeakMap<readonly { readonly bytes?: number }[], number>();

/**
 * Hard-links files of the previous build into the new one (copies them where links are not possible) and answers
 * their bytes, or `undefined` when one of them is missing (the links made are removed: the caller renders the
 * files, and writing through a link would change the previous build). Synchronous: a rebuild links tens of
 * thousands of files, and one `link(2)` is cheaper than the promise around it. In a folder brought up to date in
 * place (`inPlace`: the paths the previous build lacks) the files are there already: nothing is linked.
 * The paths kept are added to `kept` when given.
 */
function reuse(
  from: string,
  tmp: string,
  files: readonly { readonly path: string; readonly bytes?: number }[],
  made: Set<string>,
  inPlace: ReadonlySet<string> | undefined,
  kept: Set<string> | undefined,
): number | undefined {
  if (inPlace) {
    // The folder already holds the previous build's files (brought up to date in place); `inPlace` are the paths
    // the previous build lacks (usually none: then a list's size is known from the last time it was kept).
    const known = inPlace.size === 0 && !kept ? KEPT_BYTES.get(files) : undefined;
    if (known !== undefined) return known;
    let bytes = 0;
    for (const f of files) {
      if (inPlace.has(f.path)) return undefined;
      if (f.bytes !== undefined) bytes += f.bytes;
      else {
        const info = statSync(join(tmp, f.path), { throwIfNoEntry: false });
        if (!info) return undefined;
        bytes += info.size;
      }
    }
    if (kept) for (const f of files) kept.add(f.path);
    if (files.every((f) => f.bytes !== undefined)) KEPT_BYTES.set(files, bytes);
    return bytes;
  }
  const linked: string[] = [];
  let bytes = 0;
  for (const f of files) {
    const source = join(from, f.path);
    const target = join(tmp, f.path);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    try {
      linkSync(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        for (const l of linked) rmSync(l, { force: true });
        return undefined;
      }
      // Another file system, or links not allowed: copy instead, keeping the date.
      copyFileSync(source, target);
      const info = statSync(source);
      utimesSync(target, info.atime, info.mtime);
    }
    linked.push(target);
    bytes += f.bytes ?? statSync(target).size;
  }
  if (kept) for (const f of files) kept.add(f.path);
  return bytes;
}

/**
 * Brings the kept previous build folder `to` up to date with the current build `from`: each path in which they
 * differ is unlinked, then linked to the current build's file when it has one. Answers the paths the current
 * build does not have.
 */
function catchUp(
  from: string,
  to: string,
  paths: readonly string[],
): { missing: Set<string>; aside: string } {
  const missing = new Set<string>();
  // Replaced files are moved aside, to be deleted off this thread (freeing a large dump's pages takes a while).
  const aside = join(to, BUILD_META_DIR, `replaced-${newBuildId()}`);
  mkdirSync(aside, { recursive: true });
  for (const [i, p] of paths.entries()) {
    const target = join(to, p);
    try {
      renameSync(target, join(aside, String(i)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") unlinkQuietSync(target);
    }
    const source = join(from, p);
    try {
      linkSync(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        // Links not allowed here: a copy, with its date (as `reuse` does).
        copyFileSync(source, target);
        const info = statSync(source);
        utimesSync(target, info.atime, info.mtime);
        continue;
      }
      if (!existsSync(source)) {
        missing.add(p); // not in the current build (deleted there, or by hand): never reused
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      linkSync(source, target);
    }
  }
  return { missing, aside };
}

/** The build history a build folder records ({@link BUILD_HISTORY_FILES}), when it is readable. */
async function readChanges(folder: string): Promise<{ from: string; paths: string[] } | undefined> {
  try {
    const json = JSON.parse(await readFile(join(folder, CHANGES), "utf8")) as {
      from?: unknown;
      paths?: unknown;
    };
    if (typeof json.from !== "string" || !Array.isArray(json.paths)) return undefined;
    const paths = json.paths.filter(
      (p): p is string => typeof p === "string" && !p.startsWith("/") && !p.split("/").includes(".."),
    );
    return { from: json.from, paths };
  } catch {
    return undefined;
  }
}

/**
 * For a builder's last manifest: the documents whose pages recorded each query ({@link ManifestDocument.reads}),
 * made once and then carried from build to build with the documents whose entries changed.
 */
const MANIFEST_READERS = new WeakMap<BuildManifest, Readers>();

/** The documents whose pages recorded each query: one reference, or several (most queries have one reader). */
type Readers = Map<ReadKey, string | string[]>;

/** The documents of `m` whose pages recorded each query (see {@link MANIFEST_READERS}). */
function readersOf(m: BuildManifest): Readers {
  let readers = MANIFEST_READERS.get(m);
  if (!readers) {
    readers = new Map();
    for (const ref in m.documents)
      if (Object.hasOwn(m.documents, ref)) addReaders(readers, ref, m.documents[ref]?.reads);
    MANIFEST_READERS.set(m, readers);
  }
  return readers;
}

function addReaders(readers: Readers, ref: string, reads: readonly ReadKey[] | undefined) {
  for (const key of reads ?? []) {
    const had = readers.get(key);
    if (had === undefined) readers.set(key, ref);
    else if (typeof had === "string") readers.set(key, [had, ref]);
    else had.push(ref);
  }
}

function dropReaders(readers: Readers, ref: string, reads: readonly ReadKey[] | undefined) {
  for (const key of reads ?? []) {
    const had = readers.get(key);
    if (had === ref) readers.delete(key);
    else if (Array.isArray(had)) {
      const at = had.indexOf(ref);
      if (at >= 0) had.splice(at, 1);
      if (had.length === 1) readers.set(key, had[0] as string);
    }
  }
}

/** The documents whose pages recorded a query for which `stale` (see `changedReads`) is true. */
function staleReaders(readers: Readers, stale: (key: ReadKey) => boolean): Set<string> {
  const refs = new Set<string>();
  // (forEach: no pair made per query.)
  readers.forEach((readBy, key) => {
    if (!stale(key)) return;
    if (typeof readBy === "string") refs.add(readBy);
    else for (const ref of readBy) refs.add(ref);
  });
  return refs;
}

/**
 * Carries the index of the builder's last manifest's reads over to the next manifest: the documents whose entries
 * changed (`renewed`) or are gone have their queries replaced. Nothing when the last manifest has none.
 */
function carryReaders(last: BuildManifest, next: BuildManifest, changed: Iterable<string>): void {
  const readers = MANIFEST_READERS.get(last);
  if (!readers) return;
  MANIFEST_READERS.delete(last);
  for (const ref of changed) {
    const before = last.documents[ref]?.reads;
    const after = next.documents[ref]?.reads;
    if (before === after) continue;
    dropReaders(readers, ref, before);
    addReaders(readers, ref, after);
  }
  MANIFEST_READERS.set(next, readers);
}

/** The paths of a builder's last manifest, made while it was written. */
const MANIFEST_PATHS = new WeakMap<BuildManifest, Set<string>>();

/** Every file a manifest lists (documents, whole-site files, catalog pages, other files). */
function manifestPaths(m: BuildManifest): ReadonlySet<string> {
  const known = MANIFEST_PATHS.get(m);
  if (known) return known;
  const paths = new Set<string>(m.otherFiles ?? []);
  for (const p of m.documentFiles ?? []) paths.add(p);
  for (const d of Object.values(m.documents)) for (const f of d.files) paths.add(f.path);
  for (const r of Object.values(m.siteFiles ?? {})) for (const f of r?.files ?? []) paths.add(f.path);
  for (const p of m.catalogPages?.files ?? []) paths.add(p);
  return paths;
}

/** A block file of a manifest's documents ({@link BuildManifest.documentFiles}): its path, documents and size. */
interface ManifestBlock {
  readonly path: string;
  readonly refs: readonly string[];
  readonly bytes: number;
}

/** The block files of a builder's last manifest, by path, made while it was written. */
const MANIFEST_BLOCKS = new WeakMap<BuildManifest, ReadonlyMap<string, ManifestBlock>>();

/**
 * The manifest's documents (in their entries' order) in blocks ({@link MANIFEST_BLOCK_DOCUMENTS}): the previous
 * build's blocks themselves when the documents are the same, in the same order (a builder's rebuild after edits).
 */
function manifestPartition(
  order: readonly string[],
  before: ReadonlyMap<string, ManifestBlock> | undefined,
): readonly (readonly string[])[] {
  if (before) {
    let i = 0;
    let same = true;
    for (const block of before.values()) {
      for (const ref of block.refs) if (order[i++] !== ref) same = false;
      if (!same) break;
    }
    if (same && i === order.length) return [...before.values()].map((b) => b.refs);
  }
  return splitAtHashes(order, (ref) => ref, MANIFEST_BLOCK_DOCUMENTS);
}

/** The file of the manifest's block that starts with the document `ref`. */
function manifestBlockPath(ref: string): string {
  const parsed = parseRef(ref);
  return `${MANIFEST_DOCUMENTS_DIR}/${parsed ? `${parsed.kind}/${parsed.slug}` : encodeURIComponent(ref)}.json`;
}

/** A manifest entry as bytes (`"ref":{…}`), kept by the entry object. */
export interface JsonEntry {
  readonly key: string;
  readonly bytes: Buffer;
}

const ENTRY_SEPARATOR = Buffer.from(",\n", "utf8");
const BLOCK_START = Buffer.from("{\n", "utf8");
const BLOCK_END = Buffer.from("\n}\n", "utf8");

/**
 * A block file of the manifest: the JSON object of the entries of `documents` named by `refs`, in that order, an
 * entry a line (read back a line at a time, {@link readBuildManifest}). `memo` keeps each entry's bytes by the
 * entry object (a builder writes its unchanged documents' entries again when their block has a changed one); the
 * block is then one list of bytes (written with `writev`, not copied together).
 */
export function manifestBlockChunks(
  documents: Readonly<Record<string, ManifestDocument>>,
  refs: readonly string[],
  memo?: WeakMap<object, JsonEntry>,
): Buffer[] {
  const pieces: Buffer[] = [BLOCK_START];
  for (const ref of refs) {
    const entry = documents[ref];
    if (entry === undefined) continue;
    let known = memo?.get(entry);
    if (known?.key !== ref) {
      known = { key: ref, bytes: Buffer.from(`${JSON.stringify(ref)}:${JSON.stringify(entry)}`, "utf8") };
      memo?.set(entry, known);
    }
    if (pieces.length > 1) pieces.push(ENTRY_SEPARATOR);
    pieces.push(known.bytes);
  }
  pieces.push(BLOCK_END);
  return pieces;
}

/**
 * Reads the manifest of a previous build with its documents' entries (from its block files, version 3, or from
 * itself, version 2); undefined when there is none or it cannot be used (a block file missing or cut short).
 */
export async function readBuildManifest(out: string): Promise<BuildManifest | undefined> {
  try {
    const json = parseManifest(await readFile(join(out, MANIFEST)));
    if (json.version === 3 && Array.isArray(json.documentFiles)) {
      const documents: Record<string, ManifestDocument> = {};
      for (const path of json.documentFiles as unknown[]) {
        if (typeof path !== "string" || !path.startsWith(`${MANIFEST_DOCUMENTS_DIR}/`) || path.includes(".."))
          return undefined;
        const bytes = await readFile(join(out, path));
        if (!bytes.subarray(0, BLOCK_START.length).equals(BLOCK_START)) return undefined;
        const rest = entryLines(bytes, BLOCK_START.length, documents);
        if (rest?.line !== "}" || rest.end !== bytes.length) return undefined;
      }
      return { ...json, documents };
    }
    return json.version === 2 && typeof json.documents === "object" ? json : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a manifest. Version 3 is one line (its documents are in block files); version 2, written by earlier govlod
 * builds, is `{…,"documents":{`, one document a line, then `},…}` (or, earlier still, all on one line).
 */
function parseManifest(bytes: Buffer): BuildManifest {
  const NL = 0x0a;
  const firstEnd = bytes.indexOf(NL);
  if (firstEnd < 0 || firstEnd === bytes.length - 1)
    return JSON.parse(bytes.toString("utf8")) as BuildManifest;
  const head = bytes.toString("utf8", 0, firstEnd);
  if (!head.endsWith('"documents":{')) throw new Error("not a manifest's first line");
  const documents: Record<string, ManifestDocument> = {};
  const rest = entryLines(bytes, firstEnd + 1, documents);
  if (!rest) throw new Error("a manifest without its end");
  // The rest of the manifest after the documents: with the first line, the manifest without them.
  return { ...(JSON.parse(`${head}${rest.line}`) as BuildManifest), documents };
}

/**
 * Reads manifest entries a line at a time from `at` (`"ref":{…}`, each but the last followed by a comma) into
 * `documents`, up to the first line that starts with `}`: that line, and where it ends (past its newline); undefined
 * when no line does.
 */
function entryLines(
  bytes: Buffer,
  at: number,
  documents: Record<string, ManifestDocument>,
): { line: string; end: number } | undefined {
  const NL = 0x0a;
  while (at < bytes.length) {
    const found = bytes.indexOf(NL, at);
    const end = found < 0 ? bytes.length : found;
    const line = bytes.toString("utf8", at, end);
    at = found < 0 ? bytes.length : found + 1;
    if (line.startsWith("}")) return { line, end: at };
    if (line === "") continue; // no documents
    const entry = JSON.parse(`{${line.endsWith(",") ? line.slice(0, -1) : line}}`) as Record<
      string,
      ManifestDocument
    >;
    for (const [ref, doc] of Object.entries(entry)) documents[ref] = doc;
  }
  return undefined;
}

/** A document's fingerprints (see the dependency rule of {@link buildSite}). */
export interface DocumentFingerprint {
  /** Of its data variants: the renderer, the base IRI, its document IRI and its own triples. */
  readonly data: string;
  /** Of its content: its triples and its content item (what another page may show of it). */
  readonly content: string;
}

/** Every document's fingerprints, and what every page fingerprint starts from (renderer and base IRI). */
export interface SiteFingerprints {
  readonly salt: string;
  readonly docs: ReadonlyMap<string, DocumentFingerprint>;
}

/**
 * Each document's fingerprints (see the dependency rule of {@link buildSite}). Given an earlier version of the site
 * whose unchanged documents are the same objects (a builder's: `createSite` given it), its fingerprints are taken
 * over and only the changed documents' made.
 */
export function documentFingerprints(site: Site, renderer: string, previous?: Site): SiteFingerprints {
  const salt = `${renderer}\n${site.baseIri}`;
  const before = previous ? SITE_FINGERPRINTS.get(previous) : undefined;
  const carried = before?.salt === salt ? before : undefined;
  const docs = new Map<string, DocumentFingerprint>(carried?.docs);
  const owns = new Map<string, string>(carried && OWN_HASHES.get(carried));
  const changed = carried && previous ? changedDocuments(previous, site) : undefined;
  for (const c of changed ?? [])
    if (!c.after) {
      docs.delete(c.ref);
      owns.delete(c.ref);
    }
  const documents = changed ? changed.flatMap((c) => (c.after ? [c.after] : [])) : site.documents.values();
  for (const d of documents) {
    // A document of an earlier version of the site (a long-running builder's: `createSite` keeps the objects of
    // unchanged documents) has its fingerprints already.
    const known = DOCUMENT_FINGERPRINTS.get(d);
    if (known?.salt === salt) {
      owns.set(d.ref, known.own);
      docs.set(d.ref, known.fingerprint);
      continue;
    }
    const own = graphHash(d.quads);
    owns.set(d.ref, own);
    const data = createHash("sha256")
      .update(`${renderer}\n${site.baseIri}\n${d.documentIri}\n${own}`)
      .digest("hex");
    const content = createHash("sha256")
      .update(`${own}\n${JSON.stringify(d.item)}`)
      .digest("hex");
    const fingerprint = { data, content };
    docs.set(d.ref, fingerprint);
    DOCUMENT_FINGERPRINTS.set(d, { salt, own, fingerprint });
  }
  const fingerprints = { salt, docs };
  OWN_HASHES.set(fingerprints, owns);
  SITE_FINGERPRINTS.set(site, fingerprints);
  return fingerprints;
}

/** The fingerprints made for each site (a builder's next build takes over its previous site's). */
const SITE_FINGERPRINTS = new WeakMap<Site, SiteFingerprints>();

/**
 * A document's files from the previous build split into data variants and pages, and both in that order (the
 * list itself when it is in that order already): once per list (a builder keeps its manifest's lists).
 */
function splitFiles(
  files: readonly ManifestFile[],
  pageFormats: ReadonlySet<string>,
): { data: readonly ManifestFile[]; pages: readonly ManifestFile[]; both: readonly ManifestFile[] } {
  // (Known by the set's identity: the build's page formats are one shared set per list of formats.)
  const known = SPLIT_FILES.get(files);
  if (known?.pageFormats === pageFormats) return known;
  const data = files.filter((f) => !pageFormats.has(f.format));
  const pages = files.filter((f) => pageFormats.has(f.format));
  const both = [...data, ...pages];
  const split = { pageFormats, data, pages, both: both.every((f, i) => f === files[i]) ? files : both };
  SPLIT_FILES.set(files, split);
  return split;
}

const SPLIT_FILES = new WeakMap<
  readonly ManifestFile[],
  {
    pageFormats: ReadonlySet<string>;
    data: readonly ManifestFile[];
    pages: readonly ManifestFile[];
    both: readonly ManifestFile[];
  }
>();

/** One set object per list of names (in order): lists of files split by it are known by it ({@link splitFiles}). */
function sharedSet(names: readonly string[]): ReadonlySet<string> {
  const key = names.join("\n");
  let set = SHARED_SETS.get(key);
  if (!set) {
    set = new Set(names);
    SHARED_SETS.set(key, set);
  }
  return set;
}

const SHARED_SETS = new Map<string, ReadonlySet<string>>();

/** Whether two lists of strings are the same, in order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Per list of a resource's files (a manifest entry's): its path without extension and its HTML languages. */
const RESOURCE_LANGUAGES = new WeakMap<readonly ManifestFile[], [string, string[]] | null>();

/** Whether two maps of resources' languages are the same (same keys in the same order, same lists). */
function sameLanguages(
  a: ReadonlyMap<string, readonly string[]>,
  b: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  const other = b.entries();
  for (const [key, langs] of a) {
    const next = other.next().value as [string, readonly string[]];
    if (next[0] !== key || !sameList(next[1], langs)) return false;
  }
  return true;
}

/** Passes text pieces through, adding each to `hash`. */
function* hashing(chunks: Iterable<string>, hash: Hash): Generator<string> {
  for (const c of chunks) {
    hash.update(c);
    yield c;
  }
}

/**
 * Whether the types of what a document links to are the same on `site` as on `previous` (whose unchanged
 * documents are the same objects): answers `true` for every document when no changed document's `rdf:type`
 * triples differ, else only for those that link to none of the changed documents' typed nodes.
 */
function typesUnchanged(previous: Site, site: Site): (doc: SiteDocument) => boolean {
  const typed = new Set<string>();
  let differ = false;
  const typeTriples = (d: SiteDocument | undefined) =>
    (d?.quads ?? [])
      .filter((q) => q.predicate.equals(rdf.type))
      .map((q) => `${q.subject.value} ${q.object.value}`)
      .sort()
      .join("\n");
  for (const { before, after } of changedDocuments(previous, site)) {
    for (const d of [before, after])
      for (const q of d?.quads ?? []) if (q.predicate.equals(rdf.type)) typed.add(q.subject.value);
    if (typeTriples(before) !== typeTriples(after)) differ = true;
  }
  if (!differ) return () => true;
  return (doc) => !doc.quads.some((q) => q.object.termType === "NamedNode" && typed.has(q.object.value));
}

/** Per document object: its fingerprints under a renderer and base IRI (`salt`), and its own triples' hash. */
const DOCUMENT_FINGERPRINTS = new WeakMap<
  SiteDocument,
  { salt: string; own: string; fingerprint: DocumentFingerprint }
>();

/** Per set of fingerprints: the hash of each document's own triples (validation keys reuse it). */
const OWN_HASHES = new WeakMap<SiteFingerprints, ReadonlyMap<string, string>>();

/**
 * The fingerprint of a document's HTML pages on this site, given the queries they made of the site when they
 * were rendered: the renderer and base IRI, the document's content, and each query's answer on this site with
 * the content of the documents it names. Equal fingerprints mean equal pages (every read of the site a page makes
 * is one of those queries). `undefined` when a query cannot be answered (the pages must be rendered).
 */
export function pageFingerprint(
  site: Site,
  doc: SiteDocument,
  reads: readonly ReadKey[],
  fingerprints: SiteFingerprints,
): string | undefined {
  // Most queries are made by many pages (the site's home, a ministry's back-links): each is answered and hashed
  // once per set of fingerprints (one build), then pages combine the hashes.
  let memo = READ_ANSWERS.get(fingerprints);
  if (memo?.site !== site) {
    memo = { site, answers: new Map() };
    READ_ANSWERS.set(fingerprints, memo);
  }
  const { answers } = memo;
  const content = (d: SiteDocument) => fingerprints.docs.get(d.ref)?.content ?? "unknown";
  const h = createHash("sha256").update(`${fingerprints.salt}\n${doc.ref} ${content(doc)}\n`);
  for (const key of reads) {
    let hashed = answers.get(key);
    if (hashed === undefined) {
      const answer = answerRead(site, key);
      hashed = answer
        ? createHash("sha256")
            .update(`${key}\t${answer.text}\t${answer.docs.map((d) => `${d.ref}:${content(d)}`).join(" ")}`)
            .digest("hex")
        : null;
      answers.set(key, hashed);
    }
    if (hashed === null) return undefined;
    h.update(`${hashed}\n`);
  }
  return h.digest("hex");
}

/** Per set of fingerprints and site (one build): the hash of each query's answer, `null` when it has none. */
const READ_ANSWERS = new WeakMap<SiteFingerprints, { site: Site; answers: Map<ReadKey, string | null> }>();

let codeHash: Promise<string> | undefined;

/** The folders of govlod's code that a document's variants are rendered by (mapping, site, serializers). */
const RENDERING_CODE = ["model", "rdf", "site", "vocab", "serialize"];

/**
 * A hash of the code that renders document variants — the folders in {@link RENDERING_CODE} of the tree this
 * module was loaded from (`dist/` or `src/`) and the package version — and the formats' ids and media types. An
 * edit elsewhere (the CLI, the router, the store) keeps the previous build's variants.
 */
async function rendererStamp(formats: readonly Format[]): Promise<string> {
  codeHash ??= (async () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const h = createHash("sha256");
    const pkg = await readFile(join(root, "..", "package.json"), "utf8").catch(() => "{}");
    h.update(`govlod ${(JSON.parse(pkg) as { version?: string }).version ?? ""}\n`);
    const files: string[] = [];
    for (const folder of RENDERING_CODE) {
      const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(
        () => [],
      );
      for (const e of entries)
        if (e.isFile() && /\.(?:js|ts|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
          files.push(join(e.parentPath, e.name));
    }
    files.sort();
    for (const f of files) h.update(`${f.slice(root.length)}\n`).update(await readFile(f));
    return h.digest("hex");
  })();
  const code = await codeHash;
  return createHash("sha256")
    .update(`${code}\n${formats.map((f) => `${f.id} ${f.mediaType}`).join("\n")}`)
    .digest("hex");
}

/** A content file's path relative to the content folder, once per loaded item (a builder keeps its items). */
function sourcePath(dir: string, loaded: LoadedItem): string {
  const known = SOURCE_PATHS.get(loaded);
  if (known?.dir === dir) return known.path;
  const path = relativeTo(dir, loaded.file);
  SOURCE_PATHS.set(loaded, { dir, path });
  return path;
}

const SOURCE_PATHS = new WeakMap<LoadedItem, { dir: string; path: string }>();

function relativeTo(dir: string, file: string): string {
  const abs = resolve(file);
  const root = resolve(dir);
  return abs.startsWith(`${root}/`) ? abs.slice(root.length + 1) : abs;
}

/** Whether a path exists as an entry (a dangling symlink counts). */
async function present(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
