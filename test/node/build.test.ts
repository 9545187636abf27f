import {
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Parser, Store } from "n3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSite } from "../../scripts/synth.js";
import { IoError, ValidationError } from "../../src/errors.js";
import {
  BUILD_HISTORY_FILES,
  type Builder,
  type BuildOptions,
  type BuildSummary,
  buildSite as buildOnce,
  buildSiblings,
  buildSite,
  createBuilder,
  type ManifestDocument,
  manifestBlockChunks,
  readBuildManifest,
  recoverOutput,
  renderWorkerCount,
} from "../../src/node/build.js";
import { writeNewFileChunksSync } from "../../src/node/fresh-files.js";
import { loadShapes, loadSite } from "../../src/node/index.js";
import { DEFAULT_FORMATS, type Format, JSON_LD, TURTLE } from "../../src/serialize/formats.js";
import { renderSiteResources, writeSiteNQuads, writeSiteTurtle } from "../../src/serialize/variants.js";
import { createShapes } from "../../src/validate/shacl.js";
import { cleanup, copySeed, editJson, snapshot, tempDir } from "../cli/helpers.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { DATA_DIR } from "../helpers/seed.js";

const BASE = "https://data.example.gov/";
const IDS = ["ttl", "jsonld", "nt", "nq", "rdf", "html"];

describe("node/build", () => {
  let work: string;
  let out: string;
  beforeAll(async () => {
    work = await tempDir("govlod-build-");
    out = join(work, "site");
    await buildSite({ dir: DATA_DIR, out, baseIri: BASE });
  });
  afterAll(() => cleanup(work));

  it("offers every format of the router: the RDF formats and HTML", () => {
    expect(DEFAULT_FORMATS.map((f) => f.id)).toEqual(IDS);
  });

  it("writes every variant of every document, and the Turtle, N-Triples and N-Quads are the document's graph", async () => {
    const { site } = await loadSite(DATA_DIR, { baseIri: BASE });
    expect(site.documents.size).toBeGreaterThan(20);
    for (const doc of site.documents.values()) {
      for (const id of IDS) {
        const info = await stat(join(out, `doc/${doc.kind}/${doc.slug}.${id}`));
        expect(info.size).toBeGreaterThan(0);
      }
      const base = join(out, `doc/${doc.kind}/${doc.slug}`);
      for (const [ext, format] of [
        ["ttl", "text/turtle"],
        ["nt", "application/n-triples"],
      ] as const) {
        expectSameGraph(new Parser({ format }).parse(await readFile(`${base}.${ext}`, "utf8")), doc.quads);
      }
      const nq = new Parser({ format: "application/n-quads" }).parse(await readFile(`${base}.nq`, "utf8"));
      expect(new Set(nq.map((q) => q.graph.value))).toEqual(new Set([doc.documentIri]));
      JSON.parse(await readFile(`${base}.jsonld`, "utf8"));
      expect(await readFile(`${base}.html`, "utf8")).toMatch(/^<!doctype html>/i);
    }
  });

  it("writes the catalog in every format, dumps with gzip twins, VoID, sitemap, robots and the JSON-LD context", async () => {
    const { site } = await loadSite(DATA_DIR, { baseIri: BASE });
    for (const id of IDS) expect((await stat(join(out, `catalog.${id}`))).size).toBeGreaterThan(0);
    for (const id of IDS) expect((await stat(join(out, `.well-known/void.${id}`))).size).toBeGreaterThan(0);
    // Written in pieces, byte for byte what the router renders whole, in every format and language.
    for (const r of renderSiteResources(site, []).filter((r) => r.negotiated))
      for (const v of r.variants)
        expect(await readFile(join(out, v.path)), v.path).toEqual(Buffer.from(v.body));
    const dumpNq = await readFile(join(out, "dump.nq"));
    expect(gunzipSync(await readFile(join(out, "dump.nq.gz")))).toEqual(dumpNq);
    expect(gunzipSync(await readFile(join(out, "dump.ttl.gz")))).toEqual(
      await readFile(join(out, "dump.ttl")),
    );
    const quads = new Parser({ format: "application/n-quads" }).parse(dumpNq.toString("utf8"));
    expect(new Set(quads.map((q) => q.graph.value)).size).toBe(site.documents.size);
    // Streamed from the documents' own files, byte for byte the router's dump (the site's sorted N-Quads).
    expect(dumpNq.toString("utf8")).toBe(writeSiteNQuads(site));
    expect(await readFile(join(out, "dump.ttl"), "utf8")).toBe(writeSiteTurtle(site));
    expectSameGraph(
      new Parser({ format: "text/turtle" }).parse(await readFile(join(out, "dump.ttl"), "utf8")),
      site.quads,
    );
    const sitemap = await readFile(join(out, "sitemap.xml"), "utf8");
    for (const doc of site.documents.values())
      expect(sitemap).toContain(`<loc>${doc.documentIri}.html</loc>`);
    expect(await readFile(join(out, "robots.txt"), "utf8")).toContain(`Sitemap: ${BASE}sitemap.xml`);
    const voidQuads = new Parser({ format: "text/turtle" }).parse(
      await readFile(join(out, ".well-known/void.ttl"), "utf8"),
    );
    const triples = voidQuads.find((q) => q.predicate.value === "http://rdfs.org/ns/void#triples");
    expect(Number(triples?.object.value)).toBe(new Store([...site.quads]).size);
    expect(voidQuads.some((q) => q.object.value === `${BASE}dump.nq`)).toBe(true);
    expect(JSON.parse(await readFile(join(out, "context.jsonld"), "utf8"))).toHaveProperty("@context");
    for (const f of ["catalog/page-1.ttl", "catalog/page-1-size-50.jsonld", "catalog/page-1.fixed.rdf"]) {
      expect(await readFile(join(out, ".govlod", f), "utf8")).toMatch(/hydra/);
    }
    for (const f of ["nginx.conf", "nginx-maps.conf", "nginx-server.conf", "manifest.json"]) {
      expect((await stat(join(out, ".govlod", f))).size).toBeGreaterThan(0);
    }
  });

  it("writes both dumps, byte for byte the router's, when its formats lack the documents' N-Quads and Turtle", async () => {
    const { site } = await loadSite(DATA_DIR, { baseIri: BASE });
    const only = join(work, "jsonld-only");
    await buildSite({ dir: DATA_DIR, out: only, baseIri: BASE, formats: [JSON_LD] });
    await expect(stat(join(only, "catalog.ttl"))).rejects.toThrow();
    const nq = await readFile(join(only, "dump.nq"), "utf8");
    expect(nq).toBe(writeSiteNQuads(site));
    expect(await readFile(join(only, "dump.ttl"), "utf8")).toBe(writeSiteTurtle(site));
    expect(gunzipSync(await readFile(join(only, "dump.nq.gz"))).toString("utf8")).toBe(nq);
    // No HTML: no page fingerprints or page reads in the manifest, in a full build or an incremental one.
    const noPages = (m: Awaited<ReturnType<typeof readBuildManifest>>) =>
      Object.values(m?.documents ?? {}).every((d) => d.page === "" && d.reads === undefined);
    const first = await readBuildManifest(only);
    expect(Object.keys(first?.documents ?? {}).length).toBe(site.documents.size);
    expect(noPages(first)).toBe(true);
    const again = await buildSite({ dir: DATA_DIR, out: only, baseIri: BASE, formats: [JSON_LD] });
    expect(again.reused).toBe(site.documents.size);
    expect(noPages(await readBuildManifest(only))).toBe(true);
  });

  it("writes the manifest's documents in block files, an entry a line, and reads them back", async () => {
    const text = await readFile(join(out, ".govlod/manifest.json"), "utf8");
    expect(text.split("\n")).toHaveLength(2); // one line
    const head = JSON.parse(text) as { version: number; documents?: object; documentFiles: string[] };
    expect(head.version).toBe(3);
    expect(head.documents).toBeUndefined();
    const manifest = await readBuildManifest(out);
    const refs = Object.keys(manifest?.documents ?? {});
    expect(refs.length).toBe((await loadSite(DATA_DIR, { baseIri: BASE })).site.documents.size);
    // Each block is a JSON object, an entry a line, named after its first document; in order, every document once.
    const inBlocks: string[] = [];
    const entries: Record<string, unknown> = {};
    expect(head.documentFiles.length).toBeGreaterThan(0);
    for (const path of head.documentFiles) {
      const block = await readFile(join(out, path), "utf8");
      const value = JSON.parse(block) as Record<string, unknown>;
      const keys = Object.keys(value);
      expect(path).toBe(`.govlod/documents/${keys[0]}.json`);
      expect(block.split("\n")).toHaveLength(keys.length + 3); // "{", one per document, "}", ""
      inBlocks.push(...keys);
      Object.assign(entries, value);
    }
    expect(inBlocks).toEqual(refs);
    expect(manifest?.documents).toEqual(entries);
    expect(manifest).toMatchObject({ version: 3, documentFiles: head.documentFiles });

    // A block's bytes, with a memo of the entries' bytes (a builder's) or without: the same, the first time and
    // from the memo; written as a build writes them (one list of bytes, with writev).
    const documents: Record<string, ManifestDocument> = {};
    for (let i = 0; i < 700; i++)
      documents[`news/n${i}`] = { data: `h${i}\nwith "a line" in it`, page: "", files: [] };
    const all = Object.keys(documents);
    const written = await tempDir();
    let n = 0;
    const bytes = async (chunks: readonly Uint8Array[]) => {
      const file = join(written, `m${n++}.json`);
      writeNewFileChunksSync(file, [chunks]);
      return readFile(file);
    };
    const plain = await bytes(manifestBlockChunks(documents, all));
    expect(JSON.parse(plain.toString("utf8"))).toEqual(documents);
    const memo = new WeakMap();
    expect((await bytes(manifestBlockChunks(documents, all, memo))).equals(plain)).toBe(true);
    expect((await bytes(manifestBlockChunks(documents, all, memo))).equals(plain)).toBe(true);
    expect((await bytes(manifestBlockChunks(documents, all.slice(1, 3), memo))).toString()).toBe(
      `{\n"news/n1":${JSON.stringify(documents["news/n1"])},\n"news/n2":${JSON.stringify(documents["news/n2"])}\n}\n`,
    );

    // Read back: a manifest of this layout, of the earlier ones (version 2: a document a line, or one line), and
    // none when a block is missing, cut short or outside the folder of blocks.
    const dir = await tempDir();
    const write = async (files: Record<string, string | Buffer | undefined>) => {
      await rm(join(dir, ".govlod"), { recursive: true, force: true });
      for (const [path, body] of Object.entries(files)) {
        if (body === undefined) continue;
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), body);
      }
      return readBuildManifest(dir);
    };
    const block = (refs: string[]) => Buffer.concat(manifestBlockChunks(documents, refs));
    const v3 = (paths: string[]) => `${JSON.stringify({ version: 3, documentFiles: paths })}\n`;
    const a = ".govlod/documents/news/n0.json";
    const b = ".govlod/documents/news/n400.json";
    const both = {
      ".govlod/manifest.json": v3([a, b]),
      [a]: block(all.slice(0, 400)),
      [b]: block(all.slice(400)),
    };
    expect(await write(both)).toEqual({ version: 3, documentFiles: [a, b], documents });
    expect(await write({ ".govlod/manifest.json": v3([]) })).toEqual({
      version: 3,
      documentFiles: [],
      documents: {},
    });
    const lines = all.map((ref) => `${JSON.stringify(ref)}:${JSON.stringify(documents[ref])}`).join(",\n");
    const v2 = { version: 2, baseIri: BASE, documents };
    expect(
      await write({
        ".govlod/manifest.json": `{"version":2,"baseIri":"${BASE}","documents":{\n${lines}\n}}\n`,
      }),
    ).toEqual(v2);
    expect(await write({ ".govlod/manifest.json": `${JSON.stringify(v2)}\n` })).toEqual(v2);
    expect(await write({ ".govlod/manifest.json": `{"version":2,"documents":{\n${lines}` })).toBeUndefined();
    expect(await write({ ...both, [b]: undefined })).toBeUndefined();
    expect(await write({ ...both, [b]: block(all.slice(400)).subarray(0, 1000) })).toBeUndefined();
    expect(
      await write({ ...both, ".govlod/manifest.json": v3([a, ".govlod/documents/../manifest.json"]) }),
    ).toBeUndefined();
    expect(await write({ ...both, ".govlod/manifest.json": v3([a, "doc/news/n400.json"]) })).toBeUndefined();
    await cleanup(dir);
    await cleanup(written);
  });

  it("keeps the manifest's blocks whose entries did not change: a builder's rebuild writes the one with the edit", async () => {
    const root = await tempDir();
    const content = join(root, "content");
    await writeSite(content, { items: 400, seed: 3 });
    const site = join(root, "site");
    const builder = createBuilder({ dir: content, out: site, baseIri: BASE, formats: [TURTLE] });
    await builder.build();
    const before = await readBuildManifest(site);
    const blocks = before?.documentFiles ?? [];
    expect(blocks.length).toBeGreaterThan(2);
    const inodes = async () => Promise.all(blocks.map(async (p) => (await stat(join(site, p))).ino));
    const first = await inodes();
    const ref = Object.keys(before?.documents ?? {}).find((r) => r.startsWith("news/")) as string;
    await editJson(join(content, `${ref}.json`), (j) => {
      (j.title as Record<string, string>).nb = "Endret tittel";
    });
    await builder.build();
    const after = await readBuildManifest(site);
    expect(after?.documentFiles).toEqual(blocks);
    // Turtle only: the edited document's entry is the only one that changed, and its block the only file written.
    const holding = blocks.findIndex((p, i) => {
      const next = blocks[i + 1];
      const name = (q: string) => q.slice(".govlod/documents/".length, -".json".length);
      return name(p) <= ref && (next === undefined || ref < name(next));
    });
    const second = await inodes();
    expect(second.map((ino, i) => ino === first[i])).toEqual(blocks.map((_, i) => i !== holding));
    expect(after?.documents[ref]?.data).not.toBe(before?.documents[ref]?.data);
    // The same manifest a full build makes, file for file; also after a document is removed and another added
    // (blocks made again around them).
    const blockFiles = async (out: string) => {
      const all = await snapshot(out, { mtimes: false });
      return Object.fromEntries(Object.entries(all).filter(([p]) => p.startsWith(".govlod/documents/")));
    };
    const full = join(root, "full");
    const fullBuild = () =>
      buildOnce({ dir: content, out: full, baseIri: BASE, formats: [TURTLE], incremental: false });
    await fullBuild();
    expect((await readBuildManifest(full))?.documents).toEqual(after?.documents);
    expect(await blockFiles(site)).toEqual(await blockFiles(full));
    const news = Object.keys(after?.documents ?? {}).filter((r) => r.startsWith("news/") && r !== ref);
    const moved = JSON.parse(await readFile(join(content, `${news[0]}.json`), "utf8")) as { slug: string };
    await rm(join(content, `${news[0]}.json`));
    moved.slug = "a-new-one";
    await writeFile(join(content, "news/a-new-one.json"), JSON.stringify(moved));
    await builder.build();
    await fullBuild();
    expect(Object.keys(await blockFiles(site)).length).toBeGreaterThan(2);
    expect(await blockFiles(site)).toEqual(await blockFiles(full));
    // A build in a new process after one more edit: the dumps' unchanged blocks come from the previous build's
    // dumps (their records in the manifest), and the dumps are a full build's, byte for byte.
    const records = (await readBuildManifest(site))?.siteFiles?.dump?.blocks;
    expect(records?.nq?.length).toBeGreaterThan(2);
    expect(records?.ttl?.length).toBe(records?.nq?.length);
    await editJson(join(content, `${ref}.json`), (j) => {
      (j.title as Record<string, string>).nb = "Endret igjen";
    });
    await buildOnce({ dir: content, out: site, baseIri: BASE, formats: [TURTLE] });
    await fullBuild();
    const dumps = async (out: string) => {
      const all = await snapshot(out, { mtimes: false });
      return Object.fromEntries(Object.entries(all).filter(([p]) => p.startsWith("dump.")));
    };
    expect(Object.keys(await dumps(site))).toHaveLength(4);
    expect(await dumps(site)).toEqual(await dumps(full));
    await cleanup(root);
  });

  it("stamps document files with the content date (nginx sends it as Last-Modified)", async () => {
    const { site } = await loadSite(DATA_DIR, { baseIri: BASE });
    const news = site.documents.get("news/regionale-utviklingstrekk-2021");
    const info = await stat(join(out, "doc/news/regionale-utviklingstrekk-2021.ttl"));
    expect(info.mtime.getTime()).toBe(news?.lastModified?.getTime());
  });

  it("refuses to replace a folder that is not a build, a file, or the content folder", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "notes.txt"), "precious");
    await expect(buildSite({ dir: DATA_DIR, out: dir })).rejects.toThrow(/not a govlod build/);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("precious");
    await expect(buildSite({ dir: DATA_DIR, out: join(dir, "notes.txt") })).rejects.toThrow(/is a file/);
    await expect(buildSite({ dir: DATA_DIR, out: DATA_DIR })).rejects.toThrow(/holds the content folder/);
    await expect(buildSite({ dir: DATA_DIR, out: join(DATA_DIR, "..") })).rejects.toThrow(
      /holds the content folder/,
    );
    await cleanup(dir);
  });

  it("refuses a second build into the same folder while one runs, and takes over an abandoned lock", async () => {
    const dir = join(await tempDir(), "site");
    const { lock } = buildSiblings(dir);
    await writeFile(lock, "12345@elsewhere");
    await expect(buildSite({ dir: DATA_DIR, out: dir })).rejects.toThrow(/Another build into .* is running/);
    // The holder is known to be gone.
    const gone = { id: "me", isAlive: (id: string) => id !== "12345@elsewhere" };
    await buildSite({ dir: DATA_DIR, out: dir, lockOwner: gone });
    await expect(stat(lock)).rejects.toThrow();
    // Not refreshed for a minute: abandoned, whoever held it.
    await writeFile(lock, "12345@elsewhere");
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await buildSite({ dir: DATA_DIR, out: dir });
    await cleanup(join(dir, ".."));
  });

  describe("atomicity", () => {
    it("leaves the previous output exactly as it was when the content is invalid", async () => {
      const dir = await copySeed();
      await editJson(join(dir, "organization/esa.json"), (j) => {
        j.title = 42;
      });
      const before = await snapshot(out);
      await expect(buildSite({ dir, out, baseIri: BASE })).rejects.toBeInstanceOf(ValidationError);
      expect(await snapshot(out)).toEqual(before);
      await cleanup(join(dir, ".."));
    });

    it("leaves the previous output as it was and removes the partial build when rendering fails", async () => {
      const before = await snapshot(out);
      let calls = 0;
      const failing: Format[] = DEFAULT_FORMATS.map((f) => ({
        ...f,
        write: (quads, ctx) => {
          if (++calls === 40) throw new Error("disk full");
          return f.write(quads, ctx);
        },
      }));
      const error = await buildSite({
        dir: DATA_DIR,
        out,
        baseIri: BASE,
        formats: failing,
        incremental: false,
      }).catch((e: unknown) => e);
      expect(error, String(error)).toBeInstanceOf(IoError);
      expect((error as Error).message).toMatch(/disk full/);
      expect(await snapshot(out)).toEqual(before);
      // The partial build folder is gone: only the one `out` points to is left.
      expect(await readdir(buildSiblings(out).builds)).toEqual([basename(await readlink(out))]);
    });

    it("leaves the previous output as it was when the SHACL check finds a violation", async () => {
      const before = await snapshot(out);
      const check = () => [
        {
          source: "shacl" as const,
          code: "MinCountConstraintComponent",
          path: [],
          message: "no",
          severity: "violation" as const,
        },
      ];
      await expect(buildSite({ dir: DATA_DIR, out, baseIri: BASE, check })).rejects.toMatchObject({
        code: "shacl_violation",
      });
      expect(await snapshot(out)).toEqual(before);
    });

    it("leaves the previous output as it was when the SHACL check fails while render workers run", async () => {
      const before = await snapshot(out);
      const check = async () => {
        await new Promise((r) => setTimeout(r, 200)); // the workers are rendering meanwhile
        return [
          {
            source: "shacl" as const,
            code: "MinCountConstraintComponent",
            path: [],
            message: "no",
            severity: "violation" as const,
          },
        ];
      };
      await expect(
        buildSite({ dir: DATA_DIR, out, baseIri: BASE, check, workers: 2, incremental: false }),
      ).rejects.toMatchObject({ code: "shacl_violation" });
      expect(await snapshot(out)).toEqual(before);
      expect(await readdir(buildSiblings(out).builds)).toHaveLength(1);
    });

    it("stops on a SHACL violation a render worker finds, with the issues its own thread finds", async () => {
      const before = await snapshot(out);
      const shapes = createShapes(
        new Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
          <urn:x:Short> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:headline ; sh:maxLength 10 ; sh:severity sh:Violation ] .`),
      );
      const failure = (workers: number) =>
        buildSite({ dir: DATA_DIR, out, baseIri: BASE, shapes, workers, incremental: false }).catch(
          (e: unknown) => e,
        ) as Promise<ValidationError>;
      const there = await failure(2);
      const here = await failure(0);
      expect(there).toBeInstanceOf(ValidationError);
      expect(there.code).toBe("shacl_violation");
      expect(there.issues.length).toBeGreaterThan(0);
      expect(there.issues).toEqual(here.issues);
      expect(await snapshot(out)).toEqual(before);
      expect(await readdir(buildSiblings(out).builds)).toHaveLength(1);
    });

    it.each([
      ["in every format", undefined],
      // No N-Quads files to read the N-Quads dump from: it is written from the triples.
      ["in Turtle and JSON-LD (the N-Quads dump from the triples)", [TURTLE, JSON_LD]],
    ])(
      "renders the same files, dates and manifest in worker threads as in its own thread, %s",
      async (_, formats) => {
        // Same-length paths: the nginx rules name the output folder.
        const here = join(await tempDir(), "site");
        const threads = join(await tempDir(), "site");
        // With the bundled shapes: the validation runs in a worker too (its results located here), and its records go
        // into the manifest.
        const shapes = await loadShapes();
        const common = { dir: DATA_DIR, baseIri: BASE, shapes, ...(formats ? { formats } : {}) };
        const a = await buildSite({ ...common, out: here, workers: 0 });
        const b = await buildSite({ ...common, out: threads, workers: 2 });
        expect(b).toMatchObject({
          files: a.files,
          bytes: a.bytes,
          documents: a.documents,
          rendered: a.rendered,
        });
        expectSameOutput(await snapshot(threads, { mtimes: false }), await snapshot(here, { mtimes: false }));
        // The documents' files carry the same dates (the error pages and the manifest are dated when written).
        const dated = (snap: Record<string, string>) =>
          Object.fromEntries(Object.entries(snap).filter(([k]) => k.startsWith("doc/")));
        const withDates = dated(await snapshot(here));
        expect(Object.keys(withDates).length).toBeGreaterThan(formats ? 70 : 200);
        expect(dated(await snapshot(threads))).toEqual(withDates);
      },
    );

    it("makes the output a symlink to one build folder beside it, switched by one rename; keeps only the previous build, and only after an incremental build", async () => {
      const dir = join(await tempDir(), "site");
      const { builds, link } = buildSiblings(dir);
      await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE });
      const first = await readlink(dir);
      expect((await lstat(dir)).isSymbolicLink()).toBe(true);
      // Relative, so the folder holding the output can move.
      expect(first).toBe(join(basename(builds), basename(first)));
      const firstFolder = await stat(dir);
      await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE });
      const second = await readlink(dir);
      expect(second).not.toBe(first);
      // Incremental: the first build stays beside it, for the next build to bring up to date in place.
      expect((await readdir(builds)).sort()).toEqual([basename(first), basename(second)].sort());
      expect((await readFile(join(dir, BUILD_HISTORY_FILES[0]), "utf8")).trim()).toBe(basename(first));
      await expect(lstat(link)).rejects.toThrow();
      const served = await snapshot(dir);
      await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE });
      const third = await readlink(dir);
      // The third build is the first build's folder (same directory inode), renamed and brought up to date.
      expect((await stat(dir)).ino).toBe(firstFolder.ino);
      expect((await readdir(builds)).sort()).toEqual([basename(second), basename(third)].sort());
      // Not one byte or date of the build that was served changed while the next was written beside it.
      expect(await snapshot(join(builds, basename(second)))).toEqual(served);
      // A full build keeps nothing.
      await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE, incremental: false });
      expect(await readdir(builds)).toEqual([basename(await readlink(dir))]);
      // The nginx configuration serves the stable path, not a build folder that a later build deletes.
      const conf = await readFile(join(dir, ".govlod/nginx-server.conf"), "utf8");
      expect(conf).toContain(`root "${dir}";`);
      expect(conf).not.toContain(basename(third));
      await cleanup(join(dir, ".."));
    });

    it("moves a real output folder of the earlier layout into the builds folder once, keeping its content until the switch", async () => {
      const work = await tempDir();
      const dir = join(work, "site");
      await buildSite({ dir: DATA_DIR, out: join(work, "made"), baseIri: BASE });
      await cp(join(work, "made"), dir, { recursive: true, dereference: true, preserveTimestamps: true });
      const earlier = withoutNginx(await snapshot(dir, { mtimes: false }));
      const summary = await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE });
      expect(summary.reused).toBe(summary.documents); // incremental from the real folder
      expect((await lstat(dir)).isSymbolicLink()).toBe(true);
      expect(withoutNginx(await snapshot(dir, { mtimes: false }))).toEqual(earlier);
      expect(await readdir(buildSiblings(dir).builds)).toHaveLength(1);
      // An empty real folder (made by hand before the first build) is replaced too.
      const empty = join(work, "empty");
      await mkdir(empty);
      await buildSite({ dir: DATA_DIR, out: empty, baseIri: BASE });
      expect((await lstat(empty)).isSymbolicLink()).toBe(true);
      expect((await stat(join(empty, "catalog.ttl"))).size).toBeGreaterThan(0);
      await cleanup(work);
    });

    it("finishes a switch killed while a real output folder had been moved aside: the complete new build is put in place", async () => {
      const work = await tempDir();
      const dir = join(work, "site");
      await buildSite({ dir: DATA_DIR, out: dir, baseIri: BASE });
      const before = await snapshot(dir);
      const { builds, link } = buildSiblings(dir);
      // The state a kill -9 between moving `out` away and renaming the new symlink leaves: no `out`, the symlink
      // to the complete build beside it.
      await rename(dir, link);
      await recoverOutput(dir);
      expect((await lstat(dir)).isSymbolicLink()).toBe(true);
      expect(await snapshot(dir)).toEqual(before);
      // A symlink that never got renamed (killed just after creating it) is removed; a partial build too.
      await symlink(await readlink(dir), link);
      await rm(join(builds, "partial"), { recursive: true, force: true });
      await cp(join(builds, basename(await readlink(dir))), join(builds, "partial"), { recursive: true });
      await recoverOutput(dir);
      await expect(lstat(link)).rejects.toThrow();
      expect(await readdir(builds)).toEqual([basename(await readlink(dir))]);
      expect(await snapshot(dir)).toEqual(before);
      await cleanup(work);
    });

    it("puts a previous output of the earlier layout back when a build died between its two renames", async () => {
      const work = await tempDir();
      const dir = join(work, "site");
      await buildSite({ dir: DATA_DIR, out: join(work, "made"), baseIri: BASE });
      const { old } = buildSiblings(dir);
      // The state a kill -9 between the two renames of the earlier layout left: a real folder aside, no `out`.
      await cp(join(work, "made"), old, { recursive: true, dereference: true, preserveTimestamps: true });
      const before = await snapshot(old);
      await recoverOutput(dir);
      expect((await lstat(dir)).isDirectory()).toBe(true);
      expect(await snapshot(dir)).toEqual(before);
      await expect(stat(old)).rejects.toThrow();
      await cleanup(work);
    });
  });

  // Each as one-off builds (`buildSite`, a new process each time) and through one long-running builder
  // (`createBuilder`, as `build --watch`): the same output, the same counts.
  describe.each(["buildSite", "createBuilder"] as const)("incremental builds (%s)", (mode) => {
    let dir: string;
    let site: string;
    beforeAll(async () => {
      dir = await copySeed();
      site = join(dir, "..", "site");
      await buildSite({ dir, out: site, baseIri: BASE });
    });
    afterAll(() => cleanup(join(dir, "..")));

    /** One builder per output, base IRI and shapes: a long-running process builds with the same options. */
    const builders = new Map<string, { shapes: BuildOptions["shapes"]; builder: Builder }[]>();
    const buildSite = (options: BuildOptions): Promise<BuildSummary> => {
      if (mode === "buildSite") return buildOnce(options);
      const key = `${options.out}\n${options.baseIri}`;
      const list = builders.get(key) ?? [];
      builders.set(key, list);
      let known = list.find((b) => b.shapes === options.shapes);
      if (!known) {
        known = { shapes: options.shapes, builder: createBuilder(options) };
        list.push(known);
      }
      return known.builder.build();
    };

    /** The summary of the last full build. */
    let fullSummary: BuildSummary | undefined;
    const fullBuild = async (shapes?: BuildOptions["shapes"]) => {
      const full = join(dir, "..", "full");
      fullSummary = await buildOnce({
        dir,
        out: full,
        baseIri: BASE,
        incremental: false,
        ...(shapes ? { shapes } : {}),
      });
      return full;
    };

    it("reuses every variant when nothing changed", async () => {
      const summary = await buildSite({ dir, out: site, baseIri: BASE });
      expect(summary).toMatchObject({ rendered: 0, reused: summary.documents, pagesRendered: 0 });
      expect(summary.pagesReused).toBe(summary.documents);
    });

    /** The documents whose data variants were rendered again, from the manifests before and after. */
    const renderedAgain = async (build: () => Promise<unknown>) => {
      const before = await readBuildManifest(site);
      await build();
      const after = await readBuildManifest(site);
      return Object.keys(after?.documents ?? {}).filter(
        (ref) => before?.documents[ref]?.data !== after?.documents[ref]?.data,
      );
    };

    it("renders the data variants of a changed document again, and only the HTML pages that show it; reuses the rest, and equals a full build", async () => {
      await editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => {
        (j.title as Record<string, string>).nb = "Regionale utviklingstrekk 2021 (oppdatert)";
      });
      let summary: BuildSummary | undefined;
      const changed = await renderedAgain(async () => {
        summary = await buildSite({ dir, out: site, baseIri: BASE });
      });
      expect(changed).toContain("news/regionale-utviklingstrekk-2021");
      expect(summary?.rendered).toBe(changed.length);
      expect(summary?.reused).toBe((summary?.documents ?? 0) - changed.length);
      expect(summary?.reused).toBeGreaterThan((summary?.documents ?? 0) / 2);
      // The news item's own page and the pages that show its title (its policy area, its publisher, …).
      expect(summary?.pagesRendered).toBeGreaterThan(1);
      expect(summary?.pagesRendered).toBeLessThan((summary?.documents ?? 0) / 4);
      expect(await readFile(join(site, "doc/news/regionale-utviklingstrekk-2021.ttl"), "utf8")).toContain(
        "(oppdatert)",
      );
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
      // Counted as a full build counts them (kept files from their recorded sizes, the catalog pages' in total),
      // and the build history it keeps beside them.
      const history = await Promise.all(
        BUILD_HISTORY_FILES.map((p) => stat(join(site, p)).then((s) => s.size)),
      );
      expect({ files: summary?.files, bytes: summary?.bytes }).toEqual({
        files: (fullSummary?.files ?? 0) + history.length,
        bytes: (fullSummary?.bytes ?? 0) + history.reduce((a, b) => a + b, 0),
      });
    });

    it("renders every document that refers to an organisation again when it gets an organisation number", async () => {
      // ESA's IRI becomes the national agent IRI, so the news item that mentions it changes without being edited.
      const changed = await renderedAgain(() =>
        editJson(join(dir, "organization/esa.json"), (j) => {
          j.organisationNumber = "974760673";
        }).then(() => buildSite({ dir, out: site, baseIri: BASE })),
      );
      expect(changed).toEqual(
        expect.arrayContaining([
          "organization/esa",
          "news/kommunal-kompensasjonsordning-for-lokale-virksomheter",
        ]),
      );
      const news = await readFile(
        join(site, "doc/news/kommunal-kompensasjonsordning-for-lokale-virksomheter.ttl"),
        "utf8",
      );
      expect(news).toContain("organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673");
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
    });

    it("equals a full build after edits whose effects reach pages that do not link to them", async () => {
      // A committee's name shows on the policy area's page; the catalog's title on every page.
      await editJson(join(dir, "organization/distriktsdemografiutvalget.json"), (j) => {
        (j.title as Record<string, string>).nb = "Distriktsdemografiutvalget (endret)";
      });
      await editJson(join(dir, "catalog/regional-og-distriktspolitikk.json"), (j) => {
        (j.title as Record<string, string>).nb = "Regional- og distriktspolitikk (katalog, endret)";
      });
      const summary = await buildSite({ dir, out: site, baseIri: BASE });
      expect(summary.reused).toBeGreaterThan(0);
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
    });

    it("equals a full build when an item is removed and another added, each built in place over the kept previous build", async () => {
      const builds = buildSiblings(site).builds;
      /** Builds into `site` and checks it was the kept previous build, brought up to date in place. */
      const buildInPlace = async () => {
        const standby = (await readFile(join(site, BUILD_HISTORY_FILES[0]), "utf8")).trim();
        const folder = await stat(join(builds, standby));
        const summary = await buildSite({ dir, out: site, baseIri: BASE });
        expect((await stat(site)).ino).toBe(folder.ino);
        return summary;
      };
      await buildSite({ dir, out: site, baseIri: BASE }); // an incremental build: it keeps its previous one
      const file = join(dir, "news/kommunal-kompensasjonsordning-for-lokale-virksomheter.json");
      const item = await readFile(file, "utf8");
      await rm(file);
      await buildInPlace();
      const left = Object.keys(await snapshot(site)).filter((p) =>
        p.includes("kommunal-kompensasjonsordning-for-lokale-virksomheter"),
      );
      expect(left).toEqual([]);
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
      await writeFile(
        join(dir, "news/kompensasjon-igjen.json"),
        item.replace(/"slug": "[^"]+"/, '"slug": "kompensasjon-igjen"'),
      );
      await buildInPlace();
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
      await rm(join(dir, "news/kompensasjon-igjen.json"));
      await writeFile(file, item);
      await buildInPlace();
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
    });

    it("equals a full build after each of a series of edits: dates, titles on trails, links, the catalog, languages", async () => {
      const news = join(dir, "news/regionale-utviklingstrekk-2021.json");
      const ministry = join(dir, "organization/kommunal-og-moderniseringsdepartementet.json");
      const area = join(dir, "policy-area/regional-og-distriktspolitikk.json");
      const dataset = join(dir, "dataset/regional-og-distriktspolitikk.json");
      const touched = [news, ministry, area, dataset];
      /** An edit that sets (or, without a text, removes) an item's title in one language. */
      const retitle = (file: string, lang: string, text?: string) => () =>
        editJson(file, (j) => {
          const title = j.title as Record<string, string>;
          if (text === undefined) delete title[lang];
          else title[lang] = text;
        });
      const originals = await Promise.all(touched.map((f) => readFile(f, "utf8")));
      const edits: [string, () => Promise<void>][] = [
        // The site's newest date: the sitemap, VoID, the catalog's date and every page's footer change.
        [
          "a newer date",
          () =>
            editJson(news, (j) => {
              j.modified = "2030-01-02T03:04:05Z";
            }),
        ],
        // A title shown in the breadcrumbs of every page under the policy area.
        ["a policy area's title", retitle(area, "nb", "Regional- og distriktspolitikk (ny)")],
        // A ministry's title: the breadcrumbs of its department's contact point two steps down, a page that does
        // not link to the ministry itself.
        ["a ministry's title", retitle(ministry, "nb", "Kommunal- og moderniseringsdepartementet (ny)")],
        // A new link: the back-links of what it names, and the sitemap dates around it.
        [
          "a new mention",
          () =>
            editJson(news, (j) => {
              j.mentions = ["organization/ungdommens-distriktspanel"];
            }),
        ],
        // A dataset's title: the catalog and its pages.
        ["a dataset's title", retitle(dataset, "nb", "Datasett (endret)")],
        // A second language: a page more, the nginx rules, the sitemap's alternates.
        ["an English title", retitle(news, "en", "Regional trends 2021")],
        // The second language gone again: its page and its place in the rules go too.
        ["the English title removed", retitle(news, "en")],
        // Nothing changed at all.
        ["nothing", async () => {}],
      ];
      // The nginx rules name their own folder: compared with it taken out.
      const rules = async (root: string) =>
        (await readFile(join(root, ".govlod/nginx-maps.conf"), "utf8")).replaceAll(root, "ROOT");
      // With shapes, so that the manifests compared hold validation keys and issues (a headline rule: warnings).
      const shapes = createShapes(
        new Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
          <urn:x:Short> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:headline ; sh:maxLength 10 ; sh:severity sh:Warning ] .`),
      );
      await buildSite({ dir, out: site, baseIri: BASE, shapes });
      for (const [what, edit] of edits) {
        await edit();
        await buildSite({ dir, out: site, baseIri: BASE, shapes });
        const full = await fullBuild(shapes);
        const differ = sameOutput(
          await snapshot(site, { mtimes: false }),
          await snapshot(full, { mtimes: false }),
        );
        expect(differ, `after ${what}`).toEqual([]);
        expect(await rules(site), `nginx rules after ${what}`).toBe(await rules(full));
      }
      // The tests after this one start from the content as it was.
      for (const [i, f] of touched.entries()) await writeFile(f, originals[i] as string);
    });

    it("validates with SHACL shapes; an incremental build validates the changed documents and keeps the other results", async () => {
      // Headlines must not contain "!": a rule the content model does not know.
      const shapes = createShapes(
        new Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
          <urn:x:NoShouting> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:headline ; sh:pattern "^[^!]*$" ; sh:severity sh:Violation ] .
          <urn:x:Short> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:headline ; sh:maxLength 10 ; sh:severity sh:Warning ] .`),
      );
      const first = await buildSite({ dir, out: site, baseIri: BASE, shapes });
      const manifest = await readBuildManifest(site);
      const news = Object.entries(manifest?.documents ?? {}).filter(([ref]) => ref.startsWith("news/"));
      expect(news.length).toBeGreaterThan(1);
      for (const [, d] of news) {
        expect(d.validation).toMatch(/^[0-9a-f]{64}$/);
        expect(d.issues?.map((i) => i.code)).toEqual(["MaxLengthConstraintComponent"]);
      }
      const file = join(dir, "news/regionale-utviklingstrekk-2021.json");
      await editJson(file, (j) => {
        (j.title as Record<string, string>).nb = "Regionale utviklingstrekk 2021!";
      });
      const before = await snapshot(site);
      const error = await buildSite({ dir, out: site, baseIri: BASE, shapes }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.filter((i) => i.severity === "violation")).toEqual([
        expect.objectContaining({ code: "PatternConstraintComponent", file, field: "title" }),
      ]);
      expect(await snapshot(site)).toEqual(before);
      await editJson(file, (j) => {
        (j.title as Record<string, string>).nb = "Regionale utviklingstrekk 2021 (igjen)";
      });
      const again = await buildSite({ dir, out: site, baseIri: BASE, shapes });
      expect(again.documents).toBe(first.documents);
      // The unchanged documents kept their results; the changed one has its own again.
      const after = await readBuildManifest(site);
      for (const [ref, d] of news) {
        if (ref === "news/regionale-utviklingstrekk-2021")
          expect(after?.documents[ref]?.issues?.[0]?.message).toContain("(igjen)");
        else expect(after?.documents[ref]?.issues).toEqual(d.issues);
      }
    });

    it("keeps the catalog's Hydra pages when no document they show changed, and renders them when one did", async () => {
      const page = join(site, ".govlod/catalog/page-1.ttl");
      await buildSite({ dir, out: site, baseIri: BASE });
      const before = (await stat(page)).ino;
      // A news item is not part of the catalog: the pages are hard-linked from the previous build.
      await editJson(join(dir, "news/kommunal-kompensasjonsordning-for-lokale-virksomheter.json"), (j) => {
        (j.title as Record<string, string>).nb = "Kommunal kompensasjonsordning (endret)";
      });
      await buildSite({ dir, out: site, baseIri: BASE });
      expect((await stat(page)).ino).toBe(before);
      await editJson(join(dir, "catalog/regional-og-distriktspolitikk.json"), (j) => {
        (j.title as Record<string, string>).nb = "Regional- og distriktspolitikk (katalog, igjen)";
      });
      await buildSite({ dir, out: site, baseIri: BASE });
      expect((await stat(page)).ino).not.toBe(before);
      expect(await readFile(page, "utf8")).toContain("(katalog, igjen)");
      expectSameOutput(
        await snapshot(site, { mtimes: false }),
        await snapshot(await fullBuild(), { mtimes: false }),
      );
    });

    it("renders everything again when the base IRI changes", async () => {
      const summary = await buildSite({ dir, out: site, baseIri: "https://other.example.gov/" });
      expect(summary.reused).toBe(0);
    });

    it("records the content hash of every source file in the manifest", async () => {
      const manifest = await readBuildManifest(site);
      expect(Object.keys(manifest?.sources ?? {})).toContain("organization/esa.json");
      expect(manifest?.sources["organization/esa.json"]).toMatch(/^[0-9a-f]{64}$/);
      await writeFile(join(site, ".govlod/manifest.json"), "{");
      expect(await readBuildManifest(site)).toBeUndefined();
    });
  });
});

describe("node/build: render workers", () => {
  const GB = 1024 ** 3;
  it("starts none for a small build, one per core but one, and no more than memory holds", () => {
    expect(renderWorkerCount(399, 8, 64 * GB)).toBe(0);
    expect(renderWorkerCount(400, 8, 64 * GB)).toBe(7);
    expect(renderWorkerCount(10_000, 1, 64 * GB)).toBe(0);
    // A worker holds no copy of the site: 0.75 GB each, whatever the site's size.
    expect(renderWorkerCount(150_000, 4, 3 * GB)).toBe(3);
    expect(renderWorkerCount(150_000, 4, 1.6 * GB)).toBe(2);
    expect(renderWorkerCount(150_000, 4, 0.7 * GB)).toBe(0);
    expect(renderWorkerCount(150_000, 4, -1 * GB)).toBe(0);
  });
});

/** A snapshot without the nginx files (they name the output folder as root). */
/** A build's files without the nginx files (they name their own folder) and the build history files. */
function withoutNginx(s: Record<string, string>): Record<string, string> {
  const history: readonly string[] = BUILD_HISTORY_FILES;
  return Object.fromEntries(
    Object.entries(s).filter(([path]) => !path.startsWith(".govlod/nginx") && !history.includes(path)),
  );
}

/** Two builds agree on every file; the nginx files name their own folder as root, so they are left out. */
function expectSameOutput(actual: Record<string, string>, expected: Record<string, string>): void {
  expect(sameOutput(actual, expected)).toEqual([]);
}

/** The paths in which two build snapshots differ (the nginx rules name their folder and are left out). */
function sameOutput(actual: Record<string, string>, expected: Record<string, string>): string[] {
  const a = withoutNginx(actual);
  const e = withoutNginx(expected);
  return Object.keys({ ...a, ...e }).filter((k) => a[k] !== e[k]);
}
