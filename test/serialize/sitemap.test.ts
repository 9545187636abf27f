import { beforeAll, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import {
  pageLastModified,
  sitemapChunks,
  sitemapPages,
  writeRobotsTxt,
  writeSitemap,
} from "../../src/serialize/sitemap.js";
import { createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

let items: ContentItem[];
let site: Site;
beforeAll(async () => {
  items = await seedItems();
  site = createSite(items, { baseIri: "https://data.example.gov/lod/" });
});

describe("serialize/sitemap", () => {
  it("lists every document's HTML page and the catalog, each with lastmod", () => {
    const xml = writeSitemap(site);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
      ),
    ).toBe(true);
    const blocks = [...xml.matchAll(/<url>.*?<\/url>/g)];
    const urls = [
      ...xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod>(?:<xhtml:link [^>]+\/>)*<\/url>/g),
    ];
    expect(urls).toHaveLength(blocks.length);
    expect(urls.length).toBeGreaterThanOrEqual(site.documents.size + 1);
    const locs = urls.map((m) => m[1]);
    for (const d of site.documents.values()) expect(locs).toContain(`${d.documentIri}.html`);
    expect(locs).toContain("https://data.example.gov/lod/catalog.html");
    for (const m of urls) expect(m[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("is written in pieces of 128 pages whose concatenation is the whole sitemap", () => {
    const pages = sitemapPages(site);
    // 300 pages: three pieces of pages between the opening and the closing.
    const many = Array.from({ length: 300 }, (_, i) => pages[i % pages.length] as (typeof pages)[number]);
    const pieces = [...sitemapChunks(site, many)];
    expect(pieces).toHaveLength(5);
    expect(pieces.join("")).toBe(writeSitemap(site, many));
    expect(pieces[1]?.match(/<url>/g)).toHaveLength(128);
    expect(pieces.at(-1)).toBe("</urlset>\n");
    expect([...sitemapChunks(site, [])].join("")).toBe(writeSitemap(site, []));
    expect(writeSitemap(site, [])).toMatch(/<urlset [^>]+>\n<\/urlset>\n$/);
  });

  it("dates a page by the newest content it shows", () => {
    const pa = site.documents.get("policy-area/regional-og-distriktspolitikk");
    // The policy area has no date of its own; its newest news item is from 30.06.2021 (+02:00).
    expect(pa && pageLastModified(pa, site)?.toISOString()).toBe("2021-06-29T22:00:00.000Z");
    const news = site.documents.get("news/regionale-utviklingstrekk-2021");
    expect(news && pageLastModified(news, site)?.toISOString()).toBe("2021-05-04T22:00:00.000Z");
    const undated = createSite(items.filter((i) => i.type !== "NewsItem"));
    const cp = undated.documents.get("contact-point/regionalpolitisk-avdeling");
    expect(cp && pageLastModified(cp, undated)).toBe(undated.lastModified);
  });

  it("links the language versions of a page with hreflang", () => {
    const bilingual = createSite(
      items.map((i) =>
        i.type === "PolicyArea" ? { ...i, title: { ...i.title, en: "Regional and district policy" } } : i,
      ),
    );
    const xml = writeSitemap(bilingual);
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(xml).toContain(
      "<loc>http://localhost:3000/doc/policy-area/regional-og-distriktspolitikk.en.html</loc>",
    );
    expect(xml).toContain(
      '<xhtml:link rel="alternate" hreflang="en" href="http://localhost:3000/doc/policy-area/regional-og-distriktspolitikk.en.html"/>',
    );
    // Made as written, without a list of the pages, it is the same text as from the list.
    expect(writeSitemap(bilingual)).toBe(writeSitemap(bilingual, sitemapPages(bilingual)));
    expect(writeSitemap(site)).toBe(writeSitemap(site, sitemapPages(site)));
    const pa = sitemapPages(bilingual).filter((p) => p.loc.includes("/policy-area/"));
    expect(pa.map((p) => p.languages?.map((l) => l.language))).toEqual([
      ["nb", "en"],
      ["nb", "en"],
    ]);
  });

  it("escapes URLs for XML", () => {
    expect(writeSitemap(site, [{ loc: "https://x.no/?a=1&b=<2>" }])).toContain(
      "<loc>https://x.no/?a=1&#38;b=&#60;2&#62;</loc>",
    );
    expect(writeSitemap(site, [])).toContain(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>',
    );
  });

  it("writes robots.txt that allows crawling and points to the sitemap", () => {
    expect(writeRobotsTxt(site)).toBe(
      "User-agent: *\nAllow: /\n\nSitemap: https://data.example.gov/lod/sitemap.xml\n",
    );
  });
});
