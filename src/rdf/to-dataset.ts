import type { NamedNode, Quad, Term } from "@rdfjs/types";
import { DataFactory, Store } from "n3";
import { type Kind, parseRef } from "../model/common.js";
import type { ContentItem } from "../model/index.js";
import { foaf, rdf, schema } from "../vocab/index.js";
import { type CodecEnv, type ContentMapping, kindOfItem, type MappingContext, writeNode } from "./mapping.js";
import { mappingFor } from "./registry.js";
import { flatText, siteLiterals, siteQuad } from "./terms.js";

const { namedNode } = DataFactory;

/** The default base IRI (DESIGN §3). */
export const DEFAULT_BASE_IRI = "http://localhost:3000/";

/** Options shared by everything that turns content into RDF. */
export interface SiteOptions {
  /** The site's base IRI; a trailing `/` is added when missing. Default `http://localhost:3000/`. */
  baseIri?: string;
}

/** Normalises a base IRI so that it ends in `/`. */
export function normaliseBaseIri(baseIri: string = DEFAULT_BASE_IRI): string {
  return baseIri.endsWith("/") ? baseIri : `${baseIri}/`;
}

/** `{base}id/{kind}/{slug}`: the IRI of a thing (DESIGN §3). */
export function thingIri(baseIri: string, kind: Kind, slug: string): string {
  return `${baseIri}id/${kind}/${slug}`;
}

/** `{base}doc/{kind}/{slug}`: the IRI of the document about a thing (DESIGN §3). */
export function documentIri(baseIri: string, kind: Kind, slug: string): string {
  return `${baseIri}doc/${kind}/${slug}`;
}

/** `"kind/slug"` of an item. */
export function refOf(item: ContentItem): string {
  return `${kindOfItem(mappingFor(item), item)}/${item.slug}`;
}

/** The IRI of an item's thing (its own, or the national agent IRI of an organisation). */
export function subjectIriOf(item: ContentItem, ctx: MappingContext): string {
  const mapping = mappingFor(item);
  return mapping.subjectOf?.(item, ctx) ?? thingIri(ctx.baseIri, kindOfItem(mapping, item), item.slug);
}

/**
 * Creates the context mappings resolve references in: `"kind/slug"` names the thing of that item (for an
 * organisation with an organisation number, the national agent IRI).
 */
export function createMappingContext(
  items: readonly ContentItem[],
  options: SiteOptions = {},
): MappingContext {
  const baseIri = normaliseBaseIri(options.baseIri);
  const byRef = new Map<string, string>();
  const byIri = new Map<string, string>();
  const terms = new Map<string, NamedNode>();
  const named = (iri: string) => {
    let term = terms.get(iri);
    if (!term) {
      // The term and its table key share one flat copy of the text (see flatText).
      term = namedNode(flatText(iri));
      terms.set(term.value, term);
    }
    return term;
  };
  const ctx: MappingContext = {
    baseIri,
    named,
    literal: siteLiterals(),
    resolveRef: (ref) => {
      const known = byRef.get(ref);
      if (known) return named(known);
      const parsed = parseRef(ref);
      return named(parsed ? thingIri(baseIri, parsed.kind, parsed.slug) : ref);
    },
    resolveUrl: (url) => named(url.startsWith("/") ? baseIri + url.slice(1) : url),
    refOf: (iri) => {
      const known = byIri.get(iri);
      if (known) return known;
      if (iri.startsWith(`${baseIri}id/`)) {
        const rest = iri.slice(baseIri.length + 3);
        if (parseRef(rest)) return rest;
      }
      return iri;
    },
  };
  for (const item of items) {
    const ref = refOf(item);
    const iri = named(subjectIriOf(item, ctx)).value;
    byRef.set(ref, iri);
    byIri.set(iri, ref);
  }
  return ctx;
}

/** Writes the triples of one item: its thing, nested nodes, and the document about it. */
export function toItemQuads(item: ContentItem, ctx: MappingContext): Quad[] {
  const mapping = mappingFor(item);
  const kind = kindOfItem(mapping, item);
  const subject = ctx.named(subjectIriOf(item, ctx));
  const out: Quad[] = [];
  // Objects written so far per subject and predicate, to drop duplicate triples. Comparing terms within one
  // (subject, predicate) is far cheaper than building a text key of every triple (long literals); past a few
  // objects (a catalog lists every dataset) they are looked up by key instead, or the test grows quadratically.
  const written = new Map<string, Map<string, WrittenObjects>>();
  const env: CodecEnv = {
    ctx,
    subject,
    emit: (q) => {
      let byPredicate = written.get(q.subject.value);
      if (!byPredicate) {
        byPredicate = new Map();
        written.set(q.subject.value, byPredicate);
      }
      const objects = byPredicate.get(q.predicate.value);
      if (!objects) byPredicate.set(q.predicate.value, [q.object]);
      else if (Array.isArray(objects)) {
        if (objects.some((o) => o.equals(q.object))) return;
        if (objects.length < FEW_OBJECTS) objects.push(q.object);
        else byPredicate.set(q.predicate.value, new Set([...objects, q.object].map(objectKey)));
      } else {
        const key = objectKey(q.object);
        if (objects.has(key)) return;
        objects.add(key);
      }
      out.push(q);
    },
    objects: () => [],
  };
  const classes = [
    ...mapping.classes,
    ...(mapping.conditionalClasses ?? []).filter((c) => c.when(item)).flatMap((c) => c.classes),
  ];
  writeNode(classes, mapping.fields, item as unknown as Record<string, unknown>, env);
  mapping.derived?.(item, env);
  writeDocumentNode(env, documentIri(ctx.baseIri, kind, item.slug), mapping);
  return out;
}

/** Objects of one (subject, predicate) written so far: the terms while few, then their keys. */
type WrittenObjects = Term[] | Set<string>;

/** How many objects of one (subject, predicate) are compared term by term before they are looked up by key. */
const FEW_OBJECTS = 16;

/** A key equal for equal object terms (IRIs, blank nodes, literals with their language and datatype). */
function objectKey(term: Term): string {
  return term.termType === "Literal"
    ? `"${term.value}"@${term.language}^^${term.datatype.value}`
    : `${term.termType}:${term.value}`;
}

function writeDocumentNode(env: CodecEnv, docIri: string, mapping: ContentMapping): void {
  const doc = env.ctx.named(docIri);
  env.emit(siteQuad(doc, rdf.type, foaf.Document));
  env.emit(siteQuad(doc, rdf.type, mapping.pageClass ?? schema.WebPage));
  env.emit(siteQuad(doc, foaf.primaryTopic, env.subject));
  env.emit(siteQuad(doc, schema.mainEntity, env.subject));
  if (mapping.pageClass) env.emit(siteQuad(doc, schema.about, env.subject));
}

/**
 * Maps content items to RDF: one store with every item's triples in the default graph.
 * @example
 * const store = toDataset(items, { baseIri: "https://data.example.gov/" });
 */
export function toDataset(items: readonly ContentItem[], options: SiteOptions = {}): Store {
  const ctx = createMappingContext(items, options);
  const store = new Store();
  for (const item of items) store.addQuads(toItemQuads(item, ctx));
  return store;
}
