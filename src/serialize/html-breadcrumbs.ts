import type { Language } from "../model/common.js";
import { changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { dcat, dcterms, schema } from "../vocab/index.js";
import { pickText, titleLanguages } from "./html-text.js";
import { recordRead } from "./page-reads.js";
import { SCHEMA_ORG_CONTEXT_URL } from "./schema-context.js";
import type { JsonLdObject } from "./schema-jsonld.js";

/** The URL of a document's HTML page: `{base}doc/{kind}/{slug}.html` (DESIGN §4), canonical and in the sitemap. */
export function htmlPageUrl(doc: SiteDocument): string {
  return `${doc.documentIri}.html`;
}

/**
 * A document's page in a language: `….{lang}.html` when it has one in that language that is not its first
 * ({@link titleLanguages}), else its page ({@link htmlPageUrl}). Links between pages in one language stay in it.
 */
export function htmlPageUrlIn(doc: SiteDocument, lang: Language): string {
  const languages = titleLanguages(doc.item.title);
  return lang !== languages[0] && languages.includes(lang)
    ? `${doc.documentIri}.${lang}.html`
    : htmlPageUrl(doc);
}

/**
 * Predicates that make their subject the parent of their object in the trail, strongest first: a strategy that
 * introduces others, a dataset and its files, the catalog and its datasets and services, an organisation and
 * its contact point.
 */
const CONTAINS = [
  schema.hasPart.value,
  dcat.distribution.value,
  schema.distribution.value,
  dcat.dataset.value,
  dcat.service.value,
  schema.contactPoint.value,
];
/** Predicates whose object is the parent of their subject: the organisation above, the policy area (a subject before what it is about). */
const BELONGS_TO = [schema.parentOrganization.value, dcterms.subject.value, schema.about.value];

/** The predicates that make their subject the parent of their object in the trails. */
export const TRAIL_CONTAINS: ReadonlySet<string> = new Set(CONTAINS);
/** The predicates whose object is the parent of their subject in the trails. */
export const TRAIL_BELONGS_TO: ReadonlySet<string> = new Set(BELONGS_TO);

interface TrailIndex {
  byThing: Map<string, SiteDocument>;
  /** thing IRI → containing documents, strongest link first, then by ref. */
  containers: Map<string, SiteDocument[]>;
  root: SiteDocument | undefined;
  /**
   * Each document's parent once found (`null`: none). Every trail of a dataset goes through the catalog, whose
   * triples grow with the site: looking its parent up again for each made the trails quadratic.
   */
  parents: Map<string, SiteDocument | null>;
}

const indexes = new WeakMap<Site, TrailIndex>();

function trailIndex(site: Site): TrailIndex {
  let index = indexes.get(site);
  if (index) return index;
  const docs = [...site.documents.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const byThing = new Map(docs.map((d) => [d.thingIri, d]));
  const found = new Map<string, { doc: SiteDocument; rank: number }[]>();
  for (const d of docs) {
    for (const q of d.quads) {
      const rank = CONTAINS.indexOf(q.predicate.value);
      if (rank === -1 || q.subject.value !== d.thingIri || q.object.termType !== "NamedNode") continue;
      const list = found.get(q.object.value) ?? [];
      list.push({ doc: d, rank });
      found.set(q.object.value, list);
    }
  }
  const containers = new Map(
    [...found].map(([iri, list]) => [
      iri,
      list.sort((a, b) => a.rank - b.rank || (a.doc.ref < b.doc.ref ? -1 : 1)).map((x) => x.doc),
    ]),
  );
  index = { byThing, containers, root: docs.find((d) => d.item.type === "Catalog"), parents: new Map() };
  indexes.set(site, index);
  return index;
}

/** What of a document the trails depend on besides its title: its thing, its type and its trail links. */
export function trailShape(d: SiteDocument): string {
  const links = d.quads
    .filter(
      (q) =>
        q.subject.value === d.thingIri &&
        (CONTAINS.includes(q.predicate.value) || BELONGS_TO.includes(q.predicate.value)),
    )
    .map((q) => `${q.predicate.value} ${q.object.value}`)
    .sort();
  return `${d.thingIri}\n${d.item.type}\n${links.join("\n")}`;
}

/**
 * Whether a trail may run differently on `site` than on `previous`, an earlier version whose unchanged documents
 * are the same objects (`createSite` given it): a document was added or removed, a catalog (the trails' root)
 * changed, or a changed document's place in the trails ({@link trailShape}) did. Otherwise only the titles on them
 * can differ.
 */
export function trailsMoved(previous: Site, site: Site): boolean {
  return changedDocuments(previous, site).some(
    ({ before, after }) =>
      !before ||
      !after ||
      before.item.type === "Catalog" ||
      after.item.type === "Catalog" ||
      trailShape(before) !== trailShape(after),
  );
}

/**
 * Takes the trail index of `site` over from `previous`, an earlier version whose unchanged documents are the same
 * objects (`createSite` given it), when no trail moved ({@link trailsMoved}). The changed documents' new versions
 * take the old ones' places (their titles are what changed). Otherwise the index is built again when first asked
 * for.
 */
export function carryTrails(previous: Site, site: Site): void {
  const before = indexes.get(previous);
  if (!before || indexes.has(site) || trailsMoved(previous, site)) return;
  const swap = new Map<SiteDocument, SiteDocument>();
  for (const { before: old, after: now } of changedDocuments(previous, site))
    if (old && now) swap.set(old, now);
  const current = (d: SiteDocument) => swap.get(d) ?? d;
  const byThing = new Map(before.byThing);
  const containers = new Map(before.containers);
  for (const [old, now] of swap) {
    if (byThing.get(now.thingIri) === old) byThing.set(now.thingIri, now);
    for (const q of now.quads) {
      const list = q.subject.value === now.thingIri ? containers.get(q.object.value) : undefined;
      if (list?.includes(old)) containers.set(q.object.value, list.map(current));
    }
  }
  const parents = new Map<string, SiteDocument | null>();
  before.parents.forEach((parent, ref) => {
    parents.set(ref, parent && current(parent));
  });
  indexes.set(site, { byThing, containers, root: before.root, parents });
}

function parentOf(doc: SiteDocument, index: TrailIndex): SiteDocument | undefined {
  let parent = index.parents.get(doc.ref);
  if (parent === undefined) {
    parent = findParent(doc, index) ?? null;
    index.parents.set(doc.ref, parent);
  }
  return parent ?? undefined;
}

function findParent(doc: SiteDocument, index: TrailIndex): SiteDocument | undefined {
  const container = index.containers.get(doc.thingIri)?.find((d) => d.ref !== doc.ref);
  if (container) return container;
  for (const p of BELONGS_TO) {
    for (const q of doc.quads) {
      if (q.predicate.value !== p || q.subject.value !== doc.thingIri) continue;
      const target = index.byThing.get(q.object.value);
      if (target && target.ref !== doc.ref) return target;
    }
  }
  return undefined;
}

/**
 * The breadcrumb trail to a document, from the site's catalog (its home) down to the document itself: each step
 * goes to what contains the document (`hasPart`, `distribution`, `dataset`, `contactPoint`), else to what it
 * belongs to (`parentOrganization`, the policy area it is about).
 */
export function breadcrumbTrail(doc: SiteDocument, site: Site): SiteDocument[] {
  recordRead(`trail ${doc.ref}`);
  const index = trailIndex(site);
  const trail: SiteDocument[] = [doc];
  const seen = new Set([doc.ref]);
  for (let p = parentOf(doc, index); p && !seen.has(p.ref); p = parentOf(p, index)) {
    trail.unshift(p);
    seen.add(p.ref);
  }
  if (index.root && !seen.has(index.root.ref)) trail.unshift(index.root);
  return trail;
}

/**
 * The schema.org `BreadcrumbList` of a trail, matching the visible breadcrumbs: one `ListItem` per step with
 * `position` from 1, `name` as shown, and `item` the step's page. IRIs are `{page}#breadcrumb` and
 * `{page}#breadcrumb-{n}` (never blank nodes). `undefined` for a trail of one step.
 */
export function breadcrumbJsonLd(trail: readonly SiteDocument[], lang: Language): JsonLdObject | undefined {
  const last = trail[trail.length - 1];
  if (!last || trail.length < 2) return undefined;
  const page = htmlPageUrlIn(last, lang);
  return {
    "@context": SCHEMA_ORG_CONTEXT_URL,
    "@id": `${page}#breadcrumb`,
    "@type": "BreadcrumbList",
    itemListElement: trail.map((d, i) => ({
      "@id": `${page}#breadcrumb-${i + 1}`,
      "@type": "ListItem",
      position: i + 1,
      name: pickText(d.item.title, lang)?.value ?? d.ref,
      item: { "@id": htmlPageUrlIn(d, lang) },
    })),
  };
}
