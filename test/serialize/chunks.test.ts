import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSite } from "../../scripts/synth.js";
import { ContentItemSchema } from "../../src/model/index.js";
import { DEFAULT_FORMATS, type WriteContext, writeChunksOf } from "../../src/serialize/formats.js";
import { sortQuads } from "../../src/serialize/quad-order.js";
import { CHUNK_QUADS, nQuadsGroupPieces, subjectChunks, writeNQuads } from "../../src/serialize/turtle.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { parseRdfXml } from "./parsers.js";

const { namedNode, literal, quad } = DataFactory;

/**
 * Every format's pieces (`writeChunks`) put together are exactly its whole text (`write`): a static build writes
 * the pieces of a large catalog one after another, the router serves the whole text, and both must be the same
 * bytes. The synthetic catalog is large enough to be cut into several pieces in every format. Turtle, N-Triples,
 * N-Quads and JSON-LD write their whole text without the pieces, so equality is the proof; RDF/XML and the HTML
 * page of triples are their pieces put together, so they are checked against the graph and the page's structure.
 */
describe("serialize: chunked writers", () => {
  let seed: Site;
  let large: Site;
  beforeAll(async () => {
    seed = createSite(await seedItems());
    large = createSite(generateSite({ items: 2000, seed: 3 }).map((f) => ContentItemSchema.parse(f.item)));
  });

  const ctxOf = (site: Site, language?: string): WriteContext => ({
    baseIri: site.baseIri,
    site,
    graph: `${site.baseIri}catalog`,
    jsonLdContext: `${site.baseIri}context.jsonld`,
    alternates: [{ mediaType: "text/turtle", href: `${site.baseIri}catalog.ttl` }],
    ...(language ? { language } : {}),
  });

  it("has a synthetic catalog larger than one piece", () => {
    expect(catalogQuads(large).length).toBeGreaterThan(2 * CHUNK_QUADS);
  });

  for (const format of DEFAULT_FORMATS) {
    it(`${format.id}: the pieces make the whole text, in several pieces for a large catalog`, () => {
      for (const site of [seed, large]) {
        const quads = catalogQuads(site);
        for (const language of format.id === "html" ? ["nb", "en"] : [undefined]) {
          const ctx = ctxOf(site, language);
          const pieces = [...writeChunksOf(format, quads, ctx)];
          expect(pieces.join("")).toBe(format.write(quads, ctx));
          if (site === large) expect(pieces.length).toBeGreaterThan(2);
        }
      }
    });

    it(`${format.id}: an empty graph is one whole text`, () => {
      const ctx = ctxOf(seed);
      expect([...writeChunksOf(format, [], ctx)].join("")).toBe(format.write([], ctx));
    });
  }

  // `writeRdfXml` and the triples HTML page are themselves their pieces put together: for them the pieces are
  // checked against the graph and the page's structure instead.
  it("RDF/XML in pieces is the catalog's graph, one description per subject", async () => {
    const quads = catalogQuads(large);
    const rdf = DEFAULT_FORMATS.find((f) => f.id === "rdf");
    if (!rdf) throw new Error("no RDF/XML format");
    const text = [...writeChunksOf(rdf, quads, ctxOf(large))].join("");
    expectSameGraph(await parseRdfXml(text), quads);
    expect(text.match(/<rdf:Description /g)).toHaveLength(new Set(quads.map((q) => q.subject.value)).size);
  });

  it("HTML in pieces is one page with one section per subject, in the order of the sorted triples", () => {
    const quads = catalogQuads(large);
    const html = DEFAULT_FORMATS.find((f) => f.id === "html");
    if (!html) throw new Error("no HTML format");
    const pieces = [...writeChunksOf(html, quads, ctxOf(large, "nb"))];
    const text = pieces.join("");
    expect(text.match(/^<!doctype html>/gim)).toHaveLength(1);
    expect(text.match(/<\/html>/g)).toHaveLength(1);
    expect(text).not.toContain("\u0000");
    const subjects = [...new Set(sortQuads(quads).map((q) => q.subject.value))];
    expect(text.match(/<section>/g)).toHaveLength(subjects.length);
    // Every piece but the first and last ends and starts at a section's edge.
    for (const piece of pieces.slice(1, -1)) {
      expect(piece.replace(/^\n/, "").startsWith("<section>")).toBe(true);
      expect(piece.endsWith("</section>")).toBe(true);
    }
    const catalog = [...large.documents.values()].find((d) => d.item.type === "Catalog");
    expect(text).toContain(`<h1>${catalog?.item.title.nb}</h1>`);
  });

  it("JSON-LD: a subject in two graphs is one node object, as in the whole text", () => {
    const s = namedNode("https://data.example.gov/id/x");
    const quads: Quad[] = [
      quad(s, namedNode("http://schema.org/name"), literal("a"), namedNode("https://g/1")),
      quad(namedNode("https://data.example.gov/id/y"), namedNode("http://schema.org/name"), literal("b")),
      quad(s, namedNode("http://schema.org/name"), literal("c"), namedNode("https://g/2")),
    ];
    const jsonld = DEFAULT_FORMATS.find((f) => f.id === "jsonld");
    if (!jsonld) throw new Error("no JSON-LD format");
    const ctx = ctxOf(seed);
    const text = [...writeChunksOf(jsonld, quads, ctx)].join("");
    expect(text).toBe(jsonld.write(quads, ctx));
    expect((JSON.parse(text) as { "@graph": unknown[] })["@graph"]).toHaveLength(2);
  });

  it("cuts only where a subject's triples end", () => {
    const quads = catalogQuads(large);
    const chunks = [...subjectChunks(quads, 1000)];
    expect(chunks.flat()).toEqual(quads);
    for (let i = 1; i < chunks.length; i++) {
      const before = chunks[i - 1]?.at(-1) as Quad;
      const after = chunks[i]?.[0] as Quad;
      expect(before.subject.equals(after.subject) && before.graph.equals(after.graph)).toBe(false);
    }
  });
});

/**
 * N-Quads of a group in the default graph is made from the group's N-Triples with the graph name put in (a catalog
 * page is written under four graph names): exactly the bytes of writing each group as N-Quads, whatever its
 * literals hold, and the writer's own output for a graph name it would escape.
 */
describe("serialize/turtle: nQuadsGroupPieces", () => {
  /** The pieces' text. */
  const writeNQuadsGroups = (groups: readonly (readonly Quad[])[], options: { graph?: string }) =>
    nQuadsGroupPieces(groups, options).join("");
  const ex = (s: string) => namedNode(`https://example.org/${s}`);
  const tricky = [
    quad(ex("a"), ex("title"), literal('ends with .\n and " quotes .\n', "nb")),
    quad(ex("a"), ex("note"), literal("tab\t . \r\n .")),
    quad(ex("b"), ex("link"), ex("a")),
    quad(DataFactory.blankNode("x"), ex("p"), literal("1", ex("type"))),
  ];
  const named = [quad(ex("c"), ex("p"), literal("c"), ex("g"))];
  const byWriter = (groups: Quad[][], graph?: string) =>
    groups.map((g) => writeNQuads(g, graph === undefined ? {} : { graph })).join("");

  it("is each group's N-Quads, in the graph given or none", () => {
    for (const graph of [
      undefined,
      "https://example.org/catalog?page=2&pageSize=50",
      "https://example.org/a b",
    ])
      for (const groups of [[tricky], [tricky, named], [[], tricky], [named]])
        expect(writeNQuadsGroups(groups, graph === undefined ? {} : { graph })).toBe(byWriter(groups, graph));
  });

  it("leaves a graph name that needs escaping to the writer", () => {
    const graph = 'https://example.org/"quoted"\u007f';
    const text = writeNQuadsGroups([tricky], { graph });
    expect(text).toBe(byWriter([tricky], graph));
    expect(text).not.toContain(`<${graph}>`);
  });
});
