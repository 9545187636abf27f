import type { Quad } from "@rdfjs/types";
import type { Kind } from "../model/common.js";
import type { ContentItem } from "../model/index.js";
import { kindOfItem } from "../rdf/mapping.js";
import { mappingFor } from "../rdf/registry.js";
import {
  createMappingContext,
  documentIri,
  normaliseBaseIri,
  type SiteOptions,
  subjectIriOf,
  toItemQuads,
} from "../rdf/to-dataset.js";
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
  /** Every triple of every document. */
  readonly quads: readonly Quad[];
  /** The newest content date, for whole-site resources (dumps, catalog). */
  readonly lastModified: Date | undefined;
}

/**
 * Maps every item once and indexes the documents by `"kind/slug"`.
 * @example
 * const site = createSite(items, { baseIri: "https://data.example.gov/" });
 * site.documents.get("news/flood-grants")?.quads;
 */
export function createSite(items: readonly ContentItem[], options: SiteOptions = {}): Site {
  const baseIri = normaliseBaseIri(options.baseIri);
  // The DCAT catalog is completed from the content (report datasets, their distributions, catalog listing).
  const all = deriveCatalogItems(items, { baseIri });
  const ctx = createMappingContext(all, { baseIri });
  const datasetDefaults = createDatasetDefaults(all, ctx);
  const documents = new Map<string, SiteDocument>();
  const quads: Quad[] = [];
  let newest: Date | undefined;
  for (const item of all) {
    const kind = kindOfItem(mappingFor(item), item);
    const itemQuads = [...toItemQuads(item, ctx), ...datasetDefaults(item)];
    const stamp = item.modified ?? item.published;
    const lastModified = stamp
      ? new Date(stamp.includes("T") ? stamp : `${stamp.slice(0, 10)}T00:00:00${stamp.slice(10) || "Z"}`)
      : undefined;
    if (lastModified && (!newest || lastModified > newest)) newest = lastModified;
    documents.set(`${kind}/${item.slug}`, {
      ref: `${kind}/${item.slug}`,
      kind,
      slug: item.slug,
      documentIri: documentIri(baseIri, kind, item.slug),
      thingIri: subjectIriOf(item, ctx),
      item,
      quads: itemQuads,
      lastModified,
    });
    quads.push(...itemQuads);
  }
  return { baseIri, documents, quads, lastModified: newest };
}

const CATALOG_TYPES = new Set(["Catalog", "Dataset", "Distribution", "DataService"]);

/**
 * The triples of the whole DCAT catalog: catalogs, datasets (including reports with files), distributions and
 * data services, plus the agents and contact points they name, so harvesters find `foaf:name`,
 * `dct:identifier` and vCard details without another request.
 */
export function catalogQuads(site: Site): Quad[] {
  // A site is not changed after createSite; whole-site outputs and every catalog page ask for this again.
  let known = CATALOG_QUADS.get(site);
  if (!known) {
    known = computeCatalogQuads(site);
    CATALOG_QUADS.set(site, known);
  }
  return known.slice();
}

const CATALOG_QUADS = new WeakMap<Site, readonly Quad[]>();

function computeCatalogQuads(site: Site): Quad[] {
  const included = new Set<string>();
  const wanted = [...site.documents.values()].filter(
    (d) =>
      CATALOG_TYPES.has(d.item.type) || (d.item.type === "Report" && (d.item.distributions?.length ?? 0) > 0),
  );
  for (const d of wanted) included.add(d.ref);
  const thingToRef = new Map([...site.documents.values()].map((d) => [d.thingIri, d.ref]));
  for (const d of wanted) {
    for (const q of d.quads) {
      const ref = q.object.termType === "NamedNode" ? thingToRef.get(q.object.value) : undefined;
      const target = ref ? site.documents.get(ref) : undefined;
      if (target && (target.item.type === "Organisation" || target.item.type === "ContactPoint"))
        included.add(ref as string);
    }
  }
  return [...included].sort().flatMap((ref) => site.documents.get(ref)?.quads ?? []);
}
