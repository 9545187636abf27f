import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Writer } from "n3";
import { afterAll, describe, expect, it } from "vitest";
import { catalogPageFiles } from "../../src/node/catalog-pages.js";
import { loadContentDir } from "../../src/node/load-content.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import type { RenderJob } from "../../src/node/render-document.js";
import { type RenderPoolOptions, startRenderPool } from "../../src/node/render-pool.js";
import { shapeQuads, shapesStamp, validateSite } from "../../src/node/validate-site.js";
import { DEFAULT_FORMATS, type Format } from "../../src/serialize/formats.js";
import { writeSiteNQuads } from "../../src/serialize/variants.js";
import { createSite, type Site } from "../../src/site/site.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { DATA_DIR, seedItems } from "../helpers/seed.js";

const ttl = DEFAULT_FORMATS.find((f) => f.id === "ttl") as Format;

describe("node/render-pool", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await cleanup(d);
  });

  /**
   * A pool over the seed site (one worker, Turtle) writing into a new folder that is removed after the tests;
   * `options` is given the site and overrides those defaults.
   */
  async function seedPool(options: (site: Site) => Partial<RenderPoolOptions> = () => ({})) {
    const items = await seedItems();
    const site = createSite(items);
    const folder = await tempDir();
    dirs.push(folder);
    const pool = startRenderPool({
      items,
      baseIri: site.baseIri,
      folder,
      formats: ["ttl"],
      workers: 1,
      onRendered: () => {},
      ...options(site),
    });
    return { pool, site, folder };
  }

  it("renders every job once, in workers and in the caller's own thread (take), and writes the files", async () => {
    let docs: RenderJob[] = [];
    const seen: string[] = [];
    const pages: string[][] = [];
    const { pool, site, folder } = await seedPool((site) => {
      docs = [...site.documents.keys()].map((ref) => ({ ref, part: "data" as const }));
      return {
        jobs: [...docs, { catalogPage: 1 }],
        chunk: 4,
        onRendered: (r) => {
          if ("catalogPage" in r) return void pages.push(r.files.map((f) => f.path));
          expect(r.files.map((f) => f.format)).toEqual(["ttl"]);
          seen.push(r.ref);
        },
      };
    });
    // The caller's thread claims from the same counter as the worker (here, before the worker has built its
    // site): every job goes to exactly one of them.
    const mine = pool.take() ?? [];
    expect(mine).toEqual(docs.slice(0, 4));
    await pool.done;
    expect([...seen, ...mine.flatMap((j) => ("ref" in j ? [j.ref] : []))].sort()).toEqual(
      [...site.documents.keys()].sort(),
    );
    const written = await readdir(folder, { recursive: true });
    expect(written.filter((f) => f.endsWith(".ttl") && !f.startsWith(".govlod")).length).toBe(seen.length);
    const expected = [...catalogPageFiles(site, [ttl], 1)].map((f) => f.path);
    expect(pages).toEqual([expected]);
    for (const path of expected) expect(written).toContain(path);
    expect(pool.take()).toBeUndefined();
  });

  it("starts without jobs (workers build their sites and validate meanwhile) and renders those assigned later", async () => {
    const seen: string[] = [];
    const { pool, site, folder } = await seedPool(() => ({
      workers: 2,
      chunk: 2,
      onRendered: (r) => {
        if ("ref" in r) seen.push(r.ref);
      },
    }));
    expect(pool.take()).toBeUndefined(); // nothing to claim before the jobs are known
    const refs = [...site.documents.keys()];
    pool.assign(refs.map((ref) => ({ ref, part: "data" as const })));
    expect(() => pool.assign([])).toThrow(/has its jobs/);
    const mine: string[] = [];
    for (let chunk = pool.take(); chunk; chunk = pool.take())
      for (const job of chunk) if ("ref" in job) mine.push(job.ref);
    await pool.done;
    expect([...seen, ...mine].sort()).toEqual([...refs].sort());
    const written = await readdir(folder, { recursive: true });
    expect(written.filter((f) => f.endsWith(".ttl")).length).toBe(seen.length);
  });

  it("stops workers still waiting for their jobs", async () => {
    const { pool } = await seedPool();
    await pool.stop();
    await expect(pool.done).resolves.toBeUndefined();
    expect(pool.take()).toBeUndefined();
  });

  it("fails with the worker's reason, and stops", async () => {
    const { pool } = await seedPool(() => ({
      jobs: [{ ref: "news/does-not-exist", part: "all" }],
      workers: 2,
    }));
    await expect(pool.done).rejects.toThrow(/Rendering failed: .*news\/does-not-exist/);
    await pool.stop();
  });

  it("says so when a worker runs out of the heap it was given", async () => {
    const { pool } = await seedPool((site) => ({
      oldGenerationMb: 4,
      jobs: [...site.documents.keys()].map((ref) => ({ ref, part: "all" as const })),
    }));
    await expect(pool.done).rejects.toThrow(/render worker ran out of memory \(its heap may grow to 4 MB\)/);
    await pool.stop();
  });

  it("refuses a format it cannot send to a thread", async () => {
    const { pool } = await seedPool((site) => ({
      formats: ["no-such-format"],
      jobs: [{ ref: [...site.documents.keys()][0] as string, part: "all" }],
    }));
    await expect(pool.done).rejects.toThrow(/no-such-format/);
  });

  it("validates in the first worker exactly as validateSite does in the build's thread", async () => {
    const loaded = await loadContentDir(DATA_DIR);
    const items = loaded.map((l) => l.item);
    const site = createSite(items);
    const shapes = await loadShapes();
    const files = new Map(loaded.map((l) => [l.ref, l.file]));
    const here = await validateSite(site, files, shapes, shapesStamp(shapes), undefined);
    const folder = await tempDir();
    dirs.push(folder);
    const pool = startRenderPool({
      items,
      baseIri: site.baseIri,
      folder,
      formats: ["ttl"],
      jobs: [{ ref: [...site.documents.keys()][0] as string, part: "data" }],
      workers: 2,
      validate: {
        shapes: new Writer({ format: "N-Quads" }).quadsToString([...shapeQuads(shapes)]),
        stamp: shapesStamp(shapes),
        files: [...files],
      },
      onRendered: () => {},
    });
    const there = await pool.validation;
    await pool.done;
    expect(there?.issues).toEqual(here.issues);
    expect(there?.records).toEqual(here.records);
    expect(here.issues.length).toBeGreaterThan(0); // the seed has warnings: the comparison is not of nothing
  });

  it("lets the first thread out of jobs write the N-Quads dump: a worker, or the caller once it claims it", async () => {
    // No jobs for the caller: the worker runs out first and writes dump.nq (and its gzip twin) from its site.
    const first = await seedPool((site) => ({
      jobs: [...site.documents.keys()].map((ref) => ({ ref, part: "data" as const })),
      dumpNQuads: true,
    }));
    await first.pool.rendered;
    await first.pool.done;
    expect(first.pool.claimDump()).toBe(false);
    const dumped = await first.pool.dumped;
    expect(dumped?.map((f) => f.path)).toEqual(["dump.nq", "dump.nq.gz"]);
    const nq = await readFile(join(first.folder, "dump.nq"), "utf8");
    expect(nq).toBe(writeSiteNQuads(first.site));
    expect(gunzipSync(await readFile(join(first.folder, "dump.nq.gz"))).toString("utf8")).toBe(nq);
    expect(dumped?.[0]?.bytes).toBe(Buffer.byteLength(nq));
    // The caller claims it before the worker is out of jobs: the worker leaves it alone.
    const second = await seedPool((site) => ({
      jobs: [...site.documents.keys()].map((ref) => ({ ref, part: "data" as const })),
      dumpNQuads: true,
    }));
    expect(second.pool.claimDump()).toBe(true);
    await second.pool.done;
    expect(await second.pool.dumped).toBeUndefined();
    expect(await readdir(second.folder)).not.toContain("dump.nq");
    // Not asked for: no worker writes it, and the caller's claim is free.
    const third = await seedPool((site) => ({
      jobs: [...site.documents.keys()].slice(0, 2).map((ref) => ({ ref, part: "data" as const })),
    }));
    await third.pool.done;
    expect(await third.pool.dumped).toBeUndefined();
    expect(third.pool.claimDump()).toBe(true);
    expect(await readdir(third.folder)).not.toContain("dump.nq");
  });
});
