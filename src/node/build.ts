import { createHash } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { IoError, type Issue, ValidationError } from "../errors.js";
import {
  CATALOG_PAGE_SIZE,
  type CatalogQuery,
  catalogQueryString,
  catalogView,
} from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import {
  createNginxConfig,
  createNginxMaps,
  createNginxServer,
  type NginxVariant,
} from "../serialize/nginx.js";
import { termKey } from "../serialize/quad-order.js";
import { pageLastModified } from "../serialize/sitemap.js";
import {
  type Resource,
  renderDocumentResource,
  renderResource,
  renderSiteResources,
} from "../serialize/variants.js";
import { createSite, type Site, type SiteDocument } from "../site/site.js";
import { errorFiles, type StaticFile } from "./build-render.js";
import { type LoadedItem, safeLoadContentDir } from "./load-content.js";

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
  /** Called as the build advances. */
  onProgress?: (progress: BuildProgress) => void;
  /** Formats of every document and the catalog. Default: the RDF formats and HTML. */
  formats?: readonly Format[];
  /** `listen` and `server_name` of the generated nginx configuration. */
  nginx?: { listen?: string; serverName?: string };
  /**
   * Who holds the output's lock, and whether a holder is still running (the CLI passes `pid@host` and checks
   * the process). Without it, a lock counts as abandoned once it has not been refreshed for 30 seconds.
   */
  lockOwner?: { id: string; isAlive(id: string): boolean };
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

/** The manifest kept inside the output (`.govlod/manifest.json`): what each document was built from. */
export interface BuildManifest {
  readonly version: 2;
  readonly baseIri: string;
  /** Hash of the renderer: govlod's code and the format list. A new govlod renders everything again. */
  readonly renderer: string;
  /** SHA-256 of every content file, by path relative to the content folder. */
  readonly sources: Readonly<Record<string, string>>;
  /** Per document (`kind/slug`): what its variants were rendered from, and the files it produced. */
  readonly documents: Readonly<Record<string, ManifestDocument>>;
}

/** A document in the manifest. */
export interface ManifestDocument {
  /** Fingerprint of the data variants: the renderer, the base IRI and the document's own triples. */
  readonly data: string;
  /** Fingerprint of the HTML pages: the renderer, the base IRI and the whole site. */
  readonly page: string;
  readonly files: readonly ManifestFile[];
}

/** One variant file of a document, as the manifest records it. */
export interface ManifestFile {
  /** Relative to the output folder: `doc/news/x.ttl`, `doc/news/x.en.html`. */
  readonly path: string;
  /** The format id. */
  readonly format: string;
  /** The language of an HTML variant. */
  readonly language?: string;
}

/** The folder inside the output with the manifest, nginx rules and error bodies (never served). */
export const BUILD_META_DIR = ".govlod";
const MANIFEST = `${BUILD_META_DIR}/manifest.json`;

/** The sibling folders a build uses next to `out`: the build in progress and the previous output mid-swap. */
export function buildSiblings(out: string): { tmp: string; old: string; lock: string } {
  const abs = resolve(out);
  const name = basename(abs);
  const sibling = (suffix: string) => join(dirname(abs), `.${name}.govlod-${suffix}`);
  return { tmp: sibling("tmp"), old: sibling("old"), lock: sibling("lock") };
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
 * Finishes or undoes a swap that a killed build left half done: when `out` is missing but the previous output
 * is still in its `-old` sibling, it is put back; a leftover `-old` beside a complete `out` is removed. Also
 * removes the temporary folder of a killed build.
 */
export async function recoverOutput(out: string): Promise<void> {
  const abs = resolve(out);
  const { tmp, old } = buildSiblings(abs);
  const [hasOut, hasOld] = await Promise.all([exists(abs), exists(old)]);
  if (!hasOut && hasOld) await rename(old, abs);
  else if (hasOld) await rm(old, { recursive: true, force: true });
  await rm(tmp, { recursive: true, force: true });
}

/**
 * Builds a static site: every variant of every document, the catalog in every format, dumps (and their gzip),
 * VoID, sitemap, robots, the JSON-LD context, and nginx rules that reproduce the router. The build happens in a
 * sibling folder that replaces `out` only when complete: invalid content throws `ValidationError` and a failed
 * or killed build leaves the previous output as it was. Variants whose fingerprint is unchanged are hard-linked
 * from the previous output instead of rendered.
 *
 * Dependency rule. A data variant (Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML) is a function of the document's
 * own triples, its graph name and the context URL, so its fingerprint is the renderer (govlod's code and the
 * formats), the base IRI and the document's triples — after mapping, so a change elsewhere that changes them (an
 * organisation getting an organisation number changes every `publisher` IRI) re-renders it. An HTML page reads
 * the whole site (names of linked things, back-links, breadcrumbs, the site's name from the catalog, dates of
 * neighbours), so its fingerprint covers every document's triples and content: any content change renders every
 * page again, an unchanged site renders none.
 * @example
 * const summary = await buildSite({ dir: "data", out: "public", baseIri: "https://data.example.gov/" });
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const out = resolve(options.out);
  const formats = options.formats ?? DEFAULT_FORMATS;
  const progress = options.onProgress ?? (() => {});
  const release = await lockOutput(out, options.lockOwner);
  try {
    return await buildLocked(options, out, formats, progress, started);
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
): Promise<BuildSummary> {
  await recoverOutput(out);
  await assertReplaceable(out, resolve(options.dir));

  progress({ phase: "load", done: 0, total: 0 });
  const loaded = await safeLoadContentDir(options.dir);
  if (!loaded.success) throw new ValidationError(loaded.issues);
  const site = createSite(
    loaded.items.map((l) => l.item),
    options.baseIri ? { baseIri: options.baseIri } : {},
  );
  if (options.check) {
    progress({ phase: "validate", done: 0, total: 0 });
    const issues = await options.check(site, loaded.items);
    if (issues.some((i) => i.severity === "violation"))
      throw new ValidationError(issues, { code: "shacl_violation" });
  }

  const renderer = await rendererStamp(formats);
  const previous = options.incremental === false ? undefined : await readBuildManifest(out);
  const usable =
    previous && previous.renderer === renderer && previous.baseIri === site.baseIri ? previous : undefined;
  const fingerprints = documentFingerprints(site, renderer);
  const { tmp, old } = buildSiblings(out);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });

  let files = 0;
  let bytes = 0;
  let reused = 0;
  let pagesReused = 0;
  const write = async (file: StaticFile) => {
    const target = join(tmp, file.path);
    await mkdir(dirname(target), { recursive: true });
    const body = typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body;
    await writeFile(target, body);
    if (file.modified && !Number.isNaN(file.modified.getTime()))
      await utimes(target, file.modified, file.modified);
    files++;
    bytes += body.byteLength;
  };

  try {
    const docs = [...site.documents.values()];
    const manifestDocs: Record<string, ManifestDocument> = {};
    const docResources: Pick<Resource, "kind" | "variants" | "lastModified">[] = [];
    progress({ phase: "render", done: 0, total: docs.length });
    let done = 0;
    for (const doc of docs) {
      const fingerprint = fingerprints.get(doc.ref) as { data: string; page: string };
      const before = usable?.documents[doc.ref];
      const previousData = before?.files.filter((f) => !isPageFormat(f.format, formats)) ?? [];
      const previousPages = before?.files.filter((f) => isPageFormat(f.format, formats)) ?? [];
      const dataReused =
        before?.data === fingerprint.data &&
        (await reuse(
          out,
          tmp,
          previousData.map((f) => f.path),
        ));
      const pageReused =
        before?.page === fingerprint.page &&
        (await reuse(
          out,
          tmp,
          previousPages.map((f) => f.path),
        ));
      const kept = [...(dataReused ? previousData : []), ...(pageReused ? previousPages : [])];
      for (const f of kept) {
        files++;
        bytes += (await stat(join(tmp, f.path))).size;
      }
      let rendered: Resource | undefined;
      if (!dataReused || !pageReused) {
        const page = (f: Format) => f.mediaType === "text/html";
        rendered = renderDocumentResource(
          site,
          doc,
          formats,
          dataReused ? page : pageReused ? (f) => !page(f) : undefined,
        );
        for (const v of rendered.variants)
          await write({ path: v.path, body: v.body, modified: rendered.lastModified });
      }
      if (dataReused) reused++;
      if (pageReused) pagesReused++;
      const fresh = (rendered?.variants ?? []).map((v) => ({
        path: v.path,
        format: v.format.id,
        ...(v.language ? { language: v.language } : {}),
      }));
      // The sitemap needs each HTML variant's URL and the page's date, not the bytes.
      docResources.push({
        kind: "document",
        lastModified: rendered?.lastModified ?? pageLastModified(doc, site),
        variants: [
          ...(rendered?.variants ?? []),
          ...kept.flatMap((f) => {
            const format = formats.find((x) => x.id === f.format);
            return format
              ? [
                  {
                    format,
                    path: f.path,
                    url: site.baseIri + f.path,
                    body: new Uint8Array(),
                    contentType: "",
                    etag: "",
                    ...(f.language ? { language: f.language } : {}),
                  },
                ]
              : [];
          }),
        ],
      });
      manifestDocs[doc.ref] = { data: fingerprint.data, page: fingerprint.page, files: [...kept, ...fresh] };
      done++;
      progress({ phase: "render", done, total: docs.length });
    }

    progress({ phase: "site", done: 0, total: 0 });
    const siteResources = renderSiteResources(site, docResources, { formats });
    for (const r of siteResources) {
      for (const v of r.variants) {
        await write({ path: v.path, body: v.body, modified: r.lastModified });
        if (r.kind === "dump") {
          await write({
            path: `${v.path}.gz`,
            body: gzipSync(v.body, { level: 9 }),
            modified: r.lastModified,
          });
        }
      }
    }
    for (const f of catalogPageFiles(site, formats)) await write(f);
    for (const f of errorFiles(site, formats)) await write(f);
    const variants: NginxVariant[] = formats.map((f) => ({
      id: f.id,
      mediaType: f.mediaType,
      charset: f.charset,
      ...(f.aliases ? { aliases: f.aliases } : {}),
      ...(f.profiles ? { profiles: f.profiles } : {}),
    }));
    const resourceLanguages = new Map<string, string[]>();
    for (const r of [...docResources, ...siteResources]) {
      const langs = r.variants.flatMap((v) =>
        v.language && v.format.mediaType === "text/html" ? [v.language] : [],
      );
      const first = r.variants[0];
      if (langs.length > 0 && first)
        resourceLanguages.set(first.path.replace(/(?:\.[a-z]{2})?\.[a-z]+$/, ""), langs);
    }
    const nginx = { root: out, baseIri: site.baseIri, variants, resourceLanguages, ...options.nginx };
    await write({ path: `${BUILD_META_DIR}/nginx-maps.conf`, body: createNginxMaps(nginx) });
    await write({ path: `${BUILD_META_DIR}/nginx-server.conf`, body: createNginxServer(nginx) });
    await write({
      path: `${BUILD_META_DIR}/nginx.conf`,
      body: createNginxConfig({ ...nginx, runDir: join(dirname(out), `.${basename(out)}.nginx`) }),
    });
    const manifest: BuildManifest = {
      version: 2,
      baseIri: site.baseIri,
      renderer,
      sources: Object.fromEntries(loaded.items.map((l) => [relativeTo(options.dir, l.file), l.hash])),
      documents: manifestDocs,
    };
    // The manifest is written last: a folder without it was never completed.
    await write({ path: MANIFEST, body: `${JSON.stringify(manifest, null, 2)}\n` });

    progress({ phase: "swap", done: 0, total: 0 });
    await swap(tmp, out, old);
  } catch (error) {
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
    triples: site.quads.length,
    files,
    bytes,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Where the static build keeps the catalog's Hydra pages (served by the nginx rules for `?page=`). */
export const CATALOG_PAGES_DIR = `${BUILD_META_DIR}/catalog`;

/**
 * The Hydra pages of the catalog at the default page size, as the router renders them for `/catalog?page=N` and
 * `/catalog?page=N&pageSize=50` (the form the pages link to), negotiated and by extension:
 * `.govlod/catalog/page-N[-size-50]{.ttl,.en.html,…}` and `.govlod/catalog/page-N[-size-50].fixed.{ext}`.
 */
function catalogPageFiles(site: Site, formats: readonly Format[]): StaticFile[] {
  const files: StaticFile[] = [];
  const size = CATALOG_PAGE_SIZE.default;
  const { lastPage } = catalogView(site, { page: 1, pageSize: size });
  const render = (query: CatalogQuery, resourcePath: string) =>
    renderResource(site, {
      kind: "catalog",
      path: "catalog",
      quads: catalogView(site, query, resourcePath).quads,
      formats,
      graph: `${site.baseIri}catalog${catalogQueryString(query)}`,
      lastModified: site.lastModified,
    });
  for (let page = 1; page <= lastPage; page++) {
    for (const query of [{ page }, { page, pageSize: size }] as CatalogQuery[]) {
      const name = `${CATALOG_PAGES_DIR}/page-${page}${query.pageSize ? `-size-${query.pageSize}` : ""}`;
      for (const v of render(query, "catalog").variants) {
        files.push({
          path: `${name}${v.path.slice("catalog".length)}`,
          body: v.body,
          modified: site.lastModified,
        });
      }
      for (const f of formats) {
        const fixed = render(query, `catalog.${f.id}`).variants.find((v) => v.path === `catalog.${f.id}`);
        if (fixed)
          files.push({ path: `${name}.fixed.${f.id}`, body: fixed.body, modified: site.lastModified });
      }
    }
  }
  return files;
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

/**
 * Puts the new build in place. `rename(2)` cannot replace a non-empty folder, so the previous output moves
 * aside first; {@link recoverOutput} repairs the one moment between the two renames if the process dies there.
 */
async function swap(tmp: string, out: string, old: string): Promise<void> {
  await rm(old, { recursive: true, force: true });
  const hadOut = await exists(out);
  if (hadOut) await rename(out, old);
  await rename(tmp, out);
  if (hadOut) await rm(old, { recursive: true, force: true });
}

async function reuse(out: string, tmp: string, paths: readonly string[]): Promise<boolean> {
  for (const p of paths) if (!(await exists(join(out, p)))) return false;
  for (const p of paths) {
    const target = join(tmp, p);
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(join(out, p), target);
    } catch {
      // Another file system, or links not allowed: copy instead.
      const body = await readFile(join(out, p));
      const info = await stat(join(out, p));
      await writeFile(target, body);
      await utimes(target, info.atime, info.mtime);
    }
  }
  return true;
}

/** Reads the manifest of a previous build; undefined when there is none or it cannot be used. */
export async function readBuildManifest(out: string): Promise<BuildManifest | undefined> {
  try {
    const json = JSON.parse(await readFile(join(out, MANIFEST), "utf8")) as BuildManifest;
    return json.version === 2 && typeof json.documents === "object" ? json : undefined;
  } catch {
    return undefined;
  }
}

function graphHash(quads: readonly SiteDocument["quads"][number][]): string {
  const lines = quads.map(
    (q) => `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)} ${termKey(q.graph)}`,
  );
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

function isPageFormat(id: string, formats: readonly Format[]): boolean {
  return formats.find((f) => f.id === id)?.mediaType === "text/html";
}

/**
 * Each document's fingerprints (see the dependency rule of {@link buildSite}): `data` from the renderer, the base
 * IRI and the document's own triples; `page` from the renderer, the base IRI and every document's triples and
 * content.
 */
export function documentFingerprints(
  site: Site,
  renderer: string,
): Map<string, { data: string; page: string }> {
  const own = new Map<string, string>();
  const whole = createHash("sha256").update(
    `${renderer}\n${site.baseIri}\n${site.lastModified?.toISOString()}\n`,
  );
  for (const d of [...site.documents.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    const h = graphHash(d.quads);
    own.set(d.ref, h);
    whole.update(`${d.ref} ${h} ${createHash("sha256").update(JSON.stringify(d.item)).digest("hex")}\n`);
  }
  const page = whole.digest("hex");
  const out = new Map<string, { data: string; page: string }>();
  for (const d of site.documents.values()) {
    const data = createHash("sha256")
      .update(`${renderer}\n${site.baseIri}\n${d.documentIri}\n${own.get(d.ref)}`)
      .digest("hex");
    out.set(d.ref, { data, page });
  }
  return out;
}

let codeHash: Promise<string> | undefined;

/** A hash of govlod's own code (the folder this module was loaded from) and the formats' ids and media types. */
async function rendererStamp(formats: readonly Format[]): Promise<string> {
  codeHash ??= (async () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const h = createHash("sha256");
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && /\.(?:js|ts|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const f of files) h.update(`${f.slice(root.length)}\n`).update(await readFile(f));
    return h.digest("hex");
  })();
  const code = await codeHash;
  return createHash("sha256")
    .update(`${code}\n${formats.map((f) => `${f.id} ${f.mediaType}`).join("\n")}`)
    .digest("hex");
}

function relativeTo(dir: string, file: string): string {
  const abs = resolve(file);
  const root = resolve(dir);
  return abs.startsWith(`${root}/`) ? abs.slice(root.length + 1) : abs;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
