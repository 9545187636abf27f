import { createHash } from "node:crypto";
import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { LANGUAGES } from "../model/common.js";
import { catalogQuads, changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { dcterms, foaf, PREFIXES, rdf, voiD, xsd } from "../vocab/index.js";
import { contentTypeOf, DEFAULT_FORMATS, type Format, type WriteContext, writeChunksOf } from "./formats.js";
import { siteHome } from "./html.js";
import { titleLanguages } from "./html-text.js";
import { createJsonLdContext } from "./jsonld.js";
import { termKey } from "./quad-order.js";
import { pageLastModified, sitemapChunks, writeRobotsTxt, writeSitemap } from "./sitemap.js";
import { turtleWithoutPrefixes, writeNQuads, writeTurtle } from "./turtle.js";

const { namedNode, literal, quad } = DataFactory;

/** One representation of a resource, rendered once: bytes plus the headers that describe them. */
export interface Variant {
  /** The format; for fixed files (robots.txt) a format made for them. */
  readonly format: Format;
  /** The language of a human-readable variant (HTML), when it has one. */
  readonly language?: string;
  /** Where this variant lives, relative to the base IRI, without a leading `/`: `doc/news/x.ttl`. */
  readonly path: string;
  /** The absolute URL of the variant: base IRI + path (its `Content-Location`). */
  readonly url: string;
  /** The body, UTF-8. */
  readonly body: Uint8Array;
  /** The `Content-Type` header value, with `charset=utf-8` where the media type takes one. */
  readonly contentType: string;
  /** A strong entity tag (quoted) derived from the bytes (RFC 9110 §8.8.3), so it survives restarts. */
  readonly etag: string;
}

/** What a resource is, for routers and static builds that treat some differently. */
export type ResourceKind = "document" | "catalog" | "void" | "dump" | "context" | "robots" | "sitemap";

/** A resource of the site with every variant it is offered in. */
export interface Resource {
  readonly kind: ResourceKind;
  /** The resource's own path relative to the base IRI (`doc/news/x`, `catalog`, `dump.nq`). */
  readonly path: string;
  /** Base IRI + path. */
  readonly url: string;
  /**
   * Whether `path` is content-negotiated among the variants (documents, catalog, VoID). Otherwise the resource
   * has exactly one variant whose path is `path` itself (dumps, context, robots.txt, sitemap).
   */
  readonly negotiated: boolean;
  /** The variants in our order of preference; for HTML one per language the content has, first language first. */
  readonly variants: readonly Variant[];
  /** From the content's dates (modified, else published); whole-site resources use the newest content date. */
  readonly lastModified: Date | undefined;
  /** The document, for `kind: "document"`. */
  readonly document?: SiteDocument;
}

/** Every resource of a site, rendered once, with lookups by path. */
export interface SiteVariants {
  /** All resources, sorted by path. */
  readonly resources: readonly Resource[];
  /** A resource by its own path (`doc/news/x`, `catalog`, `dump.nq`). */
  readonly byPath: ReadonlyMap<string, Resource>;
  /** A variant (and its resource) by the variant's path (`doc/news/x.ttl`, `dump.nq`). */
  readonly variantByPath: ReadonlyMap<string, { resource: Resource; variant: Variant }>;
}

/** Options for {@link renderSite}. */
export interface RenderSiteOptions {
  /** Formats of documents, the catalog and VoID, in our order of preference. Default {@link DEFAULT_FORMATS}. */
  formats?: readonly Format[];
  /** The SPARQL endpoint VoID names; `false` for none. Default `{base}sparql`. */
  sparqlEndpoint?: string | false;
  /** Which whole-site resources to render (an incremental build keeps the others); default all. */
  only?: (kind: ResourceKind) => boolean;
}

const encoder = new TextEncoder();

/** A strong entity tag from the bytes: the first 160 bits of their SHA-256, base64url, quoted. */
export function entityTagOf(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** Makes a variant from text. */
export function createVariant(
  format: Format,
  text: string,
  baseIri: string,
  path: string,
  language?: string,
): Variant {
  const body = encoder.encode(text);
  let etag: string | undefined;
  return {
    format,
    ...(language ? { language } : {}),
    path,
    url: baseIri + path,
    body,
    contentType: contentTypeOf(format),
    // Hashed when first asked for: the router asks once per variant; a static build never does (nginx makes its own).
    get etag() {
      etag ??= entityTagOf(body);
      return etag;
    },
  };
}

/** The content languages of some quads, in the order of {@link LANGUAGES}; `["nb"]` when there are none. */
export function languagesOf(quads: readonly Quad[]): string[] {
  const found = new Set<string>();
  for (const q of quads)
    if (q.object.termType === "Literal" && q.object.language) found.add(q.object.language.toLowerCase());
  const out = LANGUAGES.filter((l) => found.has(l));
  return out.length > 0 ? out : ["nb"];
}

/**
 * The languages of a resource's HTML pages ({@link titleLanguages}): a document's title's; a whole-site resource
 * (the catalog, its pages, VoID) is titled by the site's catalog, so its pages are in the catalog's languages.
 * Without either (a spec of triples alone, no site), the languages of its literals ({@link languagesOf}).
 */
function pageLanguages(site: Site | undefined, spec: ResourceSpec): string[] {
  const titled = spec.document ?? (site ? siteHome(site) : undefined);
  return titled ? titleLanguages(titled.item.title) : languagesOf(spec.quads);
}

/** The path of a variant of a negotiated resource: `doc/x/y.ttl`; HTML in a further language `doc/x/y.nn.html`. */
export function variantPath(
  resourcePath: string,
  format: Format,
  language?: string,
  firstLanguage?: string,
): string {
  return language && language !== firstLanguage
    ? `${resourcePath}.${language}.${format.id}`
    : `${resourcePath}.${format.id}`;
}

/** What {@link renderResource} renders: a negotiated resource, its triples, and which formats. */
export interface ResourceSpec {
  kind: ResourceKind;
  path: string;
  quads: readonly Quad[];
  formats: readonly Format[];
  graph?: string;
  document?: SiteDocument;
  lastModified: Date | undefined;
  /**
   * The same quads in groups, for formats that write groups ({@link Format.writeGroups}): a catalog page's datasets,
   * then its Hydra links, so the page's forms share the text of its datasets.
   */
  groups?: readonly (readonly Quad[])[];
  /**
   * Writes only the variants of these formats (the others are still planned, so links between variants are
   * the same); for builds that reuse unchanged variants.
   */
  only?: (format: Format, path: string) => boolean;
}

/** One variant of a negotiated resource before it is written: its format, path and the writer's context. */
export interface VariantPlan {
  readonly format: Format;
  readonly language?: string;
  readonly path: string;
  readonly ctx: WriteContext;
}

/**
 * The variants a negotiated resource has (HTML once per content language), each with the context its writer needs:
 * the JSON-LD context URL, the N-Quads graph, and for HTML the site, document, alternates and language. With
 * `spec.only`, just those (the others are still planned, so links between variants are the same).
 */
export function planResourceVariants(site: Site, spec: ResourceSpec): VariantPlan[] {
  return planVariants(site.baseIri, site, spec);
}

/** {@link planResourceVariants} under a base IRI, with the site for writers that read it (HTML) when there is one. */
function planVariants(base: string, site: Site | undefined, spec: ResourceSpec): VariantPlan[] {
  // Only HTML has a variant per language.
  const languages = spec.formats.some((f) => f.mediaType === "text/html") ? pageLanguages(site, spec) : [];
  const planned = spec.formats.flatMap(
    (format): { format: Format; language: string | undefined; path: string }[] =>
      format.mediaType === "text/html"
        ? languages.map((language) => ({
            format,
            language,
            path: variantPath(spec.path, format, language, languages[0]),
          }))
        : [{ format, language: undefined, path: variantPath(spec.path, format) }],
  );
  return planned
    .filter(({ format, path }) => !spec.only || spec.only(format, path))
    .map(({ format, language, path }) => ({
      format,
      ...(language ? { language } : {}),
      path,
      ctx: {
        baseIri: base,
        jsonLdContext: `${base}context.jsonld`,
        ...(site ? { site } : {}),
        ...(spec.graph ? { graph: spec.graph } : {}),
        ...(spec.document ? { document: spec.document } : {}),
        ...(language ? { language } : {}),
        alternates: planned
          .filter((p) => p.path !== path)
          .map((p) => ({
            mediaType: p.format.mediaType,
            href: base + p.path,
            ...(p.language ? { language: p.language } : {}),
          })),
      },
    }));
}

/**
 * The variants of a negotiated resource one at a time ({@link planResourceVariants}), each rendered when asked
 * for: a static build writes each before the next is made.
 */
export function* renderResourceVariants(site: Site, spec: ResourceSpec): Generator<Variant> {
  for (const { format, language, path, pieces } of renderResourceTextsAt(site.baseIri, site, spec))
    yield createVariant(
      format,
      pieces.length === 1 ? (pieces[0] as string) : pieces.join(""),
      site.baseIri,
      path,
      language,
    );
}

/** A variant's text before it is a {@link Variant} (bytes and entity tag): in pieces, their concatenation. */
export interface VariantText {
  readonly format: Format;
  readonly language?: string;
  readonly path: string;
  readonly pieces: readonly string[];
}

/**
 * {@link renderResourceVariants}' variants as text, under a base IRI and with the site or without it (only HTML reads
 * the site: a render worker, which holds none, renders the other formats from a resource's triples), for a writer
 * that needs no bytes of its own: a file written
 * from text is encoded on the way, where the bytes of a variant are a new `ArrayBuffer` each (megabytes for a
 * catalog page), which V8 counts as external memory and collects the whole heap for every 64 MB of; and a file
 * written piece by piece needs no string of the whole text (a megabyte string is made in the old generation, see
 * pieces.ts): with `spec.groups`, a format that writes groups gives a piece per group ({@link Format.writeGroups}).
 */
export function* renderResourceTextsAt(
  baseIri: string,
  site: Site | undefined,
  spec: ResourceSpec,
): Generator<VariantText> {
  for (const { format, language, path, ctx } of planVariants(baseIri, site, spec))
    yield {
      format,
      ...(language ? { language } : {}),
      path,
      pieces:
        spec.groups && format.writeGroups
          ? format.writeGroups(spec.groups, ctx)
          : [format.write(spec.quads, ctx)],
    };
}

/**
 * Renders one negotiated resource in every format (HTML once per content language), with the context each writer
 * needs: the JSON-LD context URL, the N-Quads graph, and for HTML the site, document, alternates and language.
 */
export function renderResource(site: Site, spec: ResourceSpec): Resource {
  return {
    kind: spec.kind,
    path: spec.path,
    url: site.baseIri + spec.path,
    negotiated: true,
    variants: [...renderResourceVariants(site, spec)],
    lastModified: spec.lastModified,
    ...(spec.document ? { document: spec.document } : {}),
  };
}

/** A format for a fixed file that is not RDF (robots.txt, sitemap, the JSON-LD context). */
function fileFormat(id: string, mediaType: string, charset: boolean, label: string): Format {
  return {
    id,
    mediaType,
    charset,
    label,
    write: () => {
      throw new Error(`${label} is rendered by renderSite, not from quads`);
    },
  };
}

const CONTEXT_FORMAT = fileFormat("jsonld", "application/ld+json", false, "JSON-LD context");
const ROBOTS_FORMAT = fileFormat("txt", "text/plain", true, "robots.txt");
const SITEMAP_FORMAT = fileFormat("xml", "application/xml", true, "Sitemap");
const NQ_DUMP = fileFormat("nq", "application/n-quads", true, "N-Quads dump");
const TTL_DUMP = fileFormat("ttl", "text/turtle", true, "Turtle dump");

/** Every triple of the site in N-Quads, one named graph per document (the document IRI), sorted. */
export function writeSiteNQuads(site: Site): string {
  const quads: Quad[] = [];
  for (const d of site.documents.values()) {
    const g = namedNode(d.documentIri);
    for (const q of d.quads) quads.push(quad(q.subject, q.predicate, q.object, g));
  }
  return writeNQuads(quads);
}

/**
 * How many distinct triples the site has. A node described by several documents (a report series) repeats its
 * triples in each; a document never repeats its own. So only the triples of such shared subjects are compared.
 */
function distinctTriples(site: Site): { count: number; shared: ReadonlySet<string> } {
  const owner = new Map<string, string>();
  const shared = new Set<string>();
  for (const d of site.documents.values()) {
    for (const q of d.quads) {
      const s = q.subject.value;
      const first = owner.get(s);
      if (first === undefined) owner.set(s, d.ref);
      else if (first !== d.ref) shared.add(s);
    }
  }
  let count = 0;
  const seen = new Set<string>();
  for (const d of site.documents.values())
    for (const q of d.quads) {
      if (!shared.has(q.subject.value)) count++;
      else {
        const key = `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
        if (!seen.has(key)) {
          seen.add(key);
          count++;
        }
      }
    }
  return { count, shared };
}

/** The prefix header of the Turtle dump: every vocabulary govlod uses, declared once. */
export const TURTLE_DUMP_HEADER = `${Object.entries(PREFIXES)
  .map(([p, ns]) => `@prefix ${p}: <${ns}>.`)
  .join("\n")}\n`;

/**
 * The Turtle dump: {@link TURTLE_DUMP_HEADER}, then each document's Turtle ({@link writeTurtle} of its triples,
 * without its prefixes) in the order of the document IRIs. A node that several documents describe (a report
 * series) appears under each; the graph is the site's. Built per document so that a static build can stream
 * it from the documents' files (`govlod build`) with the same bytes.
 */
export function writeSiteTurtle(site: Site): string {
  const docs = [...site.documents.values()].sort((a, b) =>
    a.documentIri < b.documentIri ? -1 : a.documentIri > b.documentIri ? 1 : 0,
  );
  return TURTLE_DUMP_HEADER + docs.map((d) => turtleWithoutPrefixes(writeTurtle(d.quads))).join("");
}

interface SiteStatistics {
  readonly triples: number;
  /** Subjects that several documents describe. */
  readonly shared: ReadonlySet<string>;
  readonly entities: number;
  readonly vocabularies: readonly string[];
  readonly examples: readonly string[];
}

const STATISTICS = new WeakMap<Site, SiteStatistics>();

/** What VoID counts and lists of a site, once per site (a build asks twice: for its fingerprint, to render it). */
function siteStatistics(site: Site): SiteStatistics {
  const known = STATISTICS.get(site);
  if (known) return known;
  // Counts and sets only: no order needed (sorting every triple of a large site is the expensive part). Read from
  // the documents' own arrays: no array of every triple (at 100 000 items each such array is tens of megabytes of
  // garbage that V8 makes in its old generation, raising the build's peak).
  // The vocabularies are found from the IRIs' stems (up to their last `/` or `#`), a few hundred, not from every
  // IRI used (a million at 100 000 items): an IRI starts with a namespace, which ends in `/` or `#`, exactly when
  // its stem does.
  // Entities are the IRIs in the URI space VoID names (`{base}id/`): not the pages, the catalog's files or the
  // agents of the national organisation catalogue that triples are also about.
  const entities = new Set<string>();
  const space = `${site.baseIri}id/`;
  const stems = new Set<string>();
  const stem = (iri: string) => iri.slice(0, Math.max(iri.lastIndexOf("/"), iri.lastIndexOf("#")) + 1);
  for (const d of site.documents.values())
    for (const q of d.quads) {
      if (q.subject.termType === "NamedNode" && q.subject.value.startsWith(space))
        entities.add(q.subject.value);
      if (q.predicate.termType === "NamedNode") stems.add(stem(q.predicate.value));
      if (q.object.termType === "NamedNode") stems.add(stem(q.object.value));
    }
  const namespaces = Object.entries(PREFIXES)
    .filter(([p]) => p !== "xsd")
    .map(([, ns]) => ns);
  const found = new Set<string>();
  for (const iri of stems) {
    for (const ns of namespaces) if (iri.startsWith(ns)) found.add(ns);
    if (found.size === namespaces.length) break;
  }
  const vocabularies = namespaces.filter((ns) => found.has(ns)).sort();
  // One example per kind, first by slug: small, stable and showing the variety of the site.
  const examples = new Map<string, string>();
  for (const d of [...site.documents.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    if (!examples.has(d.kind)) examples.set(d.kind, d.thingIri);
  }
  const { count, shared } = distinctTriples(site);
  const statistics = {
    triples: count,
    shared,
    entities: entities.size,
    vocabularies,
    examples: [...examples.values()],
  };
  STATISTICS.set(site, statistics);
  return statistics;
}

/**
 * Takes over the VoID statistics of `previous`, an earlier version of `site` whose unchanged documents are the same
 * objects (`createSite` given it), when the edits cannot have changed them: every changed document is in both
 * versions with the same thing and kind and the same triples but for literal values of subjects no other document
 * describes (a changed title or text). Answers whether it did; a long-running builder then need not count the
 * whole site again.
 */
export function carrySiteStatistics(previous: Site, site: Site): boolean {
  const before = STATISTICS.get(previous);
  if (!before) return false;
  if (STATISTICS.has(site)) return true;
  for (const { before: old, after: now } of changedDocuments(previous, site)) {
    if (!old || !now || old.thingIri !== now.thingIri || old.kind !== now.kind) return false;
    if (old.quads.length !== now.quads.length) return false;
    for (let i = 0; i < old.quads.length; i++) {
      const a = old.quads[i] as Quad;
      const b = now.quads[i] as Quad;
      if (a.equals(b)) continue;
      if (
        !a.subject.equals(b.subject) ||
        !a.predicate.equals(b.predicate) ||
        a.object.termType !== "Literal" ||
        b.object.termType !== "Literal" ||
        before.shared.has(a.subject.value)
      )
        return false;
    }
  }
  STATISTICS.set(site, before);
  return true;
}

/**
 * The VoID description of the site (VoID §4–6): triples, entities, dumps, SPARQL endpoint, example resources,
 * URI space and vocabularies. `void:entities` counts distinct IRIs under `{base}id/` used as subjects.
 */
export function voidQuads(site: Site, options: { sparqlEndpoint?: string | false } = {}): Quad[] {
  const base = site.baseIri;
  const ds = namedNode(`${base}.well-known/void#dataset`);
  const doc = namedNode(`${base}.well-known/void`);
  const { triples, entities, vocabularies, examples } = siteStatistics(site);
  const integer = (n: number) => literal(String(n), xsd.integer);
  const out: Quad[] = [
    quad(doc, rdf.type, voiD.$term("DatasetDescription")),
    quad(doc, foaf.primaryTopic, ds),
    quad(ds, rdf.type, voiD.Dataset),
    quad(ds, voiD.triples, integer(triples)),
    quad(ds, voiD.entities, integer(entities)),
    quad(ds, voiD.dataDump, namedNode(`${base}dump.nq`)),
    quad(ds, voiD.dataDump, namedNode(`${base}dump.ttl`)),
    quad(ds, voiD.uriSpace, literal(`${base}id/`)),
    quad(ds, voiD.feature, namedNode("http://www.w3.org/ns/formats/Turtle")),
    quad(ds, voiD.feature, namedNode("http://www.w3.org/ns/formats/JSON-LD")),
    quad(ds, voiD.feature, namedNode("http://www.w3.org/ns/formats/N-Triples")),
    quad(ds, voiD.feature, namedNode("http://www.w3.org/ns/formats/N-Quads")),
    quad(ds, voiD.feature, namedNode("http://www.w3.org/ns/formats/RDF_XML")),
    ...vocabularies.map((ns) => quad(ds, voiD.vocabulary, namedNode(ns))),
    ...examples.map((iri) => quad(ds, voiD.exampleResource, namedNode(iri))),
  ];
  const sparql = options.sparqlEndpoint === undefined ? `${base}sparql` : options.sparqlEndpoint;
  if (sparql) out.push(quad(ds, voiD.sparqlEndpoint, namedNode(sparql)));
  if (site.lastModified)
    out.push(quad(ds, dcterms.modified, literal(site.lastModified.toISOString(), xsd.dateTime)));
  const catalog = [...site.documents.values()].find((d) => d.item.type === "Catalog");
  if (catalog) {
    out.push(quad(ds, voiD.rootResource, namedNode(catalog.thingIri)));
    for (const q of catalog.quads)
      if (
        q.subject.value === catalog.thingIri &&
        (q.predicate.equals(dcterms.title) ||
          q.predicate.equals(dcterms.publisher) ||
          q.predicate.equals(dcterms.license))
      )
        out.push(quad(ds, q.predicate, q.object));
  }
  return out;
}

/**
 * One document's resource (`doc/{kind}/{slug}`) in every format, HTML once per content language; with `only`, just
 * the variants of those formats (a build reusing the others).
 */
export function renderDocumentResource(
  site: Site,
  d: SiteDocument,
  formats: readonly Format[] = DEFAULT_FORMATS,
  only?: (format: Format) => boolean,
): Resource {
  return renderResource(site, documentSpec(site, d, formats, only));
}

/**
 * {@link renderDocumentResource}'s variants as text ({@link renderResourceTextsAt}), for writing them to files, and
 * the date its files get (its page's, found once).
 */
export function renderDocumentTexts(
  site: Site,
  d: SiteDocument,
  formats: readonly Format[],
  only?: (format: Format) => boolean,
): { lastModified: Date | undefined; texts: Generator<VariantText> } {
  const spec = documentSpec(site, d, formats, only);
  return { lastModified: spec.lastModified, texts: renderResourceTextsAt(site.baseIri, site, spec) };
}

function documentSpec(
  site: Site,
  d: SiteDocument,
  formats: readonly Format[],
  only: ((format: Format) => boolean) | undefined,
): ResourceSpec {
  return {
    ...(only ? { only } : {}),
    kind: "document",
    path: `doc/${d.ref}`,
    quads: d.quads,
    formats,
    graph: d.documentIri,
    document: d,
    // The HTML page shows linked documents and backlinks, so it changes with them: the newest date among them.
    lastModified: pageLastModified(d, site),
  };
}

/** A document's own triples, which are all its data variants show. */
export interface DocumentTriples {
  /** `"kind/slug"`. */
  readonly ref: string;
  /** The document's IRI (the N-Quads graph). */
  readonly documentIri: string;
  readonly quads: readonly Quad[];
}

/**
 * A document's data variants — every format of `formats` but HTML — as text ({@link renderResourceTextsAt}), from its
 * own triples, without the site: the same text {@link renderDocumentResource} gives them (they show nothing of other
 * documents). For a render worker, which holds no copy of the site, and for writing them to files.
 */
export function renderDocumentDataTexts(
  baseIri: string,
  doc: DocumentTriples,
  formats: readonly Format[],
): Generator<VariantText> {
  return renderResourceTextsAt(baseIri, undefined, {
    kind: "document",
    path: `doc/${doc.ref}`,
    quads: doc.quads,
    formats: formats.filter((f) => f.mediaType !== "text/html"),
    graph: doc.documentIri,
    lastModified: undefined,
  });
}

/** A whole-site resource whose variants are rendered as they are read ({@link siteResourcesLazily}). */
export interface LazyResource {
  readonly kind: ResourceKind;
  readonly path: string;
  /** As {@link Resource.negotiated}. */
  readonly negotiated: boolean;
  readonly lastModified: Date | undefined;
  /** Renders the variants one at a time, each when asked for. */
  variants(): Iterable<Variant>;
  /**
   * The variants as text in pieces ({@link Format.writeChunks}), each variant's pieces made as they are read: for
   * writing a large resource to a file without a string of all of it.
   */
  pieces(): Iterable<VariantPieces>;
}

/** One variant of a {@link LazyResource} as pieces of text. */
export interface VariantPieces {
  readonly format: Format;
  readonly language?: string;
  readonly path: string;
  /** Pieces whose concatenation is the variant's text. */
  readonly chunks: Iterable<string>;
}

/**
 * The whole-site resources of {@link renderSiteResources}, each variant rendered only when iterated: a static
 * build writes one variant before rendering the next (the catalog of a large site is gigabytes in every format).
 */
export function siteResourcesLazily(site: Site, options: RenderSiteOptions = {}): LazyResource[] {
  const formats = options.formats ?? DEFAULT_FORMATS;
  const base = site.baseIri;
  const want = options.only ?? (() => true);
  const negotiated = (kind: ResourceKind, path: string, quads: () => readonly Quad[]): LazyResource => {
    const spec = (): ResourceSpec => ({
      kind,
      path,
      quads: quads(),
      formats,
      graph: `${base}${path}`,
      lastModified: site.lastModified,
    });
    return {
      kind,
      path,
      negotiated: true,
      lastModified: site.lastModified,
      variants: () => renderResourceVariants(site, spec()),
      *pieces() {
        const s = spec();
        for (const plan of planResourceVariants(site, s))
          yield { ...plan, chunks: writeChunksOf(plan.format, s.quads, plan.ctx) };
      },
    };
  };
  const file = (
    kind: ResourceKind,
    path: string,
    format: Format,
    text: () => string,
    chunks: () => Iterable<string> = () => [text()],
  ): LazyResource => ({
    kind,
    path,
    negotiated: false,
    lastModified: site.lastModified,
    variants: () => [createVariant(format, text(), base, path)],
    pieces: () => [
      {
        format,
        path,
        get chunks() {
          return chunks();
        },
      },
    ],
  });
  const resources: LazyResource[] = [];
  if (want("catalog")) resources.push(negotiated("catalog", "catalog", () => catalogQuads(site)));
  if (want("void"))
    resources.push(
      negotiated("void", ".well-known/void", () =>
        voidQuads(
          site,
          options.sparqlEndpoint === undefined ? {} : { sparqlEndpoint: options.sparqlEndpoint },
        ),
      ),
    );
  if (want("dump"))
    resources.push(
      file("dump", "dump.nq", NQ_DUMP, () => writeSiteNQuads(site)),
      file("dump", "dump.ttl", TTL_DUMP, () => writeSiteTurtle(site)),
    );
  if (want("context"))
    resources.push(
      file(
        "context",
        "context.jsonld",
        CONTEXT_FORMAT,
        () => `${JSON.stringify({ "@context": createJsonLdContext() }, null, 2)}\n`,
      ),
    );
  if (want("robots")) resources.push(file("robots", "robots.txt", ROBOTS_FORMAT, () => writeRobotsTxt(site)));
  if (want("sitemap"))
    resources.push(
      file(
        "sitemap",
        "sitemap.xml",
        SITEMAP_FORMAT,
        () => writeSitemap(site),
        () => sitemapChunks(site),
      ),
    );
  return resources;
}

/**
 * The whole-site resources: the catalog, VoID, the dumps, the JSON-LD context, robots.txt and the sitemap (from
 * `sitemap.ts`, which lists every HTML page of the site). A static build renders these every time and documents
 * only when they changed.
 * @param _documents ignored: pass the site's rendered document resources, as {@link renderSite} does, or `[]`.
 *   Nothing is read from it (the sitemap is computed from the site); the parameter stays so existing calls
 *   type-check.
 * @example
 * const resources = renderSiteResources(site, []); // catalog, VoID, dumps, context, robots.txt, sitemap
 */
export function renderSiteResources(
  site: Site,
  _documents: readonly Pick<Resource, "kind" | "variants" | "lastModified">[],
  options: RenderSiteOptions = {},
): Resource[] {
  return siteResourcesLazily(site, options).map((r) => {
    const variants = [...r.variants()];
    return {
      kind: r.kind,
      path: r.path,
      url: site.baseIri + r.path,
      negotiated: r.negotiated,
      variants,
      lastModified: r.lastModified,
    };
  });
}

/**
 * Renders every variant of every resource of a site once: each document (`doc/{kind}/{slug}` in every format, HTML
 * per content language), the whole catalog (`catalog`), VoID (`.well-known/void`), the dumps (`dump.nq` with one
 * named graph per document, `dump.ttl`), `context.jsonld`, `robots.txt` and `sitemap.xml`. Pure and deterministic:
 * the same site gives the same bytes and entity tags. The router serves these from memory; `govlod build` writes
 * each variant to its `path`.
 * @example
 * const { resources } = renderSite(createSite(items, { baseIri }));
 * for (const r of resources) for (const v of r.variants) files.set(v.path, v.body);
 */
export function renderSite(site: Site, options: RenderSiteOptions = {}): SiteVariants {
  const formats = options.formats ?? DEFAULT_FORMATS;
  const documents = [...site.documents.values()].map((d) => renderDocumentResource(site, d, formats));
  const resources: Resource[] = [...documents, ...renderSiteResources(site, documents, options)];
  resources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(resources.map((r) => [r.path, r]));
  const variantByPath = new Map<string, { resource: Resource; variant: Variant }>();
  for (const resource of resources)
    for (const variant of resource.variants) variantByPath.set(variant.path, { resource, variant });
  return { resources, byPath, variantByPath };
}
