import type { Literal, NamedNode, Quad, Term } from "@rdfjs/types";
import type { ContentItem } from "../model/index.js";
import { kindOfItem } from "../rdf/mapping.js";
import { mappingFor } from "../rdf/registry.js";
import { createMappingContext, documentIri, refOf, subjectIriOf, toItemQuads } from "../rdf/to-dataset.js";
import type { Site, SiteDocument } from "../site/site.js";
import { rdf, schema, xsd } from "../vocab/index.js";
import { recordRead } from "./page-reads.js";
import { sortQuads } from "./quad-order.js";
import { SCHEMA_ORG_CONTEXT_URL, schemaCoercionOf } from "./schema-context.js";

const SCHEMA_NS = schema.$iri;

/** A JSON value as JSON.stringify writes it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON-LD node object or document. */
export type JsonLdObject = { [key: string]: JsonValue };

/** True for a triple of the schema.org part: a schema.org predicate, or `rdf:type` a schema.org class. */
export function isSchemaQuad(q: Quad): boolean {
  if (q.predicate.equals(rdf.type))
    return q.object.termType === "NamedNode" && q.object.value.startsWith(SCHEMA_NS);
  return q.predicate.value.startsWith(SCHEMA_NS);
}

/** The schema.org part of some quads (see {@link isSchemaQuad}). */
export function schemaQuadsOf(quads: Iterable<Quad>): Quad[] {
  return [...quads].filter(isSchemaQuad);
}

/**
 * Links whose target is embedded in full (the target's schema.org triples about it and its `#fragment`
 * nodes): Google reads a contact point's telephone and address, and a dataset's download URL, only when
 * they are in the same markup.
 */
const FULL_EMBED: ReadonlySet<string> = new Set([
  schema.contactPoint.value,
  schema.$term("distribution").value,
]);

/** What an embedded summary of another resource says about it: its types, name and URL. */
const SUMMARY_PREDICATES: ReadonlySet<string> = new Set([
  rdf.type.value,
  schema.name.value,
  schema.alternateName.value,
  schema.headline.value,
  schema.url.value,
]);

const thingIndex = new WeakMap<Site, Map<string, SiteDocument>>();

/** The site's documents by the IRI of the thing they are about. */
export function documentsByThing(site: Site): Map<string, SiteDocument> {
  let index = thingIndex.get(site);
  if (!index) {
    index = new Map([...site.documents.values()].map((d) => [d.thingIri, d]));
    thingIndex.set(site, index);
  }
  return index;
}

/**
 * The schema.org graph of one document as govlod embeds it: exactly
 *
 * 1. the schema.org part of the document's own triples (its thing, the thing's `#fragment` nodes, the
 *    document node), plus
 * 2. for every such triple `(s, p, o)` with `p` not `rdf:type` whose object `o` is the thing of ANOTHER
 *    document of the site, triples from the schema.org part of that document: for `schema:contactPoint` and
 *    `schema:distribution` every triple whose subject is `o` or `o#…`; otherwise only `o`'s `rdf:type`,
 *    `name`, `alternateName`, `headline` and `url`.
 *
 * One level deep: the embedded triples' own links are not followed.
 */
export function schemaGraphOf(doc: SiteDocument, site: Site): readonly Quad[] {
  const own = schemaQuadsOf(doc.quads);
  const byThing = documentsByThing(site);
  const out = [...own];
  const done = new Set<string>();
  for (const q of own) {
    if (q.predicate.equals(rdf.type) || q.object.termType !== "NamedNode") continue;
    recordRead(`doc ${q.object.value}`);
    const target = byThing.get(q.object.value);
    if (!target || target.ref === doc.ref) continue;
    const full = FULL_EMBED.has(q.predicate.value);
    const key = `${full ? "full" : "summary"} ${target.ref}`;
    if (done.has(key)) continue;
    done.add(key);
    const o = q.object.value;
    for (const t of schemaQuadsOf(target.quads)) {
      const s = t.subject.value;
      if (full ? s === o || s.startsWith(`${o}#`) : s === o && SUMMARY_PREDICATES.has(t.predicate.value))
        out.push(t);
    }
  }
  return sortQuads(out);
}

/** The site document of an item: the one in the site, or the item mapped against the site's references. */
export function documentOf(item: ContentItem, site: Site): SiteDocument {
  const ref = refOf(item);
  const known = site.documents.get(ref);
  if (known && known.item === item) return known;
  const items = [...[...site.documents.values()].filter((d) => d.ref !== ref).map((d) => d.item), item];
  const ctx = createMappingContext(items, { baseIri: site.baseIri });
  const kind = kindOfItem(mappingFor(item), item);
  return {
    ref,
    kind,
    slug: item.slug,
    documentIri: documentIri(site.baseIri, kind, item.slug),
    thingIri: subjectIriOf(item, ctx),
    item,
    quads: toItemQuads(item, ctx),
    lastModified: known?.lastModified,
  };
}

/**
 * Compact schema.org JSON-LD for a content item, for the `<head>` of any page: `"@context": "https://schema.org"`,
 * the item first (with its author, publisher, contact point and other referenced resources nested by name),
 * then the document node. It expands, with the official schema.org context, to exactly
 * {@link schemaGraphOf} of the item's document: the same graph as the schema.org part of its Turtle plus the
 * embedded nodes' schema.org triples.
 * @example
 * const json = toJsonLd(site.documents.get("news/rut-2021")!.item, site);
 */
export function toJsonLd(item: ContentItem, site: Site): JsonLdObject {
  const doc = documentOf(item, site);
  return compactSchemaGraph(schemaGraphOf(doc, site), [doc.thingIri, doc.documentIri]);
}

/**
 * Escapes JSON text for a `<script>` element: `<`, `>`, `&` and U+2028/U+2029 become `\u` escapes, so no
 * string in the data can end the script or start markup, and the JSON still parses to the same value.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A `<script type="application/ld+json">` element holding a JSON-LD object, safely escaped. */
export function jsonLdScriptOf(json: JsonLdObject): string {
  return `<script type="application/ld+json">${escapeJsonForScript(JSON.stringify(json))}</script>`;
}

/**
 * {@link toJsonLd} as a ready `<script type="application/ld+json">` element for any CMS template.
 * @example
 * html += toJsonLdScript(item, site);
 */
export function toJsonLdScript(item: ContentItem, site: Site): string {
  return jsonLdScriptOf(toJsonLd(item, site));
}

// ---------------------------------------------------------------------------------------------
// Compaction against the schema.org context, without a JSON-LD processor (synchronous, deterministic).

/** Properties people and search engines read first; the rest follow alphabetically. */
const KEY_ORDER = [
  "name",
  "headline",
  "alternateName",
  "description",
  "datePublished",
  "dateModified",
  "url",
];

function localName(iri: string): string {
  return iri.slice(SCHEMA_NS.length);
}

/**
 * Writes a schema.org graph (no blank nodes) as compact JSON-LD with the schema.org context. `roots` come
 * first at the top level; every other node is nested where it is referenced (repeated where referenced
 * more than once), or listed at the top level when nothing references it.
 */
export function compactSchemaGraph(quads: Iterable<Quad>, roots: readonly string[]): JsonLdObject {
  const bySubject = new Map<string, Quad[]>();
  for (const q of sortQuads(quads)) {
    const list = bySubject.get(q.subject.value) ?? [];
    list.push(q);
    bySubject.set(q.subject.value, list);
  }
  const top = new Set(roots.filter((r) => bySubject.has(r)));
  const nested = new Set<string>();

  const nodeObject = (iri: string, path: Set<string>): JsonLdObject => {
    const node: JsonLdObject = { "@id": iri };
    const props = new Map<string, JsonValue[]>();
    const types: string[] = [];
    const inner = new Set(path).add(iri);
    for (const q of bySubject.get(iri) ?? []) {
      if (q.predicate.equals(rdf.type)) {
        types.push(localName(q.object.value));
        continue;
      }
      const key = localName(q.predicate.value);
      const list = props.get(key) ?? [];
      list.push(valueFor(key, q.object, inner));
      props.set(key, list);
    }
    if (types.length > 0) node["@type"] = types.length === 1 ? (types[0] as string) : types;
    const keys = [...props.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const k of keys) {
      const list = props.get(k) as JsonValue[];
      node[k] = list.length === 1 ? (list[0] as JsonValue) : list;
    }
    return node;
  };

  const valueFor = (key: string, o: Term, path: Set<string>): JsonValue => {
    const coercion = schemaCoercionOf(key);
    if (o.termType === "NamedNode") {
      if (bySubject.has(o.value) && !top.has(o.value) && !path.has(o.value)) {
        nested.add(o.value);
        return nodeObject(o.value, path);
      }
      return coercion === "@id" ? o.value : { "@id": o.value };
    }
    if (o.termType === "Literal") return literalValue(o, coercion);
    throw new TypeError(`schema.org JSON-LD has no blank nodes or variables (got ${o.termType} ${o.value})`);
  };

  const graph: JsonLdObject[] = [];
  for (const r of top) graph.push(nodeObject(r, new Set()));
  // Nodes nothing nests (not reachable from the roots) are listed at the top level too.
  let added = true;
  while (added) {
    added = false;
    for (const s of bySubject.keys()) {
      if (top.has(s) || nested.has(s)) continue;
      top.add(s);
      graph.push(nodeObject(s, new Set()));
      added = true;
      break;
    }
  }
  if (graph.length === 1) return { "@context": SCHEMA_ORG_CONTEXT_URL, ...(graph[0] as JsonLdObject) };
  return { "@context": SCHEMA_ORG_CONTEXT_URL, "@graph": graph };
}

function rank(key: string): number {
  const i = KEY_ORDER.indexOf(key);
  return i === -1 ? KEY_ORDER.length : i;
}

function literalValue(o: Literal, coercion: "@id" | "Date" | undefined): JsonValue {
  if (o.language) return { "@value": o.value, "@language": o.language };
  const datatype: NamedNode = o.datatype;
  if (coercion === "Date" && datatype.equals(schema.Date)) return o.value;
  if (datatype.equals(xsd.string)) return coercion === undefined ? o.value : { "@value": o.value };
  // JSON numbers expand to xsd:integer only in canonical form.
  if (datatype.equals(xsd.integer) && coercion === undefined && /^(0|-?[1-9][0-9]{0,14})$/.test(o.value)) {
    return Number(o.value);
  }
  return { "@value": o.value, "@type": datatype.value };
}
