import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { HTML, writeHtml } from "../../src/serialize/html.js";
import { breadcrumbJsonLd, breadcrumbTrail } from "../../src/serialize/html-breadcrumbs.js";
import { HTML_STYLE_HASH, HTML_STYLESHEET } from "../../src/serialize/html-style.js";
import { escapeHtml, formatDate, isSafeHref, pageLanguage, pickText } from "../../src/serialize/html-text.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

let items: ContentItem[];
let site: Site;
beforeAll(async () => {
  items = await seedItems();
  site = createSite(items);
});

function page(ref: string, extra: Partial<Parameters<typeof writeHtml>[1]> = {}, s: Site = site): string {
  const doc = s.documents.get(ref);
  if (!doc) throw new Error(ref);
  return HTML.write(doc.quads, { baseIri: s.baseIri, site: s, document: doc, ...extra });
}

function withItem(change: (i: ContentItem) => ContentItem): Site {
  return createSite(items.map(change));
}

describe("serialize/html", () => {
  it("writes an accessible page: lang, viewport, landmarks, one h1, labelled breadcrumbs, JSON-LD", () => {
    const html = page("news/regionale-utviklingstrekk-2021");
    expect(html).toMatch(/^<!doctype html>\n<html lang="nb">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const landmark of [
      "<header>",
      '<nav class="crumbs" aria-label="Brødsmulesti">',
      '<main id="main">',
      "<footer>",
    ])
      expect(html).toContain(landmark);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain("<h1>Regionale utviklingstrekk 2021</h1>");
    expect(html).toContain('<time datetime="2021-05-05T00:00:00+02:00">05.05.2021</time>');
    expect(html.match(/<script type="application\/ld\+json">/g)).toHaveLength(2);
    expect(html).toContain('<a class="skip" href="#main">Hopp til hovedinnhold</a>');
    expect(html).toContain(
      '<link rel="canonical" href="http://localhost:3000/doc/news/regionale-utviklingstrekk-2021.html">',
    );
  });

  it("links every alternate variant in the head and the footer, with hreflang for other languages", () => {
    const html = page("report/regionale-utviklingstrekk-2021", {
      alternates: [
        {
          mediaType: "text/turtle",
          href: "http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.ttl",
        },
        {
          mediaType: "application/ld+json",
          href: "http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.jsonld",
        },
        {
          mediaType: "text/html",
          href: "http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.en.html",
          language: "en",
        },
      ],
    });
    expect(html).toContain(
      '<link rel="alternate" type="text/turtle" href="http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.ttl">',
    );
    expect(html).toContain(
      '<link rel="alternate" type="application/ld+json" href="http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.jsonld">',
    );
    expect(html).toContain(
      '<link rel="alternate" type="text/html" hreflang="en" href="http://localhost:3000/doc/report/regionale-utviklingstrekk-2021.en.html">',
    );
    expect(html).toContain('type="text/turtle">Turtle</a>');
    expect(html).toContain('hreflang="en" lang="en">English</a>');
  });

  it("makes each language version its own canonical page that lists itself and x-default among its hreflang", () => {
    const report = "http://localhost:3000/doc/report/regionale-utviklingstrekk-2021";
    const bilingual = withItem((i) =>
      i.type === "Report" && i.slug === "regionale-utviklingstrekk-2021"
        ? { ...i, title: { ...i.title, en: "Regional trends 2021" } }
        : i,
    );
    const hreflang = (html: string) =>
      [...html.matchAll(/<link rel="alternate" type="text\/html" hreflang="([^"]+)" href="([^"]+)">/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
    const nb = page(
      "report/regionale-utviklingstrekk-2021",
      { alternates: [{ mediaType: "text/html", href: `${report}.en.html`, language: "en" }] },
      bilingual,
    );
    expect(nb).toContain(`<link rel="canonical" href="${report}.html">`);
    expect(hreflang(nb)).toEqual([`en ${report}.en.html`, `nb ${report}.html`, `x-default ${report}.html`]);
    const en = page(
      "report/regionale-utviklingstrekk-2021",
      { language: "en", alternates: [{ mediaType: "text/html", href: `${report}.html`, language: "nb" }] },
      bilingual,
    );
    expect(en).toMatch(/<html lang="en">/);
    expect(en).toContain(`<link rel="canonical" href="${report}.en.html">`);
    expect(hreflang(en)).toEqual([`nb ${report}.html`, `en ${report}.en.html`, `x-default ${report}.html`]);
    // Its breadcrumbs stay in English where a page in English exists: the visible trail and its JSON-LD alike.
    const crumbs = [...en.matchAll(/<nav class="crumbs"[\s\S]*?<\/nav>/g)].map((m) => m[0]).join("");
    expect(crumbs).toContain(`href="${report}.en.html" aria-current="page"`);
    const [, list] = [...en.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
      JSON.parse(m[1] as string),
    );
    expect(list["@id"]).toBe(`${report}.en.html#breadcrumb`);
    const items = list.itemListElement as { item: { "@id": string } }[];
    expect(items.at(-1)?.item["@id"]).toBe(`${report}.en.html`);
    // The rest of the trail has no English pages: their pages in Bokmål.
    expect(
      items.slice(0, -1).every((i) => /\.html$/.test(i.item["@id"]) && !/\.en\.html$/.test(i.item["@id"])),
    ).toBe(true);
    // A page in one language only names no language versions.
    expect(hreflang(page("report/regionale-utviklingstrekk-2021"))).toEqual([]);
  });

  it("titles an official document by its number and the site's own page by its name once", () => {
    const nou = page("document/nou-2020-15");
    expect(nou).toContain("<h1>NOU 2020: 15 Det handler om Norge</h1>");
    expect(nou).toMatch(/<title>NOU 2020: 15 Det handler om Norge – /);
    const catalog = [...site.documents.values()].find((d) => d.item.type === "Catalog");
    const name = catalog?.item.title.nb ?? "";
    const whole = writeHtml(catalogQuads(site), { baseIri: site.baseIri, site });
    expect(whole).toContain(`<title>${escapeHtml(name)}</title>`);
  });

  it("escapes every text and never links an unsafe URL", () => {
    const hostile = withItem((i) =>
      i.type === "Strategy" && i.slug === "distriktspolitisk-strategi-for-kyst"
        ? {
            ...i,
            title: { nb: `Kyst</script><script>alert(1)</script>"'<img src=x onerror=alert(2)>` },
            description: { nb: "a & b <i>c</i>" },
            url: "javascript:alert(3)",
          }
        : i,
    );
    const html = page("strategy/distriktspolitisk-strategi-for-kyst", {}, hostile);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain(
      "Kyst&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&lt;img src=x onerror=alert(2)&gt;",
    );
    expect(html).toContain("a &amp; b &lt;i&gt;c&lt;/i&gt;");
    expect(html).toContain('<span class="iri">javascript:alert(3)</span>');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // The policy area lists the strategy as escaped text too.
    expect(page("policy-area/regional-og-distriktspolitikk", {}, hostile)).not.toContain("<script>alert(1)");
  });

  it("chooses the requested language when the content has it, and the content's own otherwise", () => {
    const bilingual = withItem((i) =>
      i.type === "PolicyArea"
        ? {
            ...i,
            title: { nb: i.title.nb as string, en: "Regional and district policy" },
            goal: { en: "Balance." },
          }
        : i,
    );
    const en = page("policy-area/regional-og-distriktspolitikk", { language: "en" }, bilingual);
    expect(en).toMatch(/<html lang="en">/);
    expect(en).toContain("<h1>Regional and district policy</h1>");
    expect(en).toContain("Skip to main content");
    expect(en).toContain('<h2 id="h-strategies">Strategies</h2>');
    expect(en).toContain("<strong>Goal:</strong> Balance.");
    // Texts that exist only in Norwegian are marked as such.
    expect(en).toMatch(/<p class="lead"><span lang="nb">Ulike deler av landet/);
    expect(en).toContain('<time datetime="2021-06-30T00:00:00+02:00">30 June 2021</time>');
    const nb = page("policy-area/regional-og-distriktspolitikk", { language: "nb" }, bilingual);
    expect(nb).toMatch(/<html lang="nb">/);
    expect(nb).toContain('<h2 id="h-strategies">Strategier</h2>');
    const fallback = page("policy-area/regional-og-distriktspolitikk", { language: "en" });
    expect(fallback).toMatch(/<html lang="nb">/);
    expect(fallback).toContain("Hopp til hovedinnhold");
  });

  it("lists a policy area's official documents by report number, highest first, numbers compared as numbers", () => {
    const nou = items.find((i) => i.type === "Report" && i.reportNumber === "NOU 2020: 12");
    if (nou?.type !== "Report") throw new Error("seed");
    // "NOU 2020: 9" sorts after "NOU 2020: 12" as text; as numbers it is the lowest of the three.
    const nine = { ...nou, slug: "nou-2020-9", reportNumber: "NOU 2020: 9", title: { nb: "Niende" } };
    const html = page("policy-area/regional-og-distriktspolitikk", {}, createSite([...items, nine]));
    const listed = [...html.matchAll(/>(NOU 2020: \d+) /g)].map((m) => m[1]);
    expect(listed).toEqual(["NOU 2020: 15", "NOU 2020: 12", "NOU 2020: 9"]);
  });

  it("describes a page whose item has no description by its key facts (the meta description search engines show)", () => {
    const description = (ref: string) => /<meta name="description" content="([^"]*)">/.exec(page(ref))?.[1];
    expect(description("contact-point/regionalpolitisk-avdeling")).toBe(
      "Telefon +47 22 24 70 01 · Adresse: Postboks 8112 Dep., 0032 Oslo · Besøksadresse: Akersgata 59, Oslo",
    );
    expect(description("organization/kommunal-og-moderniseringsdepartementet")).toBe(
      "Organisasjonsnummer 972417858",
    );
    expect(description("organization/regionalpolitisk-avdeling")).toBe(
      "Del av Kommunal- og moderniseringsdepartementet",
    );
    expect(description("strategy/distriktspolitisk-strategi-for-kyst")).toMatch(
      /^Politikkområde: Regional- og distriktspolitikk$/,
    );
    // An item's own description wins.
    expect(description("news/regionale-utviklingstrekk-2021")).not.toMatch(/·/);
  });

  it("still writes a sensible page without site, language or alternates", () => {
    const doc = site.documents.get("news/regionale-utviklingstrekk-2021");
    if (!doc) throw new Error("seed");
    const html = writeHtml(doc.quads, { baseIri: site.baseIri, document: doc });
    expect(html).toContain("<h1>Regionale utviklingstrekk 2021</h1>");
    expect(html).toContain('<script type="application/ld+json">');
    expect(html).not.toContain('rel="alternate"');
  });

  it("writes triples that are not one document (the catalog) as a readable page linking to the documents", () => {
    const html = writeHtml(catalogQuads(site), { baseIri: site.baseIri, site });
    expect(html).toMatch(/^<!doctype html>\n<html lang="nb">/);
    expect(html).toContain('<a href="http://localhost:3000/doc/dataset/regional-og-distriktspolitikk.html">');
    expect(html).toContain("<dt>dcat:dataset</dt>");
    expect(html).toContain("<h1>Regional- og distriktspolitikk – lenkede åpne data</h1>");
    expect(writeHtml([], { baseIri: "http://localhost:3000/" })).toContain("<h1>Utsagn</h1>");
  });

  it("publishes the stylesheet's CSP hash", () => {
    expect(HTML_STYLE_HASH).toBe(
      `sha256-${createHash("sha256").update(HTML_STYLESHEET, "utf8").digest("base64")}`,
    );
  });
});

describe("serialize/html-breadcrumbs", () => {
  const refs = (ref: string) => breadcrumbTrail(site.documents.get(ref) as never, site).map((d) => d.ref);

  it("goes from the catalog through containers and the policy area to the page", () => {
    expect(refs("news/regionale-utviklingstrekk-2021")).toEqual([
      "catalog/regional-og-distriktspolitikk",
      "policy-area/regional-og-distriktspolitikk",
      "news/regionale-utviklingstrekk-2021",
    ]);
    expect(refs("strategy/distriktspolitisk-strategi-for-kyst")).toEqual([
      "catalog/regional-og-distriktspolitikk",
      "policy-area/regional-og-distriktspolitikk",
      "strategy/strategier-for-smabyer-kyst-fjell-og-innland",
      "strategy/distriktspolitisk-strategi-for-kyst",
    ]);
    expect(refs("contact-point/regionalpolitisk-avdeling")).toEqual([
      "catalog/regional-og-distriktspolitikk",
      "organization/kommunal-og-moderniseringsdepartementet",
      "organization/regionalpolitisk-avdeling",
      "contact-point/regionalpolitisk-avdeling",
    ]);
    expect(refs("catalog/regional-og-distriktspolitikk")).toEqual(["catalog/regional-og-distriktspolitikk"]);
  });

  it("writes a BreadcrumbList with positions, names and page URLs, none for a single step", () => {
    const trail = breadcrumbTrail(site.documents.get("news/regionale-utviklingstrekk-2021") as never, site);
    const json = breadcrumbJsonLd(trail, "nb");
    expect(json).toMatchObject({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        {
          position: 1,
          item: { "@id": "http://localhost:3000/doc/catalog/regional-og-distriktspolitikk.html" },
        },
        { position: 2, name: "Regional- og distriktspolitikk" },
        { position: 3, name: "Regionale utviklingstrekk 2021" },
      ],
    });
    expect(breadcrumbJsonLd(trail.slice(0, 1), "nb")).toBeUndefined();
  });
});

describe("serialize/html-text", () => {
  it("formats dates on their own calendar day", () => {
    expect(formatDate("2021-06-30T00:00:00+02:00", "nb")).toBe("30.06.2021");
    expect(formatDate("2021-06-30T23:30:00-05:00", "en")).toBe("30 June 2021");
    expect(formatDate("2021-05-05+02:00", "nn")).toBe("05.05.2021");
  });

  it("picks text by language with Bokmål, Nynorsk, English as fallback", () => {
    expect(pickText({ nn: "nn", en: "en" }, "nb")).toEqual({ value: "nn", lang: "nn" });
    expect(pickText({ nb: "nb", en: "en" }, "en")).toEqual({ value: "en", lang: "en" });
    expect(pickText(undefined, "nb")).toBeUndefined();
    expect(pageLanguage({ nb: "x" }, "en")).toBe("nb");
    expect(pageLanguage({ nb: "x", en: "y" }, "en")).toBe("en");
    expect(pageLanguage({ en: "y" }, "de")).toBe("en");
  });

  it("allows only http, https, mailto and tel links", () => {
    for (const ok of ["https://x.no/a", "http://x", "mailto:a@b.no", "tel:+4722247001"])
      expect(isSafeHref(ok), ok).toBe(true);
    for (const bad of [
      "javascript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      'https://x/"onmouseover',
      "ftp://x",
      "https://x/a b",
      "https://x/<b>",
      "https://x/`",
      "https://x/'",
      "https://x/\u0000",
      "https://x/\u001f",
      "https://x/\u007f",
    ])
      expect(isSafeHref(bad), JSON.stringify(bad)).toBe(false);
    expect(isSafeHref("https://x/\u0080ø"), "non-ASCII is fine").toBe(true);
  });

  it("escapes the five characters that matter in HTML, and returns other text as it is", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const plain = "Regionale utviklingstrekk 2021 – æøå";
    expect(escapeHtml(plain)).toBe(plain);
  });
});
