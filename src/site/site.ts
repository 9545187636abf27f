import type { Quad } from "@rdfjs/types";
import type { Kind } from "../model/common.js";
import type { ContentItem } from "../model/index.js";
import { kindOfItem, type MappingContext } from "../rdf/mapping.js";
import { mappingFor } from "../rdf/registry.js";
import {
  createMappingContext,
  documentIri,
  normaliseBaseIri,
  refOf,
  type SiteOptions,
  subjectIriOf,
  toItemQuads,
} from "../rdf/to-dataset.js";
import { rdf, skos } from "../vocab/index.js";
import { createDatasetDefaults, deriveCatalogItems } from "./catalog-content.js";

/** One published document: an item, its IRIs and its triples. */
export interface SiteDocument {
  /** `"kind/slug"`. */
  readonly ref: string;
  readonly kind: Kind;
  readonly slug: string;
  /** `{base}doc/{kind}/{slug}`. */
  readonly documentIri: string;
  /** The thing the document is about. */
  readonly thingIri: string;
  readonly item: ContentItem;
  /** The item's triples, in the default graph. */
  readonly quads: readonly Quad[];
  /** When the content last changed (modified, else published), when the content says. */
  readonly lastModified: Date | undefined;
}

/** The whole site, mapped once: every document and the union of their triples. */
export interface Site {
  readonly baseIri: string;
  readonly documents: ReadonlyMap<string, SiteDocument>;
  /**
   * Every triple of every document, in the documents' order. A site made by {@link createSite} makes this list
   * when it is read, a new array each time (not kept: the documents hold the triples already, and a large site has
   * millions); read it once where it is needed more than once.
   */
  readonly quads: readonly Quad[];
  /** The newest content date, for whole-site resources (dumps, catalog). */
  readonly lastModified: Date | undefined;
}

/**
 * Maps every item once and indexes the documents by `"kind/slug"`. Given the `previous` version of the site (a
 * long-running builder's last one), a document whose item is the same — the same object, or for the items the
 * catalog derives an equal one — and whose references resolve as before keeps its earlier {@link SiteDocument}
 * (the same object, with the same triples): later steps recognise unchanged documents by identity.
 * @example
 * const site = createSite(items, { baseIri: "https://data.example.gov/" });
 * site.documents.get("news/flood-grants")?.quads;
 */
export function createSite(items: readonly ContentItem[], options: SiteOptions = {}, previous?: Site): Site {
  const baseIri = normaliseBaseIri(options.baseIri);
  const local = previous && previous.baseIri === baseIri ? localEdit(items, previous) : undefined;
  if (local) return local;
  // The DCAT catalog is completed from the content (report datasets, their distributions, catalog listing).
  const all = deriveCatalogItems(items, { baseIri });
  const ctx = createMappingContext(all, { baseIri });
  const datasetDefaults = createDatasetDefaults(all, ctx);
  const documents = new Map<string, SiteDocument>();
  const given = new Set(items);
  // Documents are reused only when every reference resolves as before (the same mapping context): the same
  // documents, each with the same thing IRI.
  const reusable =
    previous &&
    previous.baseIri === baseIri &&
    previous.documents.size === all.length &&
    all.every((item) => previous.documents.get(refOf(item))?.thingIri === subjectIriOf(item, ctx))
      ? previous
      : undefined;
  let newest: Date | undefined;
  for (const item of all) {
    const kind = kindOfItem(mappingFor(item), item);
    const ref = `${kind}/${item.slug}`;
    const extra = datasetDefaults(item);
    const old = reusable?.documents.get(ref);
    // Items the catalog derives are new objects every time: compared by value (given items by identity).
    const same =
      old !== undefined &&
      (old.item === item || (!given.has(item) && sameValue(old.item, item))) &&
      sameTail(old.quads, extra);
    const doc: SiteDocument = same
      ? old
      : {
          ref,
          kind,
          slug: item.slug,
          // The texts of the site's named nodes (one flat string each, not a second copy).
          documentIri: ctx.named(documentIri(baseIri, kind, item.slug)).value,
          thingIri: ctx.named(subjectIriOf(item, ctx)).value,
          item,
          // `concat` makes an array of just their length (one grown by pushes has room for half as many again).
          quads: toItemQuads(item, ctx).concat(extra),
          lastModified: lastModifiedOf(item),
        };
    const { lastModified } = doc;
    if (lastModified && (!newest || lastModified > newest)) newest = lastModified;
    documents.set(ref, doc);
  }
  const site: Site = {
    baseIri,
    documents,
    get quads() {
      return allQuads(documents);
    },
    lastModified: newest,
  };
  // A copy: a caller may change its list afterwards, and the next version is compared with this one by position.
  SITE_INPUTS.set(site, { items: [...items], all, ctx });
  return site;
}

/** Every triple of the documents, in their order, in an array of just their number. */
function allQuads(documents: ReadonlyMap<string, SiteDocument>): Quad[] {
  let n = 0;
  for (const d of documents.values()) n += d.quads.length;
  const out = new Array<Quad>(n);
  let at = 0;
  for (const d of documents.values()) for (const q of d.quads) out[at++] = q;
  return out;
}

/** What a site was mapped from: the items given, the items with the catalog's, and the mapping context. */
const SITE_INPUTS = new WeakMap<
  Site,
  { items: readonly ContentItem[]; all: readonly ContentItem[]; ctx: MappingContext }
>();

/** Types whose items the catalog completion reads or derives from (their edits go the long way). */
const DERIVING = new Set([
  "Catalog",
  "Dataset",
  "DataService",
  "Distribution",
  "Report",
  "PolicyArea",
  "ContactPoint",
]);

/** At most this many changed items take the short way of {@link localEdit}. */
const LOCAL_EDITS = 64;

/**
 * The site after a few edits that reach nothing but their own documents, from `previous` (mapped from the same
 * list of items but those): each changed item keeps its reference, its thing IRI and its dates and is of a type
 * the catalog completion neither reads nor derives from, so the derived items and the mapping context are the
 * same and only the changed items are mapped again. `undefined` for any other change (the long way).
 */
function localEdit(items: readonly ContentItem[], previous: Site): Site | undefined {
  const before = SITE_INPUTS.get(previous);
  if (!before || before.items.length !== items.length) return undefined;
  const changed = new Map<ContentItem, ContentItem>();
  for (let i = 0; i < items.length; i++) {
    const now = items[i] as ContentItem;
    const old = before.items[i] as ContentItem;
    if (now === old) continue;
    if (
      changed.size >= LOCAL_EDITS ||
      DERIVING.has(now.type) ||
      DERIVING.has(old.type) ||
      refOf(now) !== refOf(old) ||
      subjectIriOf(now, before.ctx) !== subjectIriOf(old, before.ctx) ||
      now.published !== old.published ||
      now.modified !== old.modified
    )
      return undefined;
    changed.set(old, now);
  }
  const all = before.all.map((item) => changed.get(item) ?? item);
  const documents = new Map<string, SiteDocument>();
  for (const old of previous.documents.values()) {
    // Not a report: no dataset defaults; the same reference, thing and dates.
    const item = changed.get(old.item);
    documents.set(old.ref, item ? { ...old, item, quads: toItemQuads(item, before.ctx) } : old);
  }
  const site: Site = {
    baseIri: previous.baseIri,
    documents,
    get quads() {
      return allQuads(documents);
    },
    lastModified: previous.lastModified,
  };
  SITE_INPUTS.set(site, { items: [...items], all, ctx: before.ctx });
  return site;
}

/**
 * Whether two JSON-like values are equal: the same keys with equal values, arrays in order. Parts they share (a
 * derived item keeps its source's title object) are equal at once.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of keys) if (!Object.hasOwn(y, k) || !sameValue(x[k], y[k])) return false;
  return true;
}

/** Whether `quads` ends with `tail` (a reused document's dataset defaults are still the same). */
function sameTail(quads: readonly Quad[], tail: readonly Quad[]): boolean {
  if (tail.length > quads.length) return false;
  const offset = quads.length - tail.length;
  return tail.every((q, i) => (quads[offset + i] as Quad).equals(q));
}

function lastModifiedOf(item: ContentItem): Date | undefined {
  const stamp = item.modified ?? item.published;
  return stamp
    ? new Date(stamp.includes("T") ? stamp : `${stamp.slice(0, 10)}T00:00:00${stamp.slice(10) || "Z"}`)
    : undefined;
}

const CATALOG_TYPES = new Set(["Catalog", "Dataset", "Distribution", "DataService"]);

/**
 * The triples of the whole DCAT catalog: catalogs, datasets (including reports with files), distributions and
 * data services, plus the agents and contact points they name, so harvesters find `foaf:name`,
 * `dct:identifier` and vCard details without another request.
 */
export function catalogQuads(site: Site): Quad[] {
  return catalogQuadsOf(site).slice();
}

/**
 * {@link catalogQuads} without a copy, for readers that do not change the array: at 100 000 items each copy is
 * 16 MB, made straight into V8's old generation.
 */
export function catalogQuadsOf(site: Site): readonly Quad[] {
  // A site is not changed after createSite; whole-site outputs and every catalog page ask for this again.
  let known = CATALOG_QUADS.get(site);
  if (!known) {
    known = computeCatalogQuads(site);
    CATALOG_QUADS.set(site, known);
  }
  return known;
}

const CATALOG_QUADS = new WeakMap<Site, readonly Quad[]>();

/** A document that differs between two versions of a site: its version in each (none where it is missing). */
export interface ChangedDocument {
  readonly ref: string;
  readonly before: SiteDocument | undefined;
  readonly after: SiteDocument | undefined;
}

/**
 * The documents that differ between `previous` and `site`, an earlier version whose unchanged documents are the
 * same objects (`createSite` given it): changed, added and removed ones. Once per pair of sites.
 */
export function changedDocuments(previous: Site, site: Site): readonly ChangedDocument[] {
  const known = CHANGES.get(site);
  if (known?.previous === previous) return known.changed;
  const changed: ChangedDocument[] = [];
  // (Over the values: a builder compares 15 000 documents on every rebuild, without a pair made for each.)
  for (const after of site.documents.values()) {
    const before = previous.documents.get(after.ref);
    if (before !== after) changed.push({ ref: after.ref, before, after });
  }
  for (const before of previous.documents.values())
    if (!site.documents.has(before.ref)) changed.push({ ref: before.ref, before, after: undefined });
  CHANGES.set(site, { previous, changed });
  return changed;
}

const CHANGES = new WeakMap<Site, { previous: Site; changed: readonly ChangedDocument[] }>();

/**
 * Items of these types are carried by the catalog when its items name them: publishers, contact points, and the
 * policy areas datasets are about (`dct:subject`: DCAT-AP-NO wants its value typed `skos:Concept`, which only the
 * policy area's own triples say).
 */
export const CATALOG_NAMED_TYPES: ReadonlySet<string> = new Set([
  "Organisation",
  "ContactPoint",
  "PolicyArea",
]);

/** Items of these types can be in the catalog or named by it. */
const CATALOG_RELATED = new Set([...CATALOG_TYPES, "Report", ...CATALOG_NAMED_TYPES]);

/**
 * Whether the catalog ({@link catalogQuads}) or a document it names may differ between `previous` and `site`, an
 * earlier version whose unchanged documents are the same objects (`createSite` given it). Conservative: `true` when
 * a changed, added or removed document is of a type the catalog lists or names, or its thing is named in the
 * previous catalog.
 */
export function catalogMayDiffer(previous: Site, site: Site): boolean {
  let named = CATALOG_NAMES.get(previous);
  if (!named) {
    const names = new Set<string>();
    for (const q of catalogQuadsOf(previous)) {
      names.add(q.subject.value);
      if (q.object.termType === "NamedNode") names.add(q.object.value);
    }
    CATALOG_NAMES.set(previous, names);
    named = names;
  }
  for (const { before, after } of changedDocuments(previous, site))
    for (const d of [before, after])
      if (d && (CATALOG_RELATED.has(d.item.type) || named.has(d.thingIri))) return true;
  // The same documents make the same catalog: the next version compares against this one without counting again.
  const quads = CATALOG_QUADS.get(previous);
  if (quads && !CATALOG_QUADS.has(site)) CATALOG_QUADS.set(site, quads);
  CATALOG_NAMES.set(site, named);
  return false;
}

/** Per site: the IRIs its catalog's triples name (subjects and IRI objects). */
const CATALOG_NAMES = new WeakMap<Site, ReadonlySet<string>>();

function computeCatalogQuads(site: Site): Quad[] {
  const included = new Set<string>();
  const wanted = [...site.documents.values()].filter(
    (d) =>
      CATALOG_TYPES.has(d.item.type) || (d.item.type === "Report" && (d.item.distributions?.length ?? 0) > 0),
  );
  for (const d of wanted) included.add(d.ref);
  const thingToRef = new Map<string, string>();
  for (const d of site.documents.values()) thingToRef.set(d.thingIri, d.ref);
  for (const d of wanted) {
    for (const q of d.quads) {
      const ref = q.object.termType === "NamedNode" ? thingToRef.get(q.object.value) : undefined;
      const target = ref ? site.documents.get(ref) : undefined;
      if (target && CATALOG_NAMED_TYPES.has(target.item.type)) included.add(ref as string);
    }
  }
  // One array of the final size (a growing one leaves its smaller copies behind: tens of megabytes at 100 000 items).
  const refs = [...included].sort();
  const quadsOf = (ref: string) => {
    const d = site.documents.get(ref);
    return d ? catalogPart(d) : [];
  };
  let size = 0;
  for (const ref of refs) size += quadsOf(ref).length;
  const out = new Array<Quad>(size);
  let at = 0;
  for (const ref of refs) for (const q of quadsOf(ref)) out[at++] = q;
  return out;
}

/**
 * What the catalog carries of a document: all its triples, but a policy area's concept only (its types and name):
 * the catalog needs `dct:subject`'s value typed `skos:Concept` (DCAT-AP-NO), not the policy area's page, and every
 * catalog page that names a policy area carries it again.
 */
function catalogPart(d: SiteDocument): readonly Quad[] {
  if (d.item.type !== "PolicyArea") return d.quads;
  let part = CONCEPT_PARTS.get(d);
  if (!part) {
    part = d.quads.filter(
      (q) =>
        q.subject.value === d.thingIri &&
        (q.predicate.equals(rdf.type) || q.predicate.equals(skos.prefLabel)),
    );
    CONCEPT_PARTS.set(d, part);
  }
  return part;
}

const CONCEPT_PARTS = new WeakMap<SiteDocument, readonly Quad[]>();
