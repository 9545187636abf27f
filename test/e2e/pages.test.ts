import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Quad } from "@rdfjs/types";
import express from "express";
import { DataFactory, Parser, Store } from "n3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLodRouter } from "../../src/http/index.js";
import type { ContentItem } from "../../src/model/index.js";
import { HTML_CONTENT_SECURITY_POLICY } from "../../src/serialize/html-style.js";
import { createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { expectedEmbeddedGraph, quadsOfficial } from "../helpers/schema-org.js";
import { seedItems } from "../helpers/seed.js";
import { hasProgram, needs } from "../helpers/system.js";

const CHROMIUM = "/usr/bin/chromium";
const available = hasProgram(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL("../../artifacts", import.meta.url));

const S = "http://schema.org/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
const HOSTILE = "</script><script>window.pwned=1</script>";
const { namedNode, literal, quad } = DataFactory;

// Browser globals used inside page.evaluate callbacks; this file is type-checked without the DOM library.
interface BrowserElement {
  readonly tagName: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
declare const document: {
  readonly title: string;
  readonly documentElement: { readonly lang: string; readonly scrollWidth: number };
  querySelectorAll(selector: string): Iterable<BrowserElement> & { readonly length: number };
  querySelector(selector: string): BrowserElement | null;
};
declare const window: { readonly innerWidth: number; readonly pwned?: number };
declare function getComputedStyle(element: never): { readonly marginTop: string };

/** A news item whose headline tries to end the JSON-LD script and run its own. */
function hostileNews(): ContentItem {
  return {
    type: "NewsItem",
    slug: "hostile-headline",
    title: { nb: `Overskrift ${HOSTILE} & <b>fet</b>` },
    description: { nb: `Beskrivelse med ${HOSTILE} og \u2028 linjeskift.` },
    published: "2021-07-01T12:00:00+02:00",
    publisher: "organization/kommunal-og-moderniseringsdepartementet",
    policyAreas: ["policy-area/regional-og-distriktspolitikk"],
  } as ContentItem;
}

/** Serves a site with the linked-data router on an ephemeral loopback port; the base IRI is that address. */
async function serve(items: readonly ContentItem[]): Promise<{ server: Server; site: Site; base: string }> {
  const app = express();
  // The strictest policy the pages are meant to live under: only the hashed inline stylesheet, no scripts.
  app.use((_req, res, next) => {
    res.set("Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY);
    next();
  });
  let router: express.Router | undefined;
  app.use((req, res, next) => (router ? router(req, res, next) : next()));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const site = createSite(items, { baseIri: base });
  router = createLodRouter({ site, compress: false });
  return { server, site, base };
}

describe.skipIf(!available)(needs("chromium", available, "e2e: HTML pages in headless Chromium"), () => {
  let server: Server;
  let site: Site;
  let base: string;
  /** The seed plus a hostile news item, on a second server, so the seed's pages stay clean for screenshots. */
  let hostile: { server: Server; site: Site; base: string };
  let context: BrowserContext;
  let profile: string;
  /** The Turtle the server sends for each document, parsed. */
  const turtle = new Map<string, Quad[]>();
  /** thing IRI → document ref, from the served Turtle (`<doc> schema:mainEntity <thing>`). */
  const thingOf = new Map<string, string>();

  beforeAll(async () => {
    const seed = await seedItems();
    ({ server, site, base } = await serve(seed));
    hostile = await serve([...seed, hostileNews()]);

    for (const d of site.documents.values()) {
      const res = await fetch(`${d.documentIri}.ttl`);
      expect(res.status, d.ref).toBe(200);
      const quads = new Parser({ format: "text/turtle", baseIRI: d.documentIri }).parse(await res.text());
      turtle.set(d.ref, quads);
      const topic = quads.find(
        (q) => q.subject.value === d.documentIri && q.predicate.value === `${S}mainEntity`,
      );
      if (topic) thingOf.set(topic.object.value, d.ref);
    }

    const { chromium } = await import("playwright-core");
    profile = mkdtempSync(join(tmpdir(), "govlod-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    for (const s of [server, hostile?.server])
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page and fails on script errors; returns the page. */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // CSP violations (a blocked stylesheet) and failed loads are reported as console errors.
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const res = await page.goto(url, { waitUntil: "load" });
    expect(res?.status(), url).toBe(200);
    expect(res?.headers()["content-type"], url).toMatch(/^text\/html/);
    return { page, errors };
  }

  /** Every JSON-LD block of the page, parsed by the browser's JSON.parse. */
  async function jsonLdOf(page: Page): Promise<unknown[]> {
    return page.$$eval('script[type="application/ld+json"]', (scripts) =>
      scripts.map((s) => JSON.parse(s.textContent ?? "")),
    );
  }

  /** The graph of every JSON-LD block of the page (official schema.org context, nothing fetched). */
  async function graphOf(page: Page): Promise<Quad[]> {
    const out: Quad[] = [];
    for (const json of await jsonLdOf(page)) out.push(...(await quadsOfficial(json)));
    return out;
  }

  /**
   * What the page's JSON-LD must be: the schema.org part of the document's Turtle, plus from the Turtle of each
   * document it links to (s p o, p ≠ rdf:type, o that document's thing) the triples about o and o#… for
   * contactPoint/distribution, else o's type, name, alternateName, headline and url; plus the BreadcrumbList of
   * the breadcrumbs the page shows.
   */
  async function expectedGraph(ref: string, page: Page, pageUrl: string): Promise<Quad[]> {
    const out = expectedEmbeddedGraph(ref, turtle, thingOf);
    const crumbs = await page.$$eval("nav.crumbs a", (as) =>
      as.map((a) => ({ href: (a as unknown as { href: string }).href, text: a.textContent ?? "" })),
    );
    if (crumbs.length >= 2) {
      const list = namedNode(`${pageUrl}#breadcrumb`);
      out.push(quad(list, namedNode(RDF_TYPE), namedNode(`${S}BreadcrumbList`)));
      crumbs.forEach((c, i) => {
        const li = namedNode(`${pageUrl}#breadcrumb-${i + 1}`);
        out.push(
          quad(list, namedNode(`${S}itemListElement`), li),
          quad(li, namedNode(RDF_TYPE), namedNode(`${S}ListItem`)),
          quad(li, namedNode(`${S}position`), literal(String(i + 1), namedNode(XSD_INTEGER))),
          quad(li, namedNode(`${S}name`), literal(c.text)),
          quad(li, namedNode(`${S}item`), namedNode(c.href)),
        );
      });
    }
    return out;
  }

  it("renders every page, accessible, with JSON-LD that is the same graph as the document's Turtle", async () => {
    const internal = new Set<string>();
    for (const d of site.documents.values()) {
      const url = `${d.documentIri}.html`;
      const { page, errors } = await open(url);
      try {
        const facts = await page.evaluate(() => {
          const headings = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) =>
            Number(h.tagName[1]),
          );
          const skips = headings.filter((h, i) => i > 0 && h > (headings[i - 1] as number) + 1);
          return {
            lang: document.documentElement.lang,
            title: document.title,
            h1: [...document.querySelectorAll("h1")].map((h) => h.textContent),
            firstHeading: headings[0],
            skips: skips.length,
            banner: document.querySelectorAll("body > header").length,
            main: document.querySelectorAll("main").length,
            contentinfo: document.querySelectorAll("body > footer").length,
            navLabelled: [...document.querySelectorAll("nav")].every((n) => n.getAttribute("aria-label")),
            imagesWithoutAlt: [...document.querySelectorAll("img")].filter((i) => !i.hasAttribute("alt"))
              .length,
            viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content"),
            alternates: [...document.querySelectorAll('link[rel="alternate"]')].map((l) =>
              l.getAttribute("type"),
            ),
            links: [...document.querySelectorAll("main a[href]")].map(
              (a) => (a as unknown as { href: string }).href,
            ),
            // The inline stylesheet applied (its CSP hash matched): body margin is 0, not the browser's 8px.
            styled: getComputedStyle(document.querySelector("body") as never).marginTop === "0px",
          };
        });
        expect(facts.lang, d.ref).toBe("nb");
        // An official document's heading starts with its number ("NOU 2020: 15 Det handler om Norge").
        const number = d.item.type === "Report" && d.item.reportNumber ? `${d.item.reportNumber} ` : "";
        expect(facts.h1, d.ref).toEqual([number + (d.item.title as { nb: string }).nb]);
        expect(facts.firstHeading, d.ref).toBe(1);
        expect(facts.skips, d.ref).toBe(0);
        expect([facts.banner, facts.main, facts.contentinfo], d.ref).toEqual([1, 1, 1]);
        expect(facts.navLabelled, d.ref).toBe(true);
        expect(facts.imagesWithoutAlt, d.ref).toBe(0);
        expect(facts.viewport).toContain("width=device-width");
        expect(facts.styled, d.ref).toBe(true);
        for (const link of facts.links) if (link.startsWith(base)) internal.add(link);
        // Every page links to at least one related resource's page.
        expect(
          facts.links.filter((l) => l.startsWith(`${base}doc/`) && !l.startsWith(d.documentIri)).length,
          d.ref,
        ).toBeGreaterThan(0);
        expect(facts.alternates, d.ref).toEqual(
          expect.arrayContaining([
            "text/turtle",
            "application/ld+json",
            "application/n-triples",
            "application/n-quads",
          ]),
        );
        expectSameGraph(await graphOf(page), await expectedGraph(d.ref, page, url));
        expect(errors, d.ref).toEqual([]);
      } finally {
        await page.close();
      }
    }
    // Every link between the pages resolves (and every other link into the site: dumps, endpoints), except the
    // linked-data API's endpoint URL, the site root, which the router does not answer (yet).
    internal.delete(base);
    expect(internal.size).toBeGreaterThan(site.documents.size);
    for (const link of internal)
      expect((await fetch(link, { headers: { accept: "text/html" } })).status, link).toBe(200);
  }, 240_000);

  it("keeps a headline with </script><script> as text: nothing runs, the text shows, the JSON-LD holds it", async () => {
    const { page, errors } = await open(`${hostile.base}doc/news/hostile-headline.html`);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(await page.locator("h1").textContent()).toBe(`Overskrift ${HOSTILE} & <b>fet</b>`);
    expect(await page.locator("h1 b").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(2);
    const graph = await graphOf(page);
    expect(
      graph.some(
        (q) =>
          q.predicate.value === `${S}headline` && q.object.value === `Overskrift ${HOSTILE} & <b>fet</b>`,
      ),
    ).toBe(true);
    expect(
      graph.some((q) => q.predicate.value === `${S}description` && q.object.value.includes("\u2028")),
    ).toBe(true);
    // It is listed, as text, on the policy area's page too.
    const pa = await open(`${hostile.base}doc/policy-area/regional-og-distriktspolitikk.html`);
    expect(await pa.page.evaluate(() => window.pwned)).toBeUndefined();
    expect(await pa.page.getByText(HOSTILE, { exact: false }).count()).toBeGreaterThan(0);
    expect([...errors, ...pa.errors]).toEqual([]);
    await page.close();
    await pa.page.close();
  });

  it("carries Google's required and recommended properties for each type, and no invented values", async () => {
    const store = new Store();
    const pages = [
      "news/regionale-utviklingstrekk-2021",
      "news/kommunal-kompensasjonsordning-for-lokale-virksomheter",
      "organization/regionalpolitisk-avdeling",
      "organization/kommunal-og-moderniseringsdepartementet",
      "document/nou-2020-15",
      "report/regionale-utviklingstrekk-2021",
      "dataset/regional-og-distriktspolitikk",
      "policy-area/regional-og-distriktspolitikk",
    ];
    const graphs = new Map<string, Store>();
    for (const ref of pages) {
      const { page } = await open(`${base}doc/${ref}.html`);
      const g = new Store(await graphOf(page));
      graphs.set(ref, g);
      store.addQuads(g.getQuads(null, null, null, null));
      await page.close();
    }
    const p = (local: string) => namedNode(S + local);
    const of = (g: Store, s: Quad["subject"] | Quad["object"] | string, local: string) =>
      g.getObjects(typeof s === "string" ? namedNode(s) : (s as Quad["subject"]), p(local), null);
    const ofType = (g: Store, local: string) => g.getSubjects(namedNode(RDF_TYPE), p(local), null);
    const shortfalls: string[] = [];
    const need = (ok: boolean, what: string) => {
      if (!ok) shortfalls.push(what);
    };

    // NewsArticle: headline, datePublished/dateModified ISO 8601 with zone, author Organization with name and url, image, publisher.
    for (const ref of pages.filter((r) => r.startsWith("news/"))) {
      const g = graphs.get(ref) as Store;
      const [article] = ofType(g, "NewsArticle");
      expect(article, ref).toBeDefined();
      if (!article) continue;
      expect(of(g, article, "headline")[0]?.value.length).toBeGreaterThan(0);
      for (const date of [...of(g, article, "datePublished"), ...of(g, article, "dateModified")])
        expect(date.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/);
      expect(of(g, article, "datePublished")).toHaveLength(1);
      need(of(g, article, "dateModified").length > 0, `${ref}: NewsArticle.dateModified`);
      for (const key of ["author", "publisher"]) {
        const agents = of(g, article, key);
        expect(agents.length, `${ref} ${key}`).toBeGreaterThan(0);
        for (const a of agents) {
          const types = g.getObjects(a, namedNode(RDF_TYPE), null).map((t) => t.value);
          expect(types.some((t) => t === `${S}Organization` || t === `${S}GovernmentOrganization`)).toBe(
            true,
          );
          expect(of(g, a, "name").length, `${ref} ${key} name`).toBeGreaterThan(0);
          if (key === "author") need(of(g, a, "url").length > 0, `${ref}: NewsArticle.author.url`);
        }
      }
      const images = of(g, article, "image");
      expect(images.length, `${ref} image`).toBe(1);
      for (const img of images)
        need(of(g, img, "url").length + of(g, img, "contentUrl").length > 0, `${ref}: NewsArticle.image url`);
    }

    // GovernmentOrganization: name, url, address (PostalAddress with addressCountry), contactPoint with +47 telephone, parentOrganization.
    {
      const g = graphs.get("organization/regionalpolitisk-avdeling") as Store;
      const unit = namedNode(`${base}id/organization/regionalpolitisk-avdeling`);
      expect(g.getObjects(unit, namedNode(RDF_TYPE), null).map((t) => t.value)).toContain(
        `${S}GovernmentOrganization`,
      );
      expect(of(g, unit, "name").length).toBe(1);
      const [parent] = of(g, unit, "parentOrganization");
      expect(parent && of(g, parent, "name").length).toBe(1);
      const [cp] = of(g, unit, "contactPoint");
      expect(cp).toBeDefined();
      if (cp) {
        expect(of(g, cp, "telephone").map((t) => t.value)).toEqual(["+47 22 24 70 01"]);
        const [address] = of(g, cp, "address");
        expect(address && g.getObjects(address, namedNode(RDF_TYPE), null).map((t) => t.value)).toEqual([
          `${S}PostalAddress`,
        ]);
        expect(address && of(g, address, "addressCountry").map((t) => t.value)).toEqual(["NO"]);
      }
      need(
        of(g, unit, "url").length > 0,
        "organization/regionalpolitisk-avdeling: GovernmentOrganization.url",
      );
      need(
        of(g, unit, "address").length > 0,
        "organization/regionalpolitisk-avdeling: GovernmentOrganization.address (it is on its contactPoint)",
      );
      const m = graphs.get("organization/kommunal-og-moderniseringsdepartementet") as Store;
      const ministry = namedNode(
        "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/972417858",
      );
      expect(of(m, ministry, "name").length).toBe(1);
      expect(of(m, ministry, "identifier").map((t) => t.value)).toEqual(["972417858"]);
      need(
        of(m, ministry, "url").length > 0,
        "organization/kommunal-og-moderniseringsdepartementet: GovernmentOrganization.url",
      );
    }

    // BreadcrumbList on every page below the home: ListItems with position 1..n, name and item.
    for (const [ref, g] of graphs) {
      const [list] = ofType(g, "BreadcrumbList");
      expect(list, ref).toBeDefined();
      if (!list) continue;
      const items = of(g, list, "itemListElement");
      expect(items.length, ref).toBeGreaterThanOrEqual(2);
      const positions = items.map((li) => Number(of(g, li, "position")[0]?.value)).sort((a, b) => a - b);
      expect(positions).toEqual(items.map((_, i) => i + 1));
      for (const li of items) {
        expect(of(g, li, "name").length).toBe(1);
        expect(of(g, li, "item")[0]?.value).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/doc\//);
      }
    }

    // Report: name, reportNumber, isPartOf its series, author with name.
    {
      const g = graphs.get("document/nou-2020-15") as Store;
      const [report] = ofType(g, "Report");
      expect(report).toBeDefined();
      if (report) {
        expect(of(g, report, "name").length).toBe(1);
        expect(of(g, report, "reportNumber").map((t) => t.value)).toEqual(["NOU 2020: 15"]);
        expect(of(g, report, "isPartOf").length).toBe(1);
        const [author] = of(g, report, "author");
        expect(author && of(g, author, "name").map((t) => t.value)).toEqual(["Distriktsdemografiutvalget"]);
        need(of(g, report, "datePublished").length > 0, "document/nou-2020-15: Report.datePublished");
      }
    }

    // Dataset: name, description of 50–5000 characters, distribution with contentUrl; license, keywords recommended.
    {
      const g = graphs.get("dataset/regional-og-distriktspolitikk") as Store;
      const [dataset] = ofType(g, "Dataset");
      expect(dataset).toBeDefined();
      if (dataset) {
        expect(of(g, dataset, "name").length).toBe(1);
        const description = of(g, dataset, "description")[0]?.value ?? "";
        expect(description.length).toBeGreaterThanOrEqual(50);
        expect(description.length).toBeLessThanOrEqual(5000);
        const distributions = of(g, dataset, "distribution");
        expect(distributions.length).toBeGreaterThan(0);
        for (const dist of distributions) {
          expect(of(g, dist, "contentUrl")[0]?.value).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dump\./);
          expect(of(g, dist, "encodingFormat").length).toBe(1);
        }
        expect(of(g, dataset, "license").length).toBe(1);
        expect(of(g, dataset, "keywords").length).toBeGreaterThan(0);
        // Recommended: its identifier, and that it is free (its access rights are public).
        expect(of(g, dataset, "identifier").map((t) => t.value)).toEqual([dataset.value]);
        expect(of(g, dataset, "isAccessibleForFree").map((t) => t.value)).toEqual(["true"]);
        need(of(g, dataset, "creator").length > 0, "dataset/regional-og-distriktspolitikk: Dataset.creator");
      }
    }

    // CollectionPage for the policy area: about and mainEntity the DefinedTerm, with name and description.
    {
      const g = graphs.get("policy-area/regional-og-distriktspolitikk") as Store;
      const [collection] = ofType(g, "CollectionPage");
      expect(collection?.value).toBe(`${base}doc/policy-area/regional-og-distriktspolitikk`);
      if (collection) {
        const [term] = of(g, collection, "mainEntity");
        expect(of(g, collection, "about").map((t) => t.value)).toEqual([term?.value]);
        expect(term && g.getObjects(term, namedNode(RDF_TYPE), null).map((t) => t.value)).toEqual([
          `${S}DefinedTerm`,
        ]);
        expect(term && of(g, term, "name").length).toBe(1);
        expect(term && of(g, term, "description").length).toBe(1);
        // The goal sentence reaches the JSON-LD too (DESIGN §1).
        expect(term && of(g, term, "disambiguatingDescription").map((t) => t.value)).toEqual([
          expect.stringMatching(/^Målet med regional- og distriktspolitikken er regional balanse/),
        ]);
      }
    }

    // What Google would like but the seed does not say is left out, not invented; the list is known and stable.
    expect(shortfalls.sort()).toEqual(
      [
        "news/regionale-utviklingstrekk-2021: NewsArticle.dateModified",
        "news/regionale-utviklingstrekk-2021: NewsArticle.author.url",
        "news/regionale-utviklingstrekk-2021: NewsArticle.image url",
        "news/kommunal-kompensasjonsordning-for-lokale-virksomheter: NewsArticle.dateModified",
        "news/kommunal-kompensasjonsordning-for-lokale-virksomheter: NewsArticle.author.url",
        "news/kommunal-kompensasjonsordning-for-lokale-virksomheter: NewsArticle.image url",
        "organization/regionalpolitisk-avdeling: GovernmentOrganization.url",
        "organization/regionalpolitisk-avdeling: GovernmentOrganization.address (it is on its contactPoint)",
        "organization/kommunal-og-moderniseringsdepartementet: GovernmentOrganization.url",
        "document/nou-2020-15: Report.datePublished",
        "dataset/regional-og-distriktspolitikk: Dataset.creator",
      ].sort(),
    );
  });

  it("reads like the seed page on the policy area, on desktop and phone, and saves a screenshot", async () => {
    const { page } = await open(`${base}doc/policy-area/regional-og-distriktspolitikk.html`);
    const sections = await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent));
    expect(sections.slice(0, 6)).toEqual([
      "Strategier",
      "Råd og utvalg",
      "Rapporter og råd",
      "Aktuelt nå",
      "Dokumenter",
      "Kontakt",
    ]);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const fact of [
      "Målet med regional- og distriktspolitikken er regional balanse",
      "Strategier for småbyer, kyst, fjell og innland",
      "Distriktspolitisk strategi for kyst",
      "Ungdommens distriktspanel",
      "Regionale utviklingstrekk 2021",
      "05.05.2021",
      "30.06.2021",
      "NOU 2020: 15 Det handler om Norge",
      "NOU 2020: 12 Næringslivets betydning for levende og bærekraftige lokalsamfunn",
      "+47 22 24 70 01",
      "Postboks 8112 Dep.",
      "Akersgata 59",
    ])
      expect(text).toContain(fact);
    // Links between related resources, each one resolving to a page.
    const hrefs = await page.$$eval("main a[href]", (as) => [
      ...new Set(as.map((a) => (a as unknown as { href: string }).href)),
    ]);
    for (const kind of ["strategy", "report", "news", "document", "contact-point", "organization"])
      expect(
        hrefs.some((h) => h.includes(`/doc/${kind}/`)),
        kind,
      ).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "policy-area-desktop.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, "policy-area-phone.png"), fullPage: true });
    await page.close();
    writeFileSync(
      join(ARTIFACTS, "README.txt"),
      "Screenshots written by test/e2e/pages.test.ts; not committed.\n",
    );
  });

  it("lists every HTML page in /sitemap.xml with lastmod, and robots.txt points to it", async () => {
    const robots = await (await fetch(`${base}robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${base}sitemap.xml`);
    const { page } = await open(`${base}doc/news/regionale-utviklingstrekk-2021.html`);
    const res = await page.request.get(`${base}sitemap.xml`);
    expect(res.status()).toBe(200);
    const xml = await res.text();
    const urls = [...xml.matchAll(/<url>(.*?)<\/url>/g)].map((m) => m[1] as string);
    const locs = urls.map((u) => /<loc>([^<]+)<\/loc>/.exec(u)?.[1]);
    for (const d of site.documents.values()) expect(locs, d.ref).toContain(`${d.documentIri}.html`);
    for (const u of urls)
      expect(u).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z<\/lastmod>/);
    await page.close();
  });
});
