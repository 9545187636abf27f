import type { LangString, LangStringList, Language } from "../model/common.js";
import type { Address, ContactPoint } from "../model/contact-point.js";
import type { ContentItem, ContentType } from "../model/index.js";
import { LayeredMap } from "../site/layered-map.js";
import { changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { htmlPageUrl } from "./html-breadcrumbs.js";
import {
  escapeHtml,
  formatDate,
  isLabelKey,
  isSafeHref,
  kindLabel,
  type LabelKey,
  label,
  pickText,
} from "./html-text.js";
import { isRecordingReads, recordRead } from "./page-reads.js";
import { documentsByThing } from "./schema-jsonld.js";

/** What a page body renderer works with: the site, the document, the page language and small helpers. */
export interface PageContext {
  readonly site: Site;
  readonly doc: SiteDocument;
  readonly lang: Language;
}

/** Text in the page language if there is any, escaped, marked with its own `lang` when it differs. */
export function textHtml(text: LangString | undefined, pc: { readonly lang: Language }): string {
  const picked = pickText(text, pc.lang);
  if (!picked) return "";
  const escaped = escapeHtml(picked.value);
  return picked.lang === pc.lang ? escaped : `<span lang="${picked.lang}">${escaped}</span>`;
}

/** A paragraph of text, or nothing. */
function para(text: LangString | undefined, pc: PageContext, cls?: string): string {
  const html = textHtml(text, pc);
  return html ? `<p${cls ? ` class="${cls}"` : ""}>${html}</p>` : "";
}

/** The document a `"kind/slug"` reference (or a thing IRI) names, when it is on the site. */
export function docOf(ref: string, site: Site): SiteDocument | undefined {
  if (isRecordingReads()) recordRead(`doc ${ref}`);
  return site.documents.get(ref) ?? documentsByThing(site).get(ref);
}

/** A link to another resource: its page when it is ours, the IRI when it is a safe external link, else text. */
export function refLink(ref: string, pc: PageContext): string {
  const target = docOf(ref, pc.site);
  if (target) return `<a href="${escapeHtml(htmlPageUrl(target))}">${textHtml(target.item.title, pc)}</a>`;
  return iriLink(ref);
}

/** An external IRI as a link (http, https, mailto, tel only) or as plain text. */
export function iriLink(iri: string, text: string = iri): string {
  return isSafeHref(iri)
    ? `<a class="iri" href="${escapeHtml(iri)}">${escapeHtml(text)}</a>`
    : `<span class="iri">${escapeHtml(text)}</span>`;
}

/** A site URL (`/dump.nq`) or absolute IRI, resolved against the base IRI. */
function siteUrl(url: string, pc: PageContext): string {
  return url.startsWith("/") ? pc.site.baseIri + url.slice(1) : url;
}

/** `<time>` with the machine-readable date and the date as people write it. */
export function timeHtml(iso: string, lang: Language): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatDate(iso, lang))}</time>`;
}

/** A list of links, inline when short. */
function links(refs: readonly string[] | undefined, pc: PageContext): string | undefined {
  if (!refs || refs.length === 0) return undefined;
  return refs.map((r) => refLink(r, pc)).join(", ");
}

type Row = readonly [LabelKey, string | undefined];

/** A definition list of facts; rows without a value are left out. */
function facts(rows: readonly Row[], pc: PageContext): string {
  const present = rows.filter((r): r is readonly [LabelKey, string] => r[1] !== undefined && r[1] !== "");
  if (present.length === 0) return "";
  return `<dl class="facts">${present.map(([k, v]) => `<dt>${escapeHtml(label(k, pc.lang))}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function section(heading: LabelKey | string, body: string, pc: PageContext, id?: string): string {
  if (!body) return "";
  const text = isLabelKey(heading) ? label(heading, pc.lang) : heading;
  const hid = id ?? (isLabelKey(heading) ? heading : undefined);
  return `<section${hid ? ` aria-labelledby="h-${hid}"` : ""}><h2${hid ? ` id="h-${hid}"` : ""}>${escapeHtml(text)}</h2>${body}</section>`;
}

const byRef = (a: SiteDocument, b: SiteDocument) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

/** The IRIs a document's triples point at (what it links to). */
export function linkTargets(d: SiteDocument): Set<string> {
  const out = new Set<string>();
  for (const q of d.quads) if (q.object.termType === "NamedNode") out.add(q.object.value);
  return out;
}

const backlinkIndexes = new WeakMap<Site, Map<string, SiteDocument[]> | LayeredMap<string, SiteDocument[]>>();

/** Documents of the site whose triples point at this document's thing, sorted by reference. */
export function backlinksOf(doc: SiteDocument, site: Site): SiteDocument[] {
  recordRead(`back ${doc.ref}`);
  let index = backlinkIndexes.get(site);
  if (!index) {
    index = new Map();
    for (const d of [...site.documents.values()].sort(byRef)) {
      for (const t of linkTargets(d)) {
        const list = index.get(t);
        if (list) list.push(d);
        else index.set(t, [d]);
      }
    }
    backlinkIndexes.set(site, index);
  }
  return (index.get(doc.thingIri) ?? []).filter((d) => d.ref !== doc.ref);
}

/**
 * Takes the back-link index of `site` over from `previous`, an earlier version whose unchanged documents are the
 * same objects (`createSite` given it), when documents only changed (none added or removed): each changed
 * document leaves the lists of what it linked to and joins those of what it links to now. Otherwise the index is
 * built again when first asked for.
 */
export function carryBacklinks(previous: Site, site: Site): void {
  const before = backlinkIndexes.get(previous);
  if (!before || backlinkIndexes.has(site)) return;
  const changes = changedDocuments(previous, site);
  if (changes.some((c) => !c.before || !c.after)) return;
  const index = new LayeredMap(before);
  for (const { before: old, after: now } of changes) {
    if (!old || !now) continue;
    for (const t of linkTargets(old)) {
      const list = (index.get(t) ?? []).filter((d) => d !== old);
      if (list.length > 0) index.set(t, list);
      else index.delete(t);
    }
    for (const t of linkTargets(now)) {
      const list = [...(index.get(t) ?? []), now].sort(byRef);
      index.set(t, list);
    }
  }
  backlinkIndexes.set(site, index);
}

/** Items of one type among documents. */
function ofType<T extends ContentType>(
  docs: readonly SiteDocument[],
  type: T,
): (SiteDocument & { item: Extract<ContentItem, { type: T }> })[] {
  return docs.filter((d) => d.item.type === type) as (SiteDocument & {
    item: Extract<ContentItem, { type: T }>;
  })[];
}

function title(doc: SiteDocument, pc: PageContext): string {
  return `<a href="${escapeHtml(htmlPageUrl(doc))}">${textHtml(doc.item.title, pc)}</a>`;
}

function dateLine(item: ContentItem, pc: PageContext): string {
  const parts: string[] = [];
  if (item.published)
    parts.push(`${escapeHtml(label("published", pc.lang))} ${timeHtml(item.published, pc.lang)}`);
  if (item.modified)
    parts.push(`${escapeHtml(label("modified", pc.lang))} ${timeHtml(item.modified, pc.lang)}`);
  return parts.length ? `<p class="meta">${parts.join(" · ")}</p>` : "";
}

/** An address's lines: the street, then postal code and place. */
function addressLines(a: Address): string[] {
  return [a.streetAddress, [a.postalCode, a.locality].filter(Boolean).join(" ")].filter(
    (line): line is string => Boolean(line),
  );
}

function addressHtml(a: Address): string {
  return `<address>${addressLines(a).map(escapeHtml).join("<br>")}</address>`;
}

/** The telephone number as a `tel:` link. */
function telephoneHtml(phone: string): string {
  return `<a href="tel:${escapeHtml(phone.replace(/ /g, ""))}">${escapeHtml(phone)}</a>`;
}

/** The contact block: telephone, e-mail, web page, postal and visiting address. */
export function contactFacts(cp: ContactPoint, pc: PageContext): string {
  return facts(
    [
      ["telephone", cp.telephone ? telephoneHtml(cp.telephone) : undefined],
      ["email", cp.email ? iriLink(`mailto:${cp.email}`, cp.email) : undefined],
      ["postalAddress", cp.postalAddress ? addressHtml(cp.postalAddress) : undefined],
      ["visitingAddress", cp.visitingAddress ? addressHtml(cp.visitingAddress) : undefined],
      ["website", cp.url ? iriLink(cp.url) : undefined],
    ],
    pc,
  );
}

/**
 * A page's meta description when its item has none (search engines show it under the title): its key facts in one
 * line — a contact point's telephone, e-mail and addresses; an organisation's parent and organisation number; a
 * strategy's policy areas. `undefined` when there are none.
 */
export function factsLine(doc: SiteDocument, pc: PageContext): string | undefined {
  const item = doc.item;
  const { lang } = pc;
  const name = (ref: string) => {
    const d = docOf(ref, pc.site);
    return d ? pickText(d.item.title, lang)?.value : undefined;
  };
  const address = (a: Address) => addressLines(a).join(", ");
  const parts: (string | undefined)[] = [];
  if (item.type === "ContactPoint") {
    if (item.telephone) parts.push(`${label("telephone", lang)} ${item.telephone}`);
    if (item.email) parts.push(`${label("email", lang)} ${item.email}`);
    if (item.postalAddress) parts.push(`${label("postalAddress", lang)}: ${address(item.postalAddress)}`);
    if (item.visitingAddress)
      parts.push(`${label("visitingAddress", lang)}: ${address(item.visitingAddress)}`);
  } else if (item.type === "Organisation") {
    const parent = item.parent ? name(item.parent) : undefined;
    if (parent) parts.push(`${label("partOf", lang)} ${parent}`);
    if (item.organisationNumber)
      parts.push(`${label("organisationNumber", lang)} ${item.organisationNumber}`);
  } else if (item.type === "Strategy") {
    const areas = (item.policyAreas ?? []).map(name).filter(Boolean);
    if (areas.length > 0) parts.push(`${label("policyAreas", lang)}: ${areas.join(", ")}`);
  }
  const line = parts.filter(Boolean).join(" · ");
  return line === "" ? undefined : line;
}

/** A card in a list: linked title as h3, a meta line, the description, then anything else. */
function card(doc: SiteDocument, pc: PageContext, extra = "", heading?: string, tail = ""): string {
  return `<li><h3>${heading ?? title(doc, pc)}</h3>${extra}${para(doc.item.description, pc)}${tail}</li>`;
}

function listOf(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : "";
}

function cards(items: readonly string[]): string {
  return items.length ? `<ul class="cards">${items.join("")}</ul>` : "";
}

/** Backlinks not already shown elsewhere on the page, grouped by kind. */
function relatedSection(pc: PageContext, shown: ReadonlySet<string>): string {
  const rest = backlinksOf(pc.doc, pc.site).filter((d) => !shown.has(d.ref));
  if (rest.length === 0) return "";
  const groups = new Map<string, SiteDocument[]>();
  for (const d of rest) {
    const group = groups.get(d.kind);
    if (group) group.push(d);
    else groups.set(d.kind, [d]);
  }
  const body = [...groups]
    .map(
      ([kind, docs]) =>
        `<h3>${escapeHtml(kindLabel(kind, pc.lang))}</h3><ul>${docs.map((d) => `<li>${title(d, pc)}</li>`).join("")}</ul>`,
    )
    .join("");
  return section("related", body, pc);
}

/** A news list entry: headline, date, description, image. */
function newsCard(
  d: SiteDocument & { item: Extract<ContentItem, { type: "NewsItem" }> },
  pc: PageContext,
): string {
  return card(d, pc, `<p class="meta">${timeHtml(d.item.published, pc.lang)}</p>`);
}

/**
 * Compares report numbers as people read them, numbers as numbers ("NOU 2023: 9" < "NOU 2023: 10"). One collator for
 * every page: `localeCompare` with a locale and options makes a new one for each comparison (20 times slower; 8% of
 * a policy-area page's time in a 2 000-item site).
 */
const REPORT_NUMBERS = new Intl.Collator("nb", { numeric: true });

function byDateDesc(a: SiteDocument, b: SiteDocument): number {
  const x = a.lastModified?.getTime() ?? 0;
  const y = b.lastModified?.getTime() ?? 0;
  return y - x || byRef(a, b);
}

function imageHtml(image: { url?: string | undefined; caption: LangString }, pc: PageContext): string {
  const caption = textHtml(image.caption, pc);
  const alt = escapeHtml(pickText(image.caption, pc.lang)?.value ?? "");
  if (image.url && isSafeHref(image.url) && /^https?:/i.test(image.url)) {
    return `<figure><img src="${escapeHtml(image.url)}" alt="${alt}"><figcaption>${caption}</figcaption></figure>`;
  }
  // The content names the image but has no file for it: say what it shows, show no broken image.
  return `<p class="meta">${escapeHtml(label("image", pc.lang))}: ${caption}</p>`;
}

type Body<T extends ContentType> = (item: Extract<ContentItem, { type: T }>, pc: PageContext) => string;

/** The body of a page per content type; every body ends with the pages that link to it. */
const PAGE_BODIES: { readonly [T in ContentType]: Body<T> } = {
  PolicyArea: (item, pc) => {
    const back = backlinksOf(pc.doc, pc.site);
    const shown = new Set<string>();
    const strategies = ofType(back, "Strategy");
    const partRefs = new Set(strategies.flatMap((s) => s.item.parts ?? []));
    const topStrategies = strategies.filter((s) => !partRefs.has(s.ref));
    const reports = ofType(back, "Report").filter((r) => r.kind === "report");
    const documents = ofType(back, "Report")
      .filter((r) => r.kind === "document")
      .sort((a, b) => REPORT_NUMBERS.compare(b.item.reportNumber ?? "", a.item.reportNumber ?? ""));
    const news = ofType(back, "NewsItem").sort(byDateDesc);
    // Panels and committees that wrote about the policy area (the youth panel and its advice, the NOU committees).
    const authorRefs = [...new Set([...reports, ...documents].flatMap((r) => r.item.authors ?? []))];
    const panels = authorRefs
      .map((r) => docOf(r, pc.site))
      .filter((d): d is SiteDocument => d?.item.type === "Organisation" && d.ref !== item.publisher)
      .filter(
        (d) =>
          d.item.type === "Organisation" &&
          d.item.classification !== "ministry" &&
          d.item.classification !== "department",
      )
      .sort((a, b) => Number(!!b.item.description) - Number(!!a.item.description) || byRef(a, b));
    for (const d of [...strategies, ...reports, ...documents, ...news]) shown.add(d.ref);
    const contact = item.contactPoint ? docOf(item.contactPoint, pc.site) : undefined;
    if (contact) shown.add(contact.ref);

    const strategyCards = topStrategies.map((s) => {
      const parts = (s.item.parts ?? []).map((r) => `<li>${refLink(r, pc)}</li>`).join("");
      return card(s, pc, "", undefined, parts ? `<ul>${parts}</ul>` : "");
    });
    const panelCards = panels.map((p) => {
      const work = [...reports, ...documents].filter((r) => r.item.authors?.includes(p.ref));
      const extra = work.length ? `<p>${work.map((w) => title(w, pc)).join(", ")}</p>` : "";
      return `<li><h3>${title(p, pc)}</h3>${para(p.item.description, pc)}${extra}</li>`;
    });
    const reportCards = reports.map((r) =>
      card(
        r,
        pc,
        [
          r.item.alternateName ? `<p class="meta">${textHtml(r.item.alternateName, pc)}</p>` : "",
          r.item.authors?.length
            ? `<p class="meta">${escapeHtml(label("authors", pc.lang))}: ${links(r.item.authors, pc)}</p>`
            : "",
        ].join(""),
      ),
    );
    const documentCards = documents.map((d) =>
      card(
        d,
        pc,
        d.item.authors?.length ? `<p class="meta">${links(d.item.authors, pc)}</p>` : "",
        `<a href="${escapeHtml(htmlPageUrl(d))}">${d.item.reportNumber ? `${escapeHtml(d.item.reportNumber)} ` : ""}${textHtml(d.item.title, pc)}</a>`,
      ),
    );
    let contactHtml = "";
    if (contact?.item.type === "ContactPoint") {
      const units = backlinksOf(contact, pc.site).filter((d) => d.item.type === "Organisation");
      shown.add(contact.ref);
      for (const u of units) shown.add(u.ref);
      contactHtml = `<h3>${title(contact, pc)}</h3>${contactFacts(contact.item, pc)}${
        units.length || item.publisher
          ? `<p class="meta">${[...units.map((u) => title(u, pc)), ...(item.publisher && !units.some((u) => u.ref === item.publisher) ? [refLink(item.publisher, pc)] : [])].join(", ")}</p>`
          : ""
      }`;
    }
    for (const p of panels) shown.add(p.ref);
    if (item.publisher) shown.add(item.publisher);
    return [
      para(item.description, pc, "lead"),
      item.goal
        ? `<p class="goal"><strong>${escapeHtml(label("goal", pc.lang))}:</strong> ${textHtml(item.goal, pc)}</p>`
        : "",
      section("strategies", cards(strategyCards), pc),
      section("panels", cards(panelCards), pc),
      section("reports", cards(reportCards), pc),
      section("news", cards(news.map((n) => newsCard(n, pc))), pc),
      section("documents", cards(documentCards), pc),
      section("contact", contactHtml, pc),
      section(
        "matches",
        listOf([...(item.exactMatch ?? []), ...(item.closeMatch ?? [])].map((i) => iriLink(i))),
        pc,
      ),
      relatedSection(pc, shown),
    ].join("");
  },

  Strategy: (item, pc) => {
    const parents = backlinksOf(pc.doc, pc.site).filter(
      (d) => d.item.type === "Strategy" && d.item.parts?.includes(pc.doc.ref),
    );
    const shown = new Set([...parents.map((p) => p.ref), ...(item.parts ?? [])]);
    return [
      para(item.description, pc, "lead"),
      dateLine(item, pc),
      facts(
        [
          ["partOf", parents.length ? parents.map((p) => title(p, pc)).join(", ") : undefined],
          ["policyAreas", links(item.policyAreas, pc)],
          ["publisher", item.publisher ? refLink(item.publisher, pc) : undefined],
          ["website", item.url ? iriLink(item.url) : undefined],
        ],
        pc,
      ),
      section(
        "parts",
        item.parts?.length ? `<ul>${item.parts.map((r) => `<li>${refLink(r, pc)}</li>`).join("")}</ul>` : "",
        pc,
      ),
      relatedSection(pc, shown),
    ].join("");
  },

  Report: (item, pc) =>
    [
      para(item.description, pc, "lead"),
      dateLine(item, pc),
      facts(
        [
          ["reportNumber", item.reportNumber ? escapeHtml(item.reportNumber) : undefined],
          ["series", item.series ? textHtml(item.series.title, pc) : undefined],
          ["alternateName", item.alternateName ? textHtml(item.alternateName, pc) : undefined],
          ["genre", item.genre ? textHtml(item.genre, pc) : undefined],
          ["authors", links(item.authors, pc)],
          ["publisher", item.publisher ? refLink(item.publisher, pc) : undefined],
          ["policyAreas", links(item.policyAreas, pc)],
          ["distributions", links(item.distributions, pc)],
          ["themes", item.themes?.map((t) => iriLink(t)).join("<br>")],
          ["website", item.url ? iriLink(item.url) : undefined],
        ],
        pc,
      ),
      relatedSection(
        pc,
        new Set([...(item.authors ?? []), ...(item.policyAreas ?? []), ...(item.distributions ?? [])]),
      ),
    ].join(""),

  NewsItem: (item, pc) =>
    [
      `<p class="meta">${escapeHtml(label("published", pc.lang))} ${timeHtml(item.published, pc.lang)}${
        item.modified
          ? ` · ${escapeHtml(label("modified", pc.lang))} ${timeHtml(item.modified, pc.lang)}`
          : ""
      }</p>`,
      item.image ? imageHtml(item.image, pc) : "",
      para(item.description, pc, "lead"),
      facts(
        [
          ["about", links(item.about, pc)],
          ["mentions", links(item.mentions, pc)],
          ["authors", links(item.authors, pc)],
          ["publisher", refLink(item.publisher, pc)],
          ["policyAreas", links(item.policyAreas, pc)],
          ["website", item.url ? iriLink(item.url) : undefined],
        ],
        pc,
      ),
      relatedSection(
        pc,
        new Set([...(item.about ?? []), ...(item.mentions ?? []), ...(item.policyAreas ?? [])]),
      ),
    ].join(""),

  Organisation: (item, pc) => {
    const back = backlinksOf(pc.doc, pc.site);
    const units = ofType(back, "Organisation").filter((d) => d.item.parent === pc.doc.ref);
    const contact = item.contactPoint ? docOf(item.contactPoint, pc.site) : undefined;
    const shown = new Set([...units.map((u) => u.ref), ...(contact ? [contact.ref] : [])]);
    return [
      para(item.description, pc, "lead"),
      facts(
        [
          ["alternateName", item.alternateName ? textHtml(item.alternateName, pc) : undefined],
          ["organisationNumber", item.organisationNumber ? escapeHtml(item.organisationNumber) : undefined],
          ["parent", item.parent ? refLink(item.parent, pc) : undefined],
          ["subOrganisations", units.length ? units.map((u) => title(u, pc)).join(", ") : undefined],
          ["website", item.url ? iriLink(item.url) : undefined],
          ["sameAs", item.sameAs?.map((s) => iriLink(s)).join("<br>")],
        ],
        pc,
      ),
      contact?.item.type === "ContactPoint"
        ? section("contact", `<h3>${title(contact, pc)}</h3>${contactFacts(contact.item, pc)}`, pc)
        : "",
      relatedSection(pc, shown),
    ].join("");
  },

  ContactPoint: (item, pc) => {
    const owners = backlinksOf(pc.doc, pc.site);
    return [
      para(item.description, pc, "lead"),
      contactFacts(item, pc),
      section(
        "contactFor",
        owners.length ? `<ul>${owners.map((o) => `<li>${title(o, pc)}</li>`).join("")}</ul>` : "",
        pc,
      ),
    ].join("");
  },

  Catalog: (item, pc) =>
    [
      para(item.description, pc, "lead"),
      facts(
        [
          ["publisher", refLink(item.publisher, pc)],
          ["license", iriLink(item.license)],
          ["languages", item.languages.map((l) => iriLink(l)).join("<br>")],
          ["themes", item.themeTaxonomies.map((t) => iriLink(t)).join("<br>")],
        ],
        pc,
      ),
      section(
        "datasets",
        item.datasets?.length
          ? `<ul>${item.datasets.map((r) => `<li>${refLink(r, pc)}</li>`).join("")}</ul>`
          : "",
        pc,
      ),
      section(
        "services",
        item.services?.length
          ? `<ul>${item.services.map((r) => `<li>${refLink(r, pc)}</li>`).join("")}</ul>`
          : "",
        pc,
      ),
      item.contactPoint ? section("contact", contactOf(item.contactPoint, pc), pc) : "",
    ].join(""),

  Dataset: (item, pc) =>
    [
      para(item.description, pc, "lead"),
      dateLine(item, pc),
      facts(
        [
          ["publisher", refLink(item.publisher, pc)],
          ["keywords", keywordsHtml(item.keywords, pc)],
          ["themes", item.themes.map((t) => iriLink(t)).join("<br>")],
          ["license", item.license ? iriLink(item.license) : undefined],
          ["accessRights", item.accessRights ? iriLink(item.accessRights) : undefined],
          ["languages", item.languages?.map((l) => iriLink(l)).join("<br>")],
          ["policyAreas", links(item.policyAreas, pc)],
        ],
        pc,
      ),
      section(
        "distributions",
        cards(
          (item.distributions ?? [])
            .map((r) => docOf(r, pc.site))
            .filter((d): d is SiteDocument => d !== undefined)
            .map((d) =>
              card(
                d,
                pc,
                d.item.type === "Distribution"
                  ? `<p>${iriLink(siteUrl(d.item.downloadUrl ?? d.item.accessUrl, pc), `${label(d.item.downloadUrl ? "download" : "access", pc.lang)} (${d.item.mediaType})`)}</p>`
                  : "",
              ),
            ),
        ),
        pc,
      ),
      item.contactPoint ? section("contact", contactOf(item.contactPoint, pc), pc) : "",
      relatedSection(pc, new Set([...(item.distributions ?? []), ...(item.policyAreas ?? [])])),
    ].join(""),

  Distribution: (item, pc) =>
    [
      para(item.description, pc, "lead"),
      facts(
        [
          ["download", item.downloadUrl ? iriLink(siteUrl(item.downloadUrl, pc)) : undefined],
          ["access", iriLink(siteUrl(item.accessUrl, pc))],
          ["mediaType", escapeHtml(item.mediaType)],
          ["format", item.format ? iriLink(item.format) : undefined],
          ["license", item.license ? iriLink(item.license) : undefined],
          ["servesDatasets", item.accessService ? refLink(item.accessService, pc) : undefined],
        ],
        pc,
      ),
      relatedSection(pc, new Set(item.accessService ? [item.accessService] : [])),
    ].join(""),

  DataService: (item, pc) =>
    [
      para(item.description, pc, "lead"),
      facts(
        [
          ["endpoint", iriLink(siteUrl(item.endpointUrl, pc))],
          [
            "endpointDescription",
            item.endpointDescription ? iriLink(siteUrl(item.endpointDescription, pc)) : undefined,
          ],
          ["servesDatasets", links(item.servesDatasets, pc)],
          ["conformsTo", item.conformsTo?.map((c) => iriLink(c)).join("<br>")],
          ["publisher", refLink(item.publisher, pc)],
          ["license", item.license ? iriLink(item.license) : undefined],
        ],
        pc,
      ),
      item.contactPoint ? section("contact", contactOf(item.contactPoint, pc), pc) : "",
      relatedSection(pc, new Set(item.servesDatasets ?? [])),
    ].join(""),
};

function contactOf(ref: string, pc: PageContext): string {
  const d = docOf(ref, pc.site);
  if (d?.item.type !== "ContactPoint") return `<p>${refLink(ref, pc)}</p>`;
  return `<h3>${title(d, pc)}</h3>${contactFacts(d.item, pc)}`;
}

function keywordsHtml(keywords: LangStringList | undefined, pc: PageContext): string | undefined {
  if (!keywords) return undefined;
  const lang = (keywords[pc.lang] ? pc.lang : (["nb", "nn", "en"] as const).find((l) => keywords[l])) as
    | Language
    | undefined;
  const words = lang ? keywords[lang] : undefined;
  if (!lang || !words) return undefined;
  const html = words.map(escapeHtml).join(", ");
  return lang === pc.lang ? html : `<span lang="${lang}">${html}</span>`;
}

/** The body of a document's page (below its `<h1>`), from the renderer registered for its content type. */
export function pageBodyHtml(pc: PageContext): string {
  const render = PAGE_BODIES[pc.doc.item.type] as Body<ContentType>;
  return render(pc.doc.item as never, pc);
}
