import type { Quad, Term } from "@rdfjs/types";
import { LANGUAGES, type Language } from "../model/common.js";
import type { Site, SiteDocument } from "../site/site.js";
import { PREFIXES } from "../vocab/index.js";
import type { Format, WriteContext } from "./formats.js";
import { breadcrumbJsonLd, breadcrumbTrail, htmlPageUrl, htmlPageUrlIn } from "./html-breadcrumbs.js";
import { docOf, factsLine, type PageContext, pageBodyHtml, textHtml } from "./html-sections.js";
import { HTML_STYLESHEET } from "./html-style.js";
import {
  escapeHtml,
  isSafeHref,
  kindLabel,
  LANGUAGE_NAMES,
  label,
  pageLanguage,
  pickText,
} from "./html-text.js";
import { recordingReads, recordRead } from "./page-reads.js";
import { joinInPieces } from "./pieces.js";
import { sortQuads } from "./quad-order.js";
import { compactSchemaGraph, jsonLdScriptOf, schemaGraphOf } from "./schema-jsonld.js";

export { escapeHtml } from "./html-text.js";

/** Names of the machine-readable variants, for the footer. */
const MEDIA_TYPE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  "text/turtle": "Turtle",
  "application/ld+json": "JSON-LD",
  "application/n-triples": "N-Triples",
  "application/n-quads": "N-Quads",
  "application/rdf+xml": "RDF/XML",
});

type Alternate = NonNullable<WriteContext["alternates"]>[number];

const SITE_HOMES = new WeakMap<Site, { home: SiteDocument | undefined }>();

/** The site's name for the header: its catalog's title, else its host. Once per site (every page asks). */
export function siteHome(site: Site): SiteDocument | undefined {
  recordRead("home");
  let known = SITE_HOMES.get(site);
  if (!known) {
    known = {
      home: [...site.documents.values()]
        .filter((d) => d.item.type === "Catalog")
        .sort((a, b) => (a.ref < b.ref ? -1 : 1))[0],
    };
    SITE_HOMES.set(site, known);
  }
  return known.home;
}

function siteName(site: Site, lang: Language): string {
  const home = siteHome(site);
  const t = home ? pickText(home.item.title, lang)?.value : undefined;
  return t ?? site.baseIri.replace(/^https?:\/\//, "").replace(/\/$/, "");
}

/**
 * The head's alternate links: every other variant, and when the page has versions in other languages, the page
 * itself and `x-default` (the first language's page) too — each language version lists itself and all the others
 * (what search engines ask of `hreflang`).
 */
function alternateLinks(alternates: readonly Alternate[], self: LanguageVersion | undefined): string {
  const link = (a: Alternate) =>
    `<link rel="alternate" type="${escapeHtml(a.mediaType)}"${a.language ? ` hreflang="${escapeHtml(a.language)}"` : ""} href="${escapeHtml(a.href)}">`;
  const links = alternates.filter((a) => isSafeHref(a.href)).map(link);
  const versions = alternates.some((a) => a.mediaType === "text/html" && a.language && isSafeHref(a.href));
  if (self && versions && isSafeHref(self.href) && isSafeHref(self.first))
    links.push(
      link({ mediaType: "text/html", language: self.language, href: self.href }),
      link({ mediaType: "text/html", language: "x-default", href: self.first }),
    );
  return links.join("\n");
}

/** A page's own URL and language, and the URL of its first language's version. */
interface LanguageVersion {
  readonly href: string;
  readonly language: string;
  readonly first: string;
}

function footerHtml(alternates: readonly Alternate[], lang: Language, thingIri: string | undefined): string {
  const data = alternates.filter((a) => a.mediaType !== "text/html" && isSafeHref(a.href));
  const languages = alternates.filter((a) => a.mediaType === "text/html" && a.language && isSafeHref(a.href));
  const parts: string[] = [];
  if (data.length > 0 || thingIri) {
    parts.push(`<h2>${escapeHtml(label("linkedData", lang))}</h2>`);
    if (data.length > 0) {
      parts.push(
        `<p>${escapeHtml(label("linkedDataIntro", lang))}</p><ul>${data
          .map(
            (a) =>
              `<li><a href="${escapeHtml(a.href)}" type="${escapeHtml(a.mediaType)}">${escapeHtml(MEDIA_TYPE_LABELS[a.mediaType] ?? a.mediaType)}</a></li>`,
          )
          .join("")}</ul>`,
      );
    }
    if (thingIri)
      parts.push(
        `<p>${escapeHtml(label("identifier", lang))}: <code class="iri">${escapeHtml(thingIri)}</code></p>`,
      );
  }
  if (languages.length > 0) {
    parts.push(
      `<p>${escapeHtml(label("otherLanguages", lang))}: ${languages
        .map((a) => {
          const l = a.language as Language;
          return `<a href="${escapeHtml(a.href)}" hreflang="${escapeHtml(l)}" lang="${escapeHtml(l)}">${escapeHtml(LANGUAGE_NAMES[l] ?? l)}</a>`;
        })
        .join(" · ")}</p>`,
    );
  }
  return parts.length ? `<footer>${parts.join("")}</footer>` : "";
}

interface Shell {
  lang: Language;
  title: string;
  description?: string;
  canonical?: string;
  /** The page as one of its language versions (for `hreflang`). */
  version?: LanguageVersion;
  alternates: readonly Alternate[];
  jsonLd: readonly string[];
  site: Site;
  crumbs: string;
  main: string;
  footer: string;
}

function shell(s: Shell): string {
  const home = siteHome(s.site);
  const name = siteName(s.site, s.lang);
  const homeLink = home
    ? `<a href="${escapeHtml(htmlPageUrl(home))}">${escapeHtml(name)}</a>`
    : escapeHtml(name);
  return `<!doctype html>
<html lang="${s.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title === name ? "" : `${escapeHtml(s.title)} – `}${escapeHtml(name)}</title>
${s.description ? `<meta name="description" content="${escapeHtml(s.description)}">\n` : ""}${
  s.canonical ? `<link rel="canonical" href="${escapeHtml(s.canonical)}">\n` : ""
}${s.alternates.length ? `${alternateLinks(s.alternates, s.version)}\n` : ""}<style>${HTML_STYLESHEET}</style>
${s.jsonLd.join("\n")}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(label("skip", s.lang))}</a>
<header><p>${homeLink}</p></header>
${s.crumbs}<main id="main">
${s.main}
</main>
${s.footer}
</body>
</html>
`;
}

/** The visible breadcrumbs: links to each step, the last one the current page. */
function crumbsHtml(trail: readonly SiteDocument[], pc: PageContext): string {
  if (trail.length < 2) return "";
  const items = trail.map((d, i) =>
    i === trail.length - 1
      ? `<li><a href="${escapeHtml(htmlPageUrlIn(d, pc.lang))}" aria-current="page">${textHtml(d.item.title, pc)}</a></li>`
      : `<li><a href="${escapeHtml(htmlPageUrlIn(d, pc.lang))}">${textHtml(d.item.title, pc)}</a></li>`,
  );
  return `<nav class="crumbs" aria-label="${escapeHtml(label("breadcrumb", pc.lang))}"><ol>${items.join("")}</ol></nav>\n`;
}

/** A site that holds just one document, for pages written without their site. */
function siteOfOne(doc: SiteDocument, baseIri: string): Site {
  return { baseIri, documents: new Map([[doc.ref, doc]]), quads: doc.quads, lastModified: doc.lastModified };
}

const JSON_LD_SCRIPTS = new WeakMap<SiteDocument, { site: Site; script: string; reads: readonly string[] }>();

/**
 * The document's schema.org JSON-LD `<script>`, the same on every language's page: made once per document and
 * site, with the site queries it made replayed on every use (so each page's recorded reads stay complete).
 */
function documentJsonLdScript(doc: SiteDocument, site: Site): string {
  const known = JSON_LD_SCRIPTS.get(doc);
  if (known && known.site === site) {
    for (const key of known.reads) recordRead(key);
    return known.script;
  }
  const { result: script, reads } = recordingReads(() =>
    jsonLdScriptOf(compactSchemaGraph(schemaGraphOf(doc, site), [doc.thingIri, doc.documentIri])),
  );
  JSON_LD_SCRIPTS.set(doc, { site, script, reads });
  return script;
}

/**
 * The HTML page of one document: title, breadcrumbs, the body its content type renders (with links to related
 * resources), the schema.org JSON-LD of the document ({@link toJsonLd}) and its `BreadcrumbList`, and links to
 * every machine-readable variant. The page language is `ctx.language` when the content has it.
 */
export function writeDocumentHtml(doc: SiteDocument, ctx: WriteContext): string {
  const site = ctx.site ?? siteOfOne(doc, ctx.baseIri);
  const lang = pageLanguage(doc.item.title, ctx.language);
  const pc: PageContext = { site, doc, lang };
  const trail = breadcrumbTrail(doc, site);
  const breadcrumb = breadcrumbJsonLd(trail, lang);
  const jsonLd = [documentJsonLdScript(doc, site), ...(breadcrumb ? [jsonLdScriptOf(breadcrumb)] : [])];
  // An official document is known by its number: "NOU 2020: 15 Det handler om Norge".
  const number = doc.item.type === "Report" && doc.item.reportNumber ? `${doc.item.reportNumber} ` : "";
  const title = number + (pickText(doc.item.title, lang)?.value ?? doc.ref);
  const description = pickText(doc.item.description, lang)?.value ?? factsLine(doc, pc);
  // Each language version is its own canonical page (`….html` for the first language, `….{lang}.html` the others).
  const first = htmlPageUrl(doc);
  const self = htmlPageUrlIn(doc, lang);
  const alternates = ctx.alternates ?? [];
  const main = `<p class="kind">${escapeHtml(kindLabel(doc.kind, lang))}</p>
<h1>${escapeHtml(number)}${textHtml(doc.item.title, pc)}</h1>
${pageBodyHtml(pc)}`;
  return shell({
    lang,
    title,
    ...(description
      ? { description: description.length > 300 ? `${description.slice(0, 297)}…` : description }
      : {}),
    canonical: self,
    version: { href: self, language: lang, first },
    alternates,
    jsonLd,
    site,
    crumbs: crumbsHtml(trail, pc),
    main,
    footer: footerHtml(alternates, lang, doc.thingIri),
  });
}

// ---------------------------------------------------------------------------------------------
// Pages that are not one document (the whole catalog, VoID): the triples by subject, readable.

const PREFIX_ENTRIES = Object.entries(PREFIXES);
// Whole-site pages (dump, catalog) compact the same few predicate and class IRIs hundreds of thousands of times.
const COMPACTED = new Map<string, string>();

function compactIri(iri: string): string {
  const known = COMPACTED.get(iri);
  if (known !== undefined) return known;
  let best: string | undefined;
  let bestLength = 0;
  for (const [prefix, ns] of PREFIX_ENTRIES) {
    if (iri.startsWith(ns) && ns.length > bestLength && iri.length > ns.length) {
      best = `${prefix}:${iri.slice(ns.length)}`;
      bestLength = ns.length;
    }
  }
  if (COMPACTED.size >= 10_000) COMPACTED.clear();
  COMPACTED.set(iri, best ?? iri);
  return best ?? iri;
}

function termHtml(t: Term, pc: { readonly site: Site; readonly lang: Language }): string {
  if (t.termType === "NamedNode") {
    const d = docOf(t.value, pc.site);
    return d
      ? `<a href="${escapeHtml(htmlPageUrl(d))}">${textHtml(d.item.title, pc)}</a>`
      : isSafeHref(t.value)
        ? `<a class="iri" href="${escapeHtml(t.value)}">${escapeHtml(compactIri(t.value))}</a>`
        : `<span class="iri">${escapeHtml(t.value)}</span>`;
  }
  if (t.termType === "Literal") {
    const text = escapeHtml(t.value);
    return t.language && t.language !== pc.lang
      ? `<span lang="${escapeHtml(t.language)}">${text}</span>`
      : text;
  }
  return escapeHtml(t.value);
}

/** A readable page of arbitrary triples, grouped by subject, with links to the site's pages. */
export function writeTriplesHtml(quads: readonly Quad[], ctx: WriteContext): string {
  return [...triplesHtmlChunks(quads, ctx)].join("");
}

/** Subjects per chunk of {@link triplesHtmlChunks}: pieces near 60 000 characters (see pieces.ts; a catalog: 76 000). */
const SECTIONS_PER_CHUNK = 80;
/** Where the sections go in the page shell; a control character that escaped text never contains. */
const SECTIONS_MARK = "\u0000sections\u0000";

/**
 * {@link writeTriplesHtml} in pieces whose concatenation is the same text: the page up to its sections, the
 * sections a few thousand subjects at a time, then the rest, so the page of a large catalog is written without one
 * string of all of it.
 */
export function* triplesHtmlChunks(quads: readonly Quad[], ctx: WriteContext): Generator<string> {
  const site: Site = ctx.site ?? {
    baseIri: ctx.baseIri,
    documents: new Map(),
    quads,
    lastModified: undefined,
  };
  const lang: Language = (LANGUAGES as readonly string[]).includes(ctx.language ?? "")
    ? (ctx.language as Language)
    : "nb";
  const sorted = sortQuads(quads);
  const pc = { site, lang };
  // The whole catalog is titled by its catalog; other triples by what they are.
  let catalog: SiteDocument | undefined;
  for (let i = 0; i < sorted.length && !catalog; i++) {
    const q = sorted[i] as Quad;
    if (i > 0 && q.subject.equals((sorted[i - 1] as Quad).subject)) continue;
    const d = docOf(q.subject.value, site);
    if (d?.item.type === "Catalog") catalog = d;
  }
  const titled = ctx.document ?? catalog;
  const title = titled ? (pickText(titled.item.title, lang)?.value ?? titled.ref) : label("statements", lang);
  const alternates = ctx.alternates ?? [];
  const page = shell({
    lang,
    title,
    alternates,
    jsonLd: [],
    site,
    crumbs: "",
    main: `<h1>${escapeHtml(title)}</h1>\n${SECTIONS_MARK}`,
    footer: footerHtml(alternates, lang, undefined),
  });
  // The last one: only the title comes before the sections, and nothing after them is content.
  const at = page.lastIndexOf(SECTIONS_MARK);
  yield page.slice(0, at);
  const section = (s: string, qs: readonly Quad[]) => {
    const d = docOf(s, site);
    const heading = d
      ? `<a href="${escapeHtml(htmlPageUrl(d))}">${textHtml(d.item.title, pc)}</a>`
      : `<span class="iri">${escapeHtml(s)}</span>`;
    const rows = qs
      .map((q) => `<dt>${escapeHtml(compactIri(q.predicate.value))}</dt><dd>${termHtml(q.object, pc)}</dd>`)
      .join("");
    return `<section><h2>${heading}</h2><dl class="facts">${rows}</dl></section>`;
  };
  // Subjects in the order of their first triple; a subject in several graphs is one section.
  const bySubject = new Map<string, Quad[]>();
  for (const q of sorted) {
    const list = bySubject.get(q.subject.value);
    if (list) list.push(q);
    else bySubject.set(q.subject.value, [q]);
  }
  const sections = function* () {
    for (const [s, qs] of bySubject) yield section(s, qs);
  };
  yield* joinInPieces(sections(), "\n", SECTIONS_PER_CHUNK);
  yield page.slice(at + SECTIONS_MARK.length);
}

/**
 * Writes an HTML page: the document page when `ctx.document` is given, else a readable page of the triples.
 * @example
 * const html = writeHtml(doc.quads, { baseIri: site.baseIri, site, document: doc, language: "nb" });
 */
export function writeHtml(quads: readonly Quad[], ctx: WriteContext): string {
  return ctx.document ? writeDocumentHtml(ctx.document, ctx) : writeTriplesHtml(quads, ctx);
}

/** HTML for people: a page per document with its schema.org JSON-LD embedded. */
export const HTML: Format = {
  id: "html",
  mediaType: "text/html",
  charset: true,
  label: "HTML",
  write: (quads, ctx) => writeHtml(quads, ctx),
  writeChunks: (quads, ctx) =>
    ctx.document ? [writeDocumentHtml(ctx.document, ctx)] : triplesHtmlChunks(quads, ctx),
};
