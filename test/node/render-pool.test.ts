import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Writer } from "n3";
import { afterAll, describe, expect, it } from "vitest";
import { packCatalogPage, writeCatalogPage } from "../../src/node/catalog-pages.js";
import { loadContentDir } from "../../src/node/load-content.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import {
  formatsOfPart,
  isPage,
  type RenderedFile,
  type RenderPart,
  writeDocumentData,
  writeDocumentPart,
} from "../../src/node/render-document.js";
import {
  type DataJob,
  dataChunk,
  type RenderPoolOptions,
  startRenderPool,
} from "../../src/node/render-pool.js";
import type { RenderWork } from "../../src/node/render-worker.js";
import { shapeQuads, shapesStamp, validateSite } from "../../src/node/validate-site.js";
import { DEFAULT_FORMATS, type Format } from "../../src/serialize/formats.js";
import { recordingReads } from "../../src/serialize/page-reads.js";
import { pageLastModified } from "../../src/serialize/sitemap.js";
import { renderDocumentResource } from "../../src/serialize/variants.js";
import { createSite, type Site, type SiteDocument } from "../../src/site/site.js";
import { validateDocumentsByRef } from "../../src/validate/documents.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { DATA_DIR, seedItems } from "../helpers/seed.js";

const DATA_FORMATS = DEFAULT_FORMATS.filter((f) => !isPage(f));

describe("node/render-pool", () => {
  const dirs: string[] = [];
  afterAll(() => cleanup(...dirs));

  async function folder(): Promise<string> {
    const dir = await tempDir();
    dirs.push(dir);
    return dir;
  }

  /** The seed site, and a pool (one worker, every data format) writing into a new folder. */
  async function seedPool(options: Partial<RenderPoolOptions> = {}) {
    const site = createSite(await seedItems());
    const out = await folder();
    const rendered: string[] = [];
    const pages: number[] = [];
    const pool = startRenderPool({
      baseIri: site.baseIri,
      folder: out,
      formats: DATA_FORMATS.map((f) => f.id),
      workers: 1,
      onRendered: (r) => ("ref" in r ? rendered.push(r.ref) : pages.push(r.catalogPage)),
      ...options,
    });
    return { pool, site, out, rendered, pages };
  }

  /** A part of a document as the router renders it (in memory), with the records of its files: the reference. */
  const renderDocumentPart = (
    site: Site,
    doc: SiteDocument,
    formats: readonly Format[],
    part: RenderPart,
  ) => {
    const { result: resource, reads } = recordingReads(() =>
      renderDocumentResource(site, doc, formats, formatsOfPart(part)),
    );
    const files = resource.variants.map(
      (v): RenderedFile => ({
        path: v.path,
        format: v.format.id,
        bytes: v.body.byteLength,
        ...(v.language ? { language: v.language } : {}),
      }),
    );
    return { resource, files, reads };
  };

  const job = (site: Site, doc: SiteDocument): DataJob => ({
    ref: doc.ref,
    documentIri: doc.documentIri,
    quads: doc.quads,
    lastModified: pageLastModified(doc, site),
  });

  it("renders documents' data variants from their packed triples: the bytes and dates of the build's own thread", async () => {
    const { pool, site, out, rendered } = await seedPool();
    const docs = [...site.documents.values()];
    // The caller takes from the same source as the worker: every document goes to exactly one of them.
    let next = 0;
    const take = (count: number) => {
      const taken = docs.slice(next, next + count);
      next += taken.length;
      return taken;
    };
    const mine: SiteDocument[] = [];
    const done = pool.render((): RenderWork | undefined => {
      const taken = take(3);
      return taken.length > 0 ? { render: dataChunk(taken.map((d) => job(site, d))) } : undefined;
    });
    mine.push(...take(2));
    await done;
    await pool.stop();
    expect([...rendered, ...mine.map((d) => d.ref)].sort()).toEqual(docs.map((d) => d.ref).sort());
    expect(rendered.length).toBeGreaterThan(0);
    for (const doc of docs.filter((d) => rendered.includes(d.ref))) {
      const expected = renderDocumentPart(site, doc, DEFAULT_FORMATS, "data").resource;
      expect(expected.variants.length).toBe(DATA_FORMATS.length);
      for (const v of expected.variants) {
        const file = join(out, v.path);
        expect(Buffer.from(await readFile(file)).equals(Buffer.from(v.body)), v.path).toBe(true);
      }
    }
    // Dated as the build dates them (a document with a date: its files carry it).
    const dated = docs.find((d) => rendered.includes(d.ref) && pageLastModified(d, site) !== undefined);
    expect(dated).toBeDefined();
    const when = pageLastModified(dated as SiteDocument, site) as Date;
    const { mtimeMs } = await import("node:fs/promises").then((fs) =>
      fs.stat(join(out, `doc/${(dated as SiteDocument).ref}.ttl`)),
    );
    expect(Math.floor(mtimeMs / 1000)).toBe(Math.floor(when.getTime() / 1000));
  });

  it("writes a document's data variants from their text in the build's thread too: the same bytes, records and dates", async () => {
    const site = createSite(await seedItems());
    const out = await folder();
    const made = new Set<string>();
    for (const doc of site.documents.values()) {
      const modified = pageLastModified(doc, site);
      const files = writeDocumentData(site.baseIri, doc, DEFAULT_FORMATS, modified, out, made);
      const expected = renderDocumentPart(site, doc, DEFAULT_FORMATS, "data");
      // What the manifest records (sizes in bytes, not characters: the seed has æ, ø and å).
      expect(files).toEqual(expected.files);
      for (const v of expected.resource.variants) {
        expect(Buffer.from(await readFile(join(out, v.path))).equals(Buffer.from(v.body)), v.path).toBe(true);
        if (modified) {
          const { mtimeMs } = await stat(join(out, v.path));
          expect(Math.floor(mtimeMs / 1000)).toBe(Math.floor(modified.getTime() / 1000));
        }
      }
    }
  });

  it("writes a document's pages and data in the build's thread from their text: the same bytes, records and reads", async () => {
    const site = createSite(await seedItems());
    const made = new Set<string>();
    for (const part of ["all", "page", "data"] as const) {
      const out = await folder();
      for (const doc of site.documents.values()) {
        const { files, reads } = writeDocumentPart(site, doc, DEFAULT_FORMATS, part, out, made);
        const expected = renderDocumentPart(site, doc, DEFAULT_FORMATS, part);
        expect(files).toEqual(expected.files);
        // What the pages asked of the site (a data part records none: its files show only its own triples).
        expect(reads).toEqual(part === "data" ? undefined : expected.reads);
        for (const v of expected.resource.variants)
          expect(Buffer.from(await readFile(join(out, v.path))).equals(Buffer.from(v.body)), v.path).toBe(
            true,
          );
      }
    }
  });

  it("writes a catalog page's files but its HTML ones, as the build's thread writes them from the site", async () => {
    const { pool, site, out, pages } = await seedPool();
    let sent = false;
    await pool.render(() => {
      if (sent) return undefined;
      sent = true;
      return { page: packCatalogPage(site, DATA_FORMATS, 1) };
    });
    await pool.stop();
    expect(pages).toEqual([1]);
    const here = await folder();
    const expected = writeCatalogPage(site, DEFAULT_FORMATS, 1, here, new Set(), (f) => !isPage(f));
    expect(expected.length).toBeGreaterThan(DATA_FORMATS.length * 2);
    expect(expected.some((f) => f.path.endsWith(".html"))).toBe(false);
    for (const f of expected) {
      const theirs = await readFile(join(out, f.path));
      expect(theirs.equals(await readFile(join(here, f.path))), f.path).toBe(true);
    }
  });

  it("validates batches exactly as validateSite does in the build's thread", async () => {
    const loaded = await loadContentDir(DATA_DIR);
    const site = createSite(loaded.map((l) => l.item));
    const shapes = await loadShapes();
    const files = new Map(loaded.map((l) => [l.ref, l.file]));
    const here = await validateSite(site, files, shapes, shapesStamp(shapes), undefined);
    const { pool } = await seedPool({
      shapes: new Writer({ format: "N-Quads" }).quadsToString([...shapeQuads(shapes)]),
    });
    const there = await validateSite(site, files, shapes, shapesStamp(shapes), undefined, {
      validateBatch: pool.validate,
    });
    // Small batches, several under way at a time: each document still gets the issues about its own nodes.
    const small = { files, batchSize: 7 };
    const apart = await validateDocumentsByRef(site, shapes, { ...small, validateBatch: pool.validate });
    await pool.stop();
    expect(there.records).toEqual(here.records);
    expect(there.issues).toEqual(here.issues);
    expect(apart).toEqual(await validateDocumentsByRef(site, shapes, small));
    expect([...apart.values()].filter((issues) => issues.length > 0).length).toBeGreaterThan(7);
    expect(here.issues.length).toBeGreaterThan(0); // the seed has warnings: the comparison is not of nothing
    expect(here.issues.some((i) => i.file !== undefined && i.field !== undefined)).toBe(true);
  });

  it("fails with the worker's reason, and refuses a format it cannot render", async () => {
    const { pool } = await seedPool({ formats: ["no-such-format"] });
    await expect(pool.failed).rejects.toThrow(/Rendering failed: .*no-such-format/);
    await pool.stop();
    const html = await seedPool({ formats: ["html"] });
    await expect(html.pool.failed).rejects.toThrow(/renders no HTML pages/);
    await html.pool.stop();
    // A task it cannot read: the render fails with the reason.
    const bad = await seedPool();
    let sent = false;
    const rendering = bad.pool.render(() => {
      if (sent) return undefined;
      sent = true;
      return {
        render: {
          docs: [{ ref: "news/x", documentIri: "https://example.org/doc/news/x" }],
          quads: { terms: ["?nonsense"], triples: Uint32Array.of(0, 0, 0), ends: [1] },
        },
      };
    });
    await expect(rendering).rejects.toThrow(/Rendering failed: Not a packed term/);
    await bad.pool.stop();
  });

  it("fails, and does not end the process, when what it reports to throws", async () => {
    const { pool, site } = await seedPool({
      onRendered: () => {
        throw new Error("the caller broke");
      },
    });
    const docs = [...site.documents.values()].slice(0, 3);
    const rendering = pool.render(() => {
      const doc = docs.shift();
      return doc ? { render: dataChunk([job(site, doc)]) } : undefined;
    });
    await expect(rendering).rejects.toThrow(/the caller broke/);
    await expect(pool.failed).rejects.toThrow(/the caller broke/);
    await pool.stop();
  });

  it("validates only when it was given the shapes", async () => {
    const { pool, site } = await seedPool();
    const doc = [...site.documents.values()][0] as SiteDocument;
    await expect(pool.validate(doc.quads, new Set([doc.thingIri]))).rejects.toThrow(/given no shapes/);
    await pool.stop();
  });

  it("says so when a worker runs out of the heap it was given", async () => {
    const { pool, site } = await seedPool({ oldGenerationMb: 4 });
    const docs = [...site.documents.values()];
    const rendering = pool.render(() => {
      const doc = docs.shift();
      return doc ? { render: dataChunk([job(site, doc)]) } : undefined;
    });
    await expect(rendering).rejects.toThrow(/render worker ran out of memory \(its heap may grow to 4 MB\)/);
    await pool.stop();
  });

  it("drops what waits when it is stopped", async () => {
    const { pool, site } = await seedPool({
      shapes: new Writer({ format: "N-Quads" }).quadsToString([...shapeQuads(await loadShapes())]),
    });
    const doc = [...site.documents.values()][0] as SiteDocument;
    const waiting = Array.from({ length: 8 }, () => pool.validate(doc.quads, new Set([doc.thingIri])));
    await pool.stop();
    const settled = await Promise.allSettled(waiting);
    expect(settled.some((s) => s.status === "rejected")).toBe(true);
    await expect(pool.render(() => undefined)).rejects.toThrow(/stopped/);
  });
});
