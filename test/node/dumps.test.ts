import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32, gunzipSync, inflateRawSync } from "node:zlib";
import { Parser } from "n3";
import { afterAll, describe, expect, it } from "vitest";
import {
  crc32Combine,
  DumpMemory,
  type DumpPart,
  startDumps,
  turtleBytesWithoutPrefixes,
  writeDumps,
} from "../../src/node/dumps.js";
import { turtleWithoutPrefixes, writeNQuads, writeTurtle } from "../../src/serialize/turtle.js";
import { TURTLE_DUMP_HEADER, writeSiteNQuads, writeSiteTurtle } from "../../src/serialize/variants.js";
import { createSite } from "../../src/site/site.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { seedItems } from "../helpers/seed.js";

describe("node/dumps", () => {
  const dirs: string[] = [];
  afterAll(() => cleanup(...dirs));

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

  it("uses a block's buffer again only once its bytes are written and compressed: every block's bytes its own", async () => {
    // Thousands of documents, so that the dumps make many blocks and the buffers of the first are taken for later ones.
    const dir = await tempDir();
    dirs.push(dir);
    await mkdir(join(dir, "doc"), { recursive: true });
    const parts: DumpPart[] = [];
    const want: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const graph = `https://data.example.gov/doc/news/n${String(i).padStart(5, "0")}`;
      const text = `<${graph}#x> <http://schema.org/name> "${String(i).repeat(1 + (i % 7) * 40)}" <${graph}> .\n`;
      want.push(text);
      // A third rendered, the rest read from their files (of many sizes).
      if (i % 3 === 0) parts.push({ graph, quads: new Parser({ format: "N-Quads" }).parse(text) });
      else {
        await writeFile(join(dir, `doc/${i}.nq`), text);
        parts.push({ graph, nq: `doc/${i}.nq`, quads: [] });
      }
    }
    await writeDumps(dir, parts, undefined, ["nq"]);
    const nq = await readFile(join(dir, "dump.nq"), "utf8");
    expect(nq).toBe(want.join(""));
    expect(gunzipSync(await readFile(join(dir, "dump.nq.gz"))).toString("utf8")).toBe(nq);
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

  /** Parts of many small documents (several blocks), each with its own key object. */
  const manyParts = (n: number, edited = -1): DumpPart[] =>
    Array.from({ length: n }, (_, i) => {
      const graph = `https://data.example.gov/doc/news/n${String(i).padStart(4, "0")}`;
      const text = i === edited ? "endret" : `tekst ${i}`;
      const quads = new Parser().parse(`<${graph}#x> <http://schema.org/name> "${text}" .`);
      return { graph, quads };
    });

  it("writes each gzip twin as one gzip member: blocks of raw deflate, the CRC-32 and length of the whole", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await writeDumps(dir, manyParts(500), undefined);
    for (const name of ["dump.nq", "dump.ttl"]) {
      const plain = await readFile(join(dir, name));
      const gz = await readFile(join(dir, `${name}.gz`));
      expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
      // One deflate stream from the header to the trailer: nothing follows it (no second member).
      expect(inflateRawSync(gz.subarray(10, gz.length - 8)).equals(plain)).toBe(true);
      expect(gz.readUInt32LE(gz.length - 8)).toBe(crc32(plain));
      expect(gz.readUInt32LE(gz.length - 4)).toBe(plain.length);
    }
  });

  it("with a memory, compresses again only the blocks whose documents changed, and writes the same bytes as without", async () => {
    const memory = new DumpMemory();
    const base = manyParts(600);
    // The same document object stands for the same bytes (a builder's unchanged document).
    const keys = base.map(() => ({}));
    const keyed = (parts: DumpPart[]): DumpPart[] => parts.map((p, i) => ({ ...p, key: keys[i] }));
    const first = await tempDir();
    dirs.push(first);
    await writeDumps(first, keyed(base), undefined, ["nq", "ttl"], memory);
    const blocks = new Map(memory.blocks.nq);
    expect(blocks.size).toBeGreaterThan(4);
    // One document changes (a new key), one is added, one removed.
    const edited = manyParts(600, 300);
    keys[300] = {};
    const next = keyed(edited).filter((_, i) => i !== 10);
    next.push({ ...manyParts(601)[600], key: {} } as DumpPart);
    const second = await tempDir();
    dirs.push(second);
    await writeDumps(second, next, undefined, ["nq", "ttl"], memory);
    const reused = [...memory.blocks.nq].filter(([id, b]) => blocks.get(id) === b);
    expect(reused.length).toBeGreaterThanOrEqual(memory.blocks.nq.size - 3);
    expect(reused.length).toBeLessThan(memory.blocks.nq.size);
    const without = await tempDir();
    dirs.push(without);
    await writeDumps(without, next, undefined);
    for (const name of ["dump.nq", "dump.nq.gz", "dump.ttl", "dump.ttl.gz"])
      expect((await readFile(join(second, name))).equals(await readFile(join(without, name)))).toBe(true);
    expect(gunzipSync(await readFile(join(second, "dump.nq.gz"))).toString("utf8")).toContain('"endret"');
  });

  it("copies from the previous build's dumps the blocks whose parts have the fingerprints recorded for them", async () => {
    // Fingerprints stand for the parts' bytes: a part whose fingerprint is unchanged is not read or rendered.
    const withPrints = (parts: DumpPart[], prints: string[]): DumpPart[] =>
      parts.map((p, i) => ({ ...p, fingerprint: prints[i] }));
    const prints = manyParts(600).map((_, i) => `f${i}`);
    const first = await tempDir();
    dirs.push(first);
    const made = await startDumps(first, withPrints(manyParts(600), prints), undefined);
    await made.written;
    const blocks = made.blocks;
    expect(blocks.nq?.length).toBeGreaterThan(4);
    expect(blocks.ttl?.length).toBe(blocks.nq?.length);
    const bytes = Object.fromEntries(made.files.map((f) => [f.path, f.bytes as number]));
    const previous = { folder: first, blocks, bytes };
    // Document 300 changes (a new fingerprint); every other part's text changes too but keeps its fingerprint, so
    // its block, copied, still holds the first text.
    const edited = manyParts(600, 300).map((p, i) =>
      i === 300 ? p : { ...p, quads: new Parser().parse(`<${p.graph}#x> <http://schema.org/name> "ny" .`) },
    );
    const printsAfter = prints.map((f, i) => (i === 300 ? "changed" : f));
    const second = await tempDir();
    dirs.push(second);
    const again = await startDumps(
      second,
      withPrints(edited, printsAfter),
      undefined,
      ["nq", "ttl"],
      undefined,
      previous,
    );
    await again.written;
    const nq = await readFile(join(second, "dump.nq"), "utf8");
    const lines = nq.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(600);
    expect(lines.filter((l) => l.includes('"endret"'))).toHaveLength(1); // the changed document, rendered
    // Its block's other parts were rendered again (their new text); every other block was copied (the first text).
    const rendered = lines.filter((l) => l.includes('"ny"')).length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(lines.filter((l) => l.includes('"tekst ')).length).toBe(599 - rendered);
    // The gzip twins hold the plain dumps; the blocks are recorded again, one with a new fingerprint.
    for (const name of ["dump.nq", "dump.ttl"]) {
      const plain = await readFile(join(second, name));
      expect(gunzipSync(await readFile(join(second, `${name}.gz`))).equals(plain)).toBe(true);
    }
    expect(again.blocks.nq?.map((b) => b.id)).toEqual(blocks.nq?.map((b) => b.id));
    const renewed = again.blocks.nq?.filter((b, i) => b.fingerprint !== blocks.nq?.[i]?.fingerprint);
    expect(renewed).toHaveLength(1);
    // Nothing is copied from a file whose size is not the recorded one, or from a block that fails its CRC-32.
    const check = async (change: (dir: string) => Promise<void>) => {
      const copy = await tempDir();
      dirs.push(copy);
      for (const name of ["dump.nq", "dump.nq.gz", "dump.ttl", "dump.ttl.gz"])
        await writeFile(join(copy, name), await readFile(join(first, name)));
      await change(copy);
      const out = await tempDir();
      dirs.push(out);
      const result = await startDumps(out, withPrints(edited, printsAfter), undefined, ["nq"], undefined, {
        ...previous,
        folder: copy,
      });
      await result.written;
      return readFile(join(out, "dump.nq"), "utf8");
    };
    const grown = await check(async (d) =>
      writeFile(join(d, "dump.nq"), `${await readFile(join(d, "dump.nq"), "utf8")}x`),
    );
    expect(grown.split("\n").filter((l) => l.includes('"ny"')).length).toBe(599); // all rendered
    const flipped = await check(async (d) => {
      const plain = await readFile(join(d, "dump.nq"));
      plain[100] = plain[100] === 0x61 ? 0x62 : 0x61;
      await writeFile(join(d, "dump.nq"), plain);
    });
    expect(flipped.split("\n").filter((l) => l.includes('"ny"')).length).toBeGreaterThan(rendered); // its block too
  });

  it("answers the dumps' files as soon as their sizes are known; `written` settles once every byte is on disk, dated", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const modified = new Date("2024-05-01T00:00:00Z");
    const { files, written } = await startDumps(dir, manyParts(600), modified);
    expect(files.map((f) => f.path)).toEqual(["dump.nq", "dump.nq.gz", "dump.ttl", "dump.ttl.gz"]);
    await written;
    for (const f of files) {
      const info = await stat(join(dir, f.path));
      expect({ path: f.path, bytes: info.size, mtime: info.mtime.getTime() }).toEqual({
        path: f.path,
        bytes: f.bytes,
        mtime: modified.getTime(),
      });
    }
    const again = await tempDir();
    dirs.push(again);
    await writeDumps(again, manyParts(600), modified);
    for (const f of files)
      expect((await readFile(join(dir, f.path))).equals(await readFile(join(again, f.path)))).toBe(true);
  });

  it("combines CRC-32s as zlib does", () => {
    for (let n = 0; n < 50; n++) {
      const a = Buffer.from(`første del ${n} `.repeat(n * 7));
      const b = Buffer.from(`andre del ${n * 31} `.repeat(n * 53 + 1));
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
    }
    expect(crc32Combine(12345, 0, 0)).toBe(12345);
  });

  it("takes the prefixes off a file's Turtle as bytes: the bytes of the text without them", () => {
    for (const text of [
      '@prefix schema: <http://schema.org/>.\n@prefix dcat: <http://www.w3.org/ns/dcat#>.\n\n<a> schema:name "Ærlig @prefix ø"@nb.\n',
      '<a> schema:name "@prefix in a literal".\n',
      "@prefix x: <y>.\n",
      "@prefix x: <y>.", // no line break: nothing left
      "@prefi",
      "",
      '@prefix x: <y>.\n@prefix"\n<b> <c> "æ".\n',
    ]) {
      const bytes = turtleBytesWithoutPrefixes(Buffer.from(text, "utf8"));
      expect(bytes.toString("utf8")).toBe(turtleWithoutPrefixes(text));
      expect(bytes.equals(Buffer.from(turtleWithoutPrefixes(text), "utf8"))).toBe(true);
    }
  });
});
