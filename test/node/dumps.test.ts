import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { writeDumps } from "../../src/node/dumps.js";
import { writeNQuads, writeTurtle } from "../../src/serialize/turtle.js";
import { TURTLE_DUMP_HEADER, writeSiteNQuads, writeSiteTurtle } from "../../src/serialize/variants.js";
import { createSite } from "../../src/site/site.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { seedItems } from "../helpers/seed.js";

describe("node/dumps", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await cleanup(d);
  });

  it("streams many large documents into both dumps and their gzip twins, in graph order, prefixes once", async () => {
    // Megabytes, so that both the file and the gzip stream push back (and must be waited for) many times.
    const dir = await tempDir();
    dirs.push(dir);
    await mkdir(join(dir, "doc"), { recursive: true });
    const parts = [];
    for (let i = 0; i < 120; i++) {
      const graph = `https://data.example.gov/doc/news/n${String(1000 - i)}`;
      const line = `<${graph}#x> <http://schema.org/name> "${"tekst ".repeat(40)}${i}" <${graph}> .\n`;
      await writeFile(join(dir, `doc/${i}.nq`), line.repeat(300));
      await writeFile(
        join(dir, `doc/${i}.ttl`),
        `@prefix schema: <http://schema.org/>.\n\n<${graph}#x> schema:name "${"ord ".repeat(3000)}${i}".\n`,
      );
      parts.push({ graph, nq: `doc/${i}.nq`, ttl: `doc/${i}.ttl`, quads: [] });
    }
    const modified = new Date("2024-05-01T00:00:00Z");
    const files = await writeDumps(dir, parts, modified);
    expect(files.map((f) => f.path)).toEqual(["dump.nq", "dump.nq.gz", "dump.ttl", "dump.ttl.gz"]);
    const ordered = [...parts].sort((a, b) => (a.graph < b.graph ? -1 : 1));
    const nq = await readFile(join(dir, "dump.nq"), "utf8");
    const want = (await Promise.all(ordered.map((p) => readFile(join(dir, p.nq), "utf8")))).join("");
    expect(nq).toBe(want);
    expect(gunzipSync(await readFile(join(dir, "dump.nq.gz"))).toString("utf8")).toBe(want);
    const ttl = await readFile(join(dir, "dump.ttl"), "utf8");
    expect(ttl.startsWith(TURTLE_DUMP_HEADER)).toBe(true);
    expect(ttl.match(/^@prefix schema:/gm)).toHaveLength(1);
    expect(gunzipSync(await readFile(join(dir, "dump.ttl.gz"))).toString("utf8")).toBe(ttl);
    expect(files.find((f) => f.path === "dump.nq")?.bytes).toBe(Buffer.byteLength(want));
  });

  it("renders the dumps from the site a document at a time (no documents' files to stream), the same bytes as the router's", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const site = createSite(await seedItems());
    const parts = [...site.documents.values()].map((d) => ({ graph: d.documentIri, quads: d.quads }));
    const files = await writeDumps(dir, parts, site.lastModified);
    expect(files.map((f) => f.path)).toEqual(["dump.nq", "dump.nq.gz", "dump.ttl", "dump.ttl.gz"]);
    const nq = await readFile(join(dir, "dump.nq"), "utf8");
    expect(nq).toBe(writeSiteNQuads(site));
    expect(await readFile(join(dir, "dump.ttl"), "utf8")).toBe(writeSiteTurtle(site));
    expect(gunzipSync(await readFile(join(dir, "dump.nq.gz"))).toString("utf8")).toBe(nq);
  });

  it("takes each document's part from its own file where there is one and renders the rest: the same bytes", async () => {
    // A build in Turtle but not N-Quads (or the other way round, or a document kept with only some formats).
    const dir = await tempDir();
    dirs.push(dir);
    const site = createSite(await seedItems());
    await mkdir(join(dir, "doc"), { recursive: true });
    const parts = await Promise.all(
      [...site.documents.values()].map(async (d, i) => {
        const own = i % 3 === 0 ? "ttl" : i % 3 === 1 ? "nq" : undefined;
        const path = `doc/${i}.${own}`;
        if (own === "ttl") await writeFile(join(dir, path), writeTurtle(d.quads));
        if (own === "nq") await writeFile(join(dir, path), writeNQuads(d.quads, { graph: d.documentIri }));
        return { graph: d.documentIri, quads: d.quads, ...(own ? { [own]: path } : {}) };
      }),
    );
    await writeDumps(dir, parts, site.lastModified);
    expect(await readFile(join(dir, "dump.nq"), "utf8")).toBe(writeSiteNQuads(site));
    expect(await readFile(join(dir, "dump.ttl"), "utf8")).toBe(writeSiteTurtle(site));
  });
});
