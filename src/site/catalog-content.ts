import type { Quad } from "@rdfjs/types";
import type { Catalog } from "../model/catalog.js";
import type { LangString } from "../model/common.js";
import type { Distribution } from "../model/distribution.js";
import type { ContentItem } from "../model/index.js";
import type { PolicyArea } from "../model/policy-area.js";
import type { Report } from "../model/report.js";
import { kindOfItem, type MappingContext } from "../rdf/mapping.js";
import { mappingFor } from "../rdf/registry.js";
import { siteQuad } from "../rdf/terms.js";
import { refOf, subjectIriOf } from "../rdf/to-dataset.js";
import { dcat, dcterms } from "../vocab/index.js";

/** One of the site's own representations of a document, offered as a DCAT distribution of a report. */
export interface DocumentDistributionFormat {
  /** The file extension the router serves it under (`/doc/{kind}/{slug}.{ext}`). */
  readonly ext: string;
  /** IANA media type. */
  readonly mediaType: string;
  /** The file type from the EU file-type table. */
  readonly fileType: string;
  /** The format's name, appended to the distribution's title. */
  readonly label: string;
}

const FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";

/**
 * The representations of a report's document offered as its distributions: the three RDF syntaxes
 * data.norge.no registers (Turtle, RDF/XML, JSON-LD). N-Triples and N-Quads stay available by negotiation but
 * are not listed, so a portal shows three useful downloads rather than five near-duplicates.
 */
export const DOCUMENT_DISTRIBUTION_FORMATS: readonly DocumentDistributionFormat[] = Object.freeze([
  { ext: "ttl", mediaType: "text/turtle", fileType: `${FILE_TYPE}RDF_TURTLE`, label: "Turtle" },
  { ext: "rdf", mediaType: "application/rdf+xml", fileType: `${FILE_TYPE}RDF_XML`, label: "RDF/XML" },
  { ext: "jsonld", mediaType: "application/ld+json", fileType: `${FILE_TYPE}JSON_LD`, label: "JSON-LD" },
]);

const THEME_SCHEMES = [
  "http://publications.europa.eu/resource/authority/data-theme/",
  "https://psi.norge.no/los/",
];

function instant(stamp: string): number {
  return Date.parse(stamp.includes("T") ? stamp : `${stamp.slice(0, 10)}T00:00:00${stamp.slice(10) || "Z"}`);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const DESCRIPTION: Readonly<Record<string, (title: string, format: string) => string>> = {
  nb: (t, f) => `Lenkede data om «${t}» fra dette nettstedet, som ${f}.`,
  nn: (t, f) => `Lenka data om «${t}» frå denne nettstaden, som ${f}.`,
  en: (t, f) => `Linked data about “${t}” from this site, as ${f}.`,
};

function described(title: LangString, label: string): LangString {
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(title))
    if (text !== undefined) out[lang] = DESCRIPTION[lang]?.(text, label) ?? text;
  return out as LangString;
}

function labelled(title: LangString, label: string): LangString {
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(title)) if (text !== undefined) out[lang] = `${text} (${label})`;
  return out as LangString;
}

/** The one catalog of the site, when there is exactly one (with several, nothing is added automatically). */
function soleCatalog(items: readonly ContentItem[]): Catalog | undefined {
  const catalogs = items.filter((i): i is Catalog => i.type === "Catalog");
  return catalogs.length === 1 ? catalogs[0] : undefined;
}

/**
 * Completes the DCAT catalog from the content, before mapping (pure; the input is not changed):
 *
 * - a contact point without e-mail or URL gets its own HTML page on this site as URL (DCAT-AP-NO needs one);
 * - every report and official document becomes a dataset whose distributions are the site's own representations
 *   of its document (`/doc/{kind}/{slug}.ttl`, `.rdf`, `.jsonld`, {@link DOCUMENT_DISTRIBUTION_FORMATS}). In
 *   linked data the document is the web representation of the thing (`/id/` answers 303 to it), so these are
 *   honest distributions; no file URL (PDF) is invented. Distributions listed in the content come first. A derived
 *   distribution is the item `distribution/{kind}-{slug}-{ext}`; an item with that reference in the content wins;
 * - a report without themes takes the EU data-theme and LOS concepts its policy areas match (`closeMatch`,
 *   `exactMatch`);
 * - the site's catalog (when there is exactly one) lists every dataset, report dataset and data service of the
 *   site, takes `modified` from the newest content date unless it has its own, and its own HTML page as
 *   `foaf:homepage` unless configured.
 * @example
 * const site = createSite(deriveCatalogItems(items, { baseIri }), { baseIri });
 */
export function deriveCatalogItems(
  items: readonly ContentItem[],
  options: { baseIri: string },
): ContentItem[] {
  const byRef = new Map(items.map((i) => [refOf(i), i]));
  const catalog = soleCatalog(items);
  const derived: ContentItem[] = [];
  const out: ContentItem[] = items.map((item) => {
    // DCAT-AP-NO: a vcard:Kind needs vcard:hasEmail or vcard:hasURL. Without either in the content, the
    // contact point's own page on this site (which shows its telephone and addresses) is its URL.
    if (item.type === "ContactPoint" && item.email === undefined && item.url === undefined) {
      return { ...item, url: `${options.baseIri}doc/contact-point/${item.slug}.html` };
    }
    if (item.type !== "Report") return item;
    const kind = kindOfItem(mappingFor(item), item);
    const refs: string[] = [];
    for (const f of DOCUMENT_DISTRIBUTION_FORMATS) {
      const slug = `${kind}-${item.slug}-${f.ext}`;
      refs.push(`distribution/${slug}`);
      if (byRef.has(`distribution/${slug}`)) continue;
      const distribution: Distribution = {
        type: "Distribution",
        slug,
        title: labelled(item.title, f.label),
        description: described(item.title, f.label),
        accessUrl: `/doc/${kind}/${item.slug}.${f.ext}`,
        downloadUrl: `/doc/${kind}/${item.slug}.${f.ext}`,
        mediaType: f.mediaType,
        format: f.fileType,
        ...(catalog ? { license: catalog.license } : {}),
        ...(item.published ? { published: item.published } : {}),
        ...(item.modified ? { modified: item.modified } : {}),
      };
      derived.push(distribution);
    }
    const report: Report = { ...item, distributions: unique([...(item.distributions ?? []), ...refs]) };
    if (!item.themes || item.themes.length === 0) {
      const themes = unique(
        (item.policyAreas ?? [])
          .map((r) => byRef.get(r))
          .filter((p): p is PolicyArea => p?.type === "PolicyArea")
          .flatMap((p) => [...(p.exactMatch ?? []), ...(p.closeMatch ?? [])])
          .filter((iri) => THEME_SCHEMES.some((s) => iri.startsWith(s))),
      );
      if (themes.length > 0) report.themes = themes;
    }
    return report;
  });
  const all = [...out, ...derived];
  if (!catalog) return all;
  // One pass for the newest date (the first of equal instants), not a sort that parses dates in its comparator.
  let newest: string | undefined;
  let newestAt = Number.NEGATIVE_INFINITY;
  for (const i of items) {
    for (const stamp of [i.published, i.modified]) {
      if (stamp === undefined) continue;
      const at = instant(stamp);
      if (at > newestAt) {
        newest = stamp;
        newestAt = at;
      }
    }
  }
  const completed: Catalog = {
    ...catalog,
    datasets: unique([
      ...(catalog.datasets ?? []),
      ...all.filter((i) => i.type === "Dataset" || i.type === "Report").map(refOf),
    ]),
    services: unique([
      ...(catalog.services ?? []),
      ...all.filter((i) => i.type === "DataService").map(refOf),
    ]),
    ...(catalog.modified === undefined && newest !== undefined ? { modified: newest } : {}),
    ...(catalog.url === undefined ? { url: `${options.baseIri}catalog.html` } : {}),
  };
  return all.map((i) => (i === catalog ? completed : i));
}

/**
 * DCAT triples a report dataset inherits where its content is silent (DCAT-AP-NO makes both mandatory):
 * `dct:publisher` from the catalog — DCAT 3 defines it as the agent "responsible for making the resource
 * available", which for these distributions is the site's publisher; only `dct:publisher` is written, never
 * `schema:publisher`, so no authorship is claimed — and `dcat:contactPoint` from the report's policy area, else
 * the catalog.
 * @returns a function giving the extra triples of one item (none for other items).
 */
export function createDatasetDefaults(
  items: readonly ContentItem[],
  ctx: MappingContext,
): (item: ContentItem) => Quad[] {
  const byRef = new Map(items.map((i) => [refOf(i), i]));
  const catalog = soleCatalog(items);
  return (item) => {
    if (item.type !== "Report" || (item.distributions?.length ?? 0) === 0) return [];
    const subject = ctx.named(subjectIriOf(item, ctx));
    const out: Quad[] = [];
    if (!item.publisher && catalog)
      out.push(siteQuad(subject, dcterms.publisher, ctx.resolveRef(catalog.publisher)));
    const area = (item.policyAreas ?? [])
      .map((r) => byRef.get(r))
      .find((p): p is PolicyArea => p?.type === "PolicyArea" && p.contactPoint !== undefined);
    const contact = area?.contactPoint ?? catalog?.contactPoint;
    if (contact) out.push(siteQuad(subject, dcat.contactPoint, ctx.resolveRef(contact)));
    return out;
  };
}
