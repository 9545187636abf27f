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
