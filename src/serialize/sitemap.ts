import { changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { htmlPageUrlIn } from "./html-breadcrumbs.js";
import { backlinksOf, docOf } from "./html-sections.js";
import { titleLanguages } from "./html-text.js";
import { recordRead } from "./page-reads.js";

/** One page in the sitemap: its URL, when it last changed, and the same page in other languages. */
export interface SitemapPage {
  readonly loc: string;
  readonly lastModified?: Date;
  /** `hreflang` alternates (the page itself included), sitemaps.org + Google's xhtml:link extension. */
  readonly languages?: readonly { readonly language: string; readonly href: string }[];
}

/**
 * When a document's HTML page last changed: the newest date among the document and every document it links to
 * or that links to it (the page shows them: a policy area's page changes with its news), else the site's
 * newest date, else unknown.
 */
export function pageLastModified(doc: SiteDocument, site: Site): Date | undefined {
  let newest = doc.lastModified;
  const consider = (d: SiteDocument | undefined) => {
    if (d?.lastModified && (!newest || d.lastModified > newest)) newest = d.lastModified;
  };
  for (const q of doc.quads) if (q.object.termType === "NamedNode") consider(docOf(q.object.value, site));
  for (const d of backlinksOf(doc, site)) consider(d);
  if (newest) return newest;
  recordRead("modified");
  return site.lastModified;
}

/**
 * Whether the sitemap may differ between `previous` and `site`, an earlier version whose unchanged documents are
 * the same objects (`createSite` given it). Conservative: `true` unless the site's date is the same and every
 * changed document is in both versions with the same date, content languages and links (what its own entries and
 * the dates of the pages around it are made of).
 */
export function sitemapMayDiffer(previous: Site, site: Site): boolean {
  if (previous.lastModified?.getTime() !== site.lastModified?.getTime()) return true;
  const links = (d: SiteDocument) =>
    d.quads
      .flatMap((q) => (q.object.termType === "NamedNode" ? [q.object.value] : []))
      .sort()
      .join(" ");
  return changedDocuments(previous, site).some(
    ({ before, after }) =>
      !before ||
      !after ||
      before.lastModified?.getTime() !== after.lastModified?.getTime() ||
      titleLanguages(before.item.title).join() !== titleLanguages(after.item.title).join() ||
      links(before) !== links(after),
  );
}

/**
 * Every HTML page of the site: each document's page (`{base}doc/{kind}/{slug}.html`, further content languages at
 * `….{lang}.html`) and the whole catalog (`{base}catalog.html`), with `lastmod`.
 */
export function sitemapPages(site: Site): SitemapPage[] {
  return [...pagesOf(site)];
}

/** {@link sitemapPages} one at a time: a large site's list is tens of megabytes that only live while written. */
function* pagesOf(site: Site): Generator<SitemapPage> {
  for (const doc of documentsByRef(site)) {
    const lastModified = pageLastModified(doc, site);
    const hrefs = titleLanguages(doc.item.title).map((language) => ({
      language,
      href: htmlPageUrlIn(doc, language),
    }));
    for (const { href } of hrefs) {
      yield {
        loc: href,
        ...(lastModified ? { lastModified } : {}),
        ...(hrefs.length > 1 ? { languages: hrefs } : {}),
      };
    }
  }
  yield {
    loc: `${site.baseIri}catalog.html`,
    ...(site.lastModified ? { lastModified: site.lastModified } : {}),
  };
}

function documentsByRef(site: Site): SiteDocument[] {
  return [...site.documents.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1));
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The sitemap (sitemaps.org 0.9) of every HTML page with `lastmod` (W3C datetime, UTC), for `/sitemap.xml`.
 * @example
 * res.type("application/xml").send(writeSitemap(site));
 */
export function writeSitemap(site: Site, pages?: readonly SitemapPage[]): string {
  return [...sitemapChunks(site, pages)].join("");
}

/** `<url>` elements per piece of {@link sitemapChunks}: pieces near 60 000 characters (see pieces.ts; 56 000). */
const URLS_PER_CHUNK = 128;

/**
 * {@link writeSitemap} in pieces whose concatenation is the same text, 128 pages at a time: a static build
 * writes it without one string of all of it (120 MB at 100 000 items).
 */
export function* sitemapChunks(site: Site, pages?: readonly SitemapPage[]): Generator<string> {
  // Without a list, the pages are made as they are written (a page has alternates when its document has several
  // content languages).
  const multilingual = pages
    ? pages.some((p) => p.languages?.length)
    : [...site.documents.values()].some((d) => titleLanguages(d.item.title).length > 1);
  const ns = `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${multilingual ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' : ""}`;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<urlset ${ns}>\n`;
  let urls = "";
  let count = 0;
  for (const page of pages ?? pagesOf(site)) {
    urls += `${urlElement(page)}\n`;
    if (++count % URLS_PER_CHUNK === 0) {
      yield urls;
      urls = "";
    }
  }
  if (urls) yield urls;
  yield "</urlset>\n";
}

/** One page's `<url>` element, indented. */
function urlElement(p: SitemapPage): string {
  const lastmod = p.lastModified
    ? `<lastmod>${p.lastModified.toISOString().replace(/\.\d{3}Z$/, "Z")}</lastmod>`
    : "";
  const alternates = (p.languages ?? [])
    .map((l) => `<xhtml:link rel="alternate" hreflang="${xml(l.language)}" href="${xml(l.href)}"/>`)
    .join("");
  return `  <url><loc>${xml(p.loc)}</loc>${lastmod}${alternates}</url>`;
}

/**
 * The text of `/robots.txt`: everything may be crawled, and the sitemap is at `{base}sitemap.xml`.
 * @example
 * res.type("text/plain").send(writeRobotsTxt(site));
 */
export function writeRobotsTxt(site: Site): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${site.baseIri}sitemap.xml\n`;
}
