import type { NamedNode, Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { Parser } from "n3";
import { LodError } from "../errors.js";
import type { ContentMapping } from "../rdf/mapping.js";
import { MAPPINGS } from "../rdf/registry.js";
import { schema } from "../vocab/index.js";

/** The `@context` URL of schema.org JSON-LD, as search engines expect it. */
export const SCHEMA_ORG_CONTEXT_URL = "https://schema.org";

/** The namespace the official context's `@vocab` expands to (DESIGN §2). */
const SCHEMA_NS = schema.$iri;

/**
 * The URLs that name the schema.org context. The official context is served for all of them; JSON-LD 1.1
 * processors dereference the `@context` string exactly as written.
 */
const SCHEMA_ORG_CONTEXT_URLS: ReadonlySet<string> = new Set([
  "https://schema.org",
  "https://schema.org/",
  "http://schema.org",
  "http://schema.org/",
  "https://schema.org/docs/jsonldcontext.jsonld",
  "http://schema.org/docs/jsonldcontext.jsonld",
]);

/**
 * Type coercions of the official schema.org 30.0 context (`schemaorgcontext.jsonld`) for the terms we may use:
 * dates are `schema:Date`, links are `@id`. Every other schema.org property has no coercion there. A test
 * compares each generated term definition with the official file.
 */
const OFFICIAL_COERCIONS: Readonly<Record<string, "@id" | "Date">> = Object.freeze({
  dateCreated: "Date",
  dateModified: "Date",
  datePublished: "Date",
  contentUrl: "@id",
  image: "@id",
  inDefinedTermSet: "@id",
  isPartOf: "@id",
  license: "@id",
  logo: "@id",
  mainEntityOfPage: "@id",
  sameAs: "@id",
  url: "@id",
});

/**
 * Terms the document node and the page add besides what the mappings declare: every document is a
 * `schema:WebPage` (or the mapping's page class) with `mainEntity`/`about` (rdf/to-dataset.ts), and HTML pages
 * carry a `BreadcrumbList`.
 */
const PAGE_TERMS: readonly NamedNode[] = [
  schema.WebPage,
  schema.mainEntity,
  schema.about,
  schema.BreadcrumbList,
  schema.ListItem,
  schema.itemListElement,
  schema.position,
  schema.item,
  schema.name,
];

/** The coercion the official schema.org context gives a term: `"@id"`, `"Date"` or none. */
export function schemaCoercionOf(term: string): "@id" | "Date" | undefined {
  return OFFICIAL_COERCIONS[term];
}

/**
 * The schema.org terms (local names, sorted) that the mappings write, from their classes, field predicates,
 * nested codecs and derived triples, plus the document and page terms.
 */
export function schemaTermsOf(mappings: readonly ContentMapping[] = Object.values(MAPPINGS)): string[] {
  const iris = new Set<string>();
  const add = (n: NamedNode) => {
    if (n.value.startsWith(SCHEMA_NS) && n.value.length > SCHEMA_NS.length)
      iris.add(n.value.slice(SCHEMA_NS.length));
  };
  for (const m of mappings) {
    m.classes.forEach(add);
    for (const c of m.conditionalClasses ?? []) c.classes.forEach(add);
    if (m.pageClass) add(m.pageClass);
    m.derivedVocabulary?.forEach(add);
    for (const f of m.fields) {
      for (const e of f.emissions) {
        add(e.predicate);
        e.codec.vocabulary?.forEach(add);
      }
    }
  }
  PAGE_TERMS.forEach(add);
  return [...iris].sort();
}

/** A JSON-LD term definition as the official schema.org context writes it. */
export interface SchemaTermDefinition {
  "@id": string;
  "@type"?: string;
}

/** A JSON-LD context document: `{ "@context": { … } }`. */
export interface SchemaContextDocument {
  "@context": Record<string, string | SchemaTermDefinition>;
}

/**
 * Generates the JSON-LD context that answers `https://schema.org` inside govlod: a term definition for exactly
 * the schema.org terms our mapping uses, each with the official context's coercion. No `@vocab`: a term we
 * did not declare would be dropped, and the test against the official context would catch it.
 * @example
 * createSchemaContext()["@context"].datePublished; // { "@id": "schema:datePublished", "@type": "schema:Date" }
 */
export function createSchemaContext(mappings?: readonly ContentMapping[]): SchemaContextDocument {
  const context: Record<string, string | SchemaTermDefinition> = { schema: SCHEMA_NS };
  for (const term of schemaTermsOf(mappings)) {
    const coercion = schemaCoercionOf(term);
    context[term] =
      coercion === undefined
        ? { "@id": `schema:${term}` }
        : { "@id": `schema:${term}`, "@type": coercion === "Date" ? "schema:Date" : "@id" };
  }
  return { "@context": context };
}

/** What a JSON-LD document loader returns (jsonld.js `RemoteDocument`). */
export interface LoadedDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/** A JSON-LD document loader: URL in, document out. */
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/**
 * Creates a JSON-LD document loader that answers the schema.org context URLs from a context generated from our
 * mapping (or the one given) and refuses every other URL, so no remote context is ever fetched (DESIGN §8).
 * @example
 * await jsonld.expand(doc, { documentLoader: createSchemaDocumentLoader() });
 */
export function createSchemaDocumentLoader(
  context: SchemaContextDocument = createSchemaContext(),
): DocumentLoader {
  return async (url) => {
    if (SCHEMA_ORG_CONTEXT_URLS.has(url)) return { contextUrl: null, documentUrl: url, document: context };
    throw new LodError(
      "not_found",
      `Refused to load the JSON-LD context ${url}: only schema.org is answered, locally`,
    );
  };
}

/**
 * Parses schema.org JSON-LD (an object or its text) to RDF/JS quads with the generated schema.org context,
 * never fetching anything.
 * @example
 * const quads = await parseSchemaJsonLd(toJsonLd(item, site));
 */
export async function parseSchemaJsonLd(
  input: unknown,
  options: { documentLoader?: DocumentLoader } = {},
): Promise<Quad[]> {
  let doc = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new LodError("parse_error", `Invalid JSON-LD: ${(e as Error).message}`, { cause: e });
    }
  }
  try {
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: "application/n-quads",
      documentLoader: (options.documentLoader ?? createSchemaDocumentLoader()) as never,
    })) as unknown as string;
    return new Parser({ format: "application/n-quads" }).parse(nquads);
  } catch (e) {
    throw new LodError("parse_error", `Could not read JSON-LD: ${(e as Error).message}`, { cause: e });
  }
}
