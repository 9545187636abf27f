import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { Parser } from "n3";
import { STANDARDS_DIR } from "./seed.js";

/** The official schema.org 30.0 JSON-LD context file (read from ../shared/standards, never copied). */
export const OFFICIAL_CONTEXT_FILE = join(
  STANDARDS_DIR,
  "schemaorg/schemaorg-release-30.0/schemaorgcontext.jsonld",
);

let official: unknown;
/** The official schema.org context document, parsed once. */
export function officialSchemaContext(): { "@context": Record<string, unknown> } {
  official ??= JSON.parse(readFileSync(OFFICIAL_CONTEXT_FILE, "utf8"));
  return official as { "@context": Record<string, unknown> };
}

const SCHEMA_URLS = new Set([
  "https://schema.org",
  "https://schema.org/",
  "http://schema.org",
  "http://schema.org/",
]);

/** URLs the official loader was asked for and refused, for assertions. */
export const refusedUrls: string[] = [];

/**
 * A jsonld.js document loader that answers the schema.org URLs with the local official context and REFUSES
 * every other URL (nothing is fetched).
 */
export async function officialLoader(
  url: string,
): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
  if (SCHEMA_URLS.has(url)) return { contextUrl: null, documentUrl: url, document: officialSchemaContext() };
  refusedUrls.push(url);
  throw new Error(`test loader refuses ${url}`);
}

/** Expands JSON-LD with the official schema.org context. */
export function expandOfficial(doc: unknown): Promise<unknown> {
  return jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader: officialLoader as never });
}

/** Parses JSON-LD to quads with the official schema.org context. */
export async function quadsOfficial(doc: unknown): Promise<Quad[]> {
  const nq = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: "application/n-quads",
    documentLoader: officialLoader as never,
  })) as unknown as string;
  return new Parser({ format: "application/n-quads" }).parse(nq);
}

const S = "http://schema.org/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** The schema.org part of a graph, written out here so that tests do not reuse the code under test. */
export function schemaPart(quads: readonly Quad[]): Quad[] {
  return quads.filter((q) =>
    q.predicate.value === RDF_TYPE
      ? q.object.termType === "NamedNode" && q.object.value.startsWith(S)
      : q.predicate.value.startsWith(S),
  );
}

/**
 * The "same graph" requirement of embedded JSON-LD, computed from each document's TURTLE only: the schema.org
 * part of the document `ref`, plus for each of its links (s p o), p ≠ rdf:type, to the thing o of another
 * document, that document's schema.org triples about o and o#… (contactPoint, distribution) or o's type, name,
 * alternateName, headline and url (any other link).
 * @param turtleOf each document's triples as parsed from its Turtle, by `"kind/slug"`
 * @param thingOf the document (`"kind/slug"`) of each thing IRI
 */
export function expectedEmbeddedGraph(
  ref: string,
  turtleOf: ReadonlyMap<string, readonly Quad[]>,
  thingOf: ReadonlyMap<string, string>,
): Quad[] {
  const own = schemaPart(turtleOf.get(ref) ?? []);
  const out = [...own];
  const summary = new Set([RDF_TYPE, `${S}name`, `${S}alternateName`, `${S}headline`, `${S}url`]);
  for (const q of own) {
    if (q.predicate.value === RDF_TYPE || q.object.termType !== "NamedNode") continue;
    const target = thingOf.get(q.object.value);
    if (!target || target === ref) continue;
    const o = q.object.value;
    const full = q.predicate.value === `${S}contactPoint` || q.predicate.value === `${S}distribution`;
    for (const t of schemaPart(turtleOf.get(target) ?? [])) {
      const s = t.subject.value;
      if (full ? s === o || s.startsWith(`${o}#`) : s === o && summary.has(t.predicate.value)) out.push(t);
    }
  }
  return out;
}
