import { execFileSync } from "node:child_process";
import type { Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { DataFactory, Parser } from "n3";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import { createJsonLdContext } from "../../src/serialize/jsonld.js";

/**
 * A jsonld.js document loader that never fetches: our context URL (any `…/context.jsonld`) is answered with
 * {@link createJsonLdContext}; anything else fails the test.
 */
export function localDocumentLoader(
  url: string,
): Promise<{ contextUrl: undefined; documentUrl: string; document: unknown }> {
  if (url.endsWith("/context.jsonld"))
    return Promise.resolve({
      contextUrl: undefined,
      documentUrl: url,
      document: { "@context": createJsonLdContext() },
    });
  return Promise.reject(new Error(`test tried to load ${url}`));
}

/** Parses JSON-LD with jsonld.js (local contexts only) into quads. */
export async function parseJsonLd(text: string): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(JSON.parse(text), {
    format: "application/n-quads",
    documentLoader: localDocumentLoader as never,
  })) as unknown as string;
  return new Parser({ format: "application/n-quads" }).parse(nquads);
}

/** Parses RDF/XML with rdfxml-streaming-parser. */
export function parseRdfXml(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const parser = new RdfXmlParser({
      dataFactory: DataFactory as never,
      baseIRI: "http://invalid.example/",
    });
    parser.on("data", (q: Quad) => out.push(q));
    parser.on("error", reject);
    parser.on("end", () => resolve(out));
    parser.write(text);
    parser.end();
  });
}

/** Parses text with Raptor's `rapper` (`rdfxml` or `turtle`) and reads its N-Triples back with N3; throws on errors. */
export function parseWithRapper(text: string, syntax: "rdfxml" | "turtle" | "ntriples" | "nquads"): Quad[] {
  const nt = execFileSync(
    "rapper",
    ["-q", "-i", syntax, "-o", syntax === "nquads" ? "nquads" : "ntriples", "-", "http://invalid.example/"],
    {
      input: text,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  return new Parser({ format: "application/n-quads" }).parse(nt);
}

/** The JSON-LD blocks embedded in an HTML page (`<script type="application/ld+json">`), as quads. */
export async function parseHtmlJsonLd(html: string): Promise<Quad[] | undefined> {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => m[1] as string,
  );
  if (blocks.length === 0) return undefined;
  const out: Quad[] = [];
  for (const b of blocks) out.push(...(await parseJsonLd(b)));
  return out;
}

/** Parses any of our formats by id; HTML gives its embedded JSON-LD (undefined when there is none). */
export async function parseFormat(id: string, text: string): Promise<Quad[] | undefined> {
  switch (id) {
    case "ttl":
      return new Parser({ format: "text/turtle" }).parse(text);
    case "nt":
      return new Parser({ format: "application/n-triples" }).parse(text);
    case "nq":
      return new Parser({ format: "application/n-quads" }).parse(text);
    case "jsonld":
      return parseJsonLd(text);
    case "rdf":
      return parseRdfXml(text);
    case "html":
      return parseHtmlJsonLd(text);
    default:
      throw new Error(`no parser for ${id}`);
  }
}

/** Drops graph names (for formats that hold one graph). */
export function inDefaultGraph(quads: readonly Quad[]): Quad[] {
  return quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}
