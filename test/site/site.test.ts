import { describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { writeNQuads } from "../../src/serialize/turtle.js";
import { createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

const BASE = { baseIri: "https://data.example.gov/" };

/** Every document's triples, in order: what a site maps to. */
const mapped = (site: Site) =>
  [...site.documents.values()].map((d) => `${d.ref}\n${writeNQuads(d.quads, { graph: d.documentIri })}`);

describe("site/createSite", () => {
  it("lists every document's triples in the documents' order, made when read and not kept", async () => {
    const site = createSite(await seedItems(), BASE);
    const all = site.quads;
    expect(all).toEqual([...site.documents.values()].flatMap((d) => d.quads));
    expect(all.length).toBeGreaterThan(100);
    // A new array each time: the documents hold the triples, the site does not hold them twice.
    expect(site.quads).not.toBe(all);
    expect(site.quads).toEqual(all);
  });
});

describe("site/createSite with the previous site", () => {
  it("keeps the document objects of unchanged items and maps the changed one again: the same site as a fresh one", async () => {
    const items = await seedItems();
    const before = createSite(items, BASE);
    const index = items.findIndex((i) => i.type === "NewsItem");
    const news = items[index] as ContentItem;
    const edited = items.map((i, n) =>
      n === index ? ({ ...news, title: { nb: "Ny tittel" } } as ContentItem) : i,
    );
    const after = createSite(edited, BASE, before);
    expect(mapped(after)).toEqual(mapped(createSite(edited, BASE)));
    const changed = [...after.documents.values()]
      .filter((d) => before.documents.get(d.ref) !== d)
      .map((d) => d.ref);
    expect(changed).toEqual([`news/${news.slug}`]);
    // Items the catalog derives (report datasets, their distributions, the catalog) are new objects each time,
    // equal ones kept by their JSON.
    expect(after.documents.get("catalog/regional-og-distriktspolitikk")).toBe(
      before.documents.get("catalog/regional-og-distriktspolitikk"),
    );
  });

  it("maps every item again when a reference resolves differently, and when the base IRI differs", async () => {
    const items = await seedItems();
    const before = createSite(items, BASE);
    // An organisation number makes the organisation's IRI the national one: every mention of it changes.
    const edited = items.map((i) =>
      i.type === "Organisation" && i.slug === "esa"
        ? ({ ...i, organisationNumber: "974760673" } as ContentItem)
        : i,
    );
    const after = createSite(edited, BASE, before);
    expect(mapped(after)).toEqual(mapped(createSite(edited, BASE)));
    expect([...after.documents.values()].some((d) => before.documents.get(d.ref) === d)).toBe(false);
    const other = createSite(items, { baseIri: "https://other.example.gov/" }, before);
    expect([...other.documents.values()].some((d) => before.documents.get(d.ref) === d)).toBe(false);
  });

  it("maps a report again when what it inherits changes (its catalog's publisher)", async () => {
    const items = await seedItems();
    const before = createSite(items, BASE);
    const catalog = items.find((i) => i.type === "Catalog") as ContentItem & { publisher: string };
    const other = items.find(
      (i) => i.type === "Organisation" && `organization/${i.slug}` !== catalog.publisher,
    );
    const edited = items.map((i) =>
      i === catalog ? ({ ...catalog, publisher: `organization/${other?.slug}` } as ContentItem) : i,
    );
    const after = createSite(edited, BASE, before);
    expect(mapped(after)).toEqual(mapped(createSite(edited, BASE)));
  });

  it("maps a news item's new date the long way: the catalog's date and the site's follow it", async () => {
    const items = await seedItems();
    const before = createSite(items, BASE);
    const index = items.findIndex((i) => i.type === "NewsItem");
    const edited = items.map((i, n) =>
      n === index ? ({ ...i, modified: "2031-01-01T00:00:00Z" } as ContentItem) : i,
    );
    const after = createSite(edited, BASE, before);
    expect(mapped(after)).toEqual(mapped(createSite(edited, BASE)));
    expect(after.lastModified?.toISOString()).toBe("2031-01-01T00:00:00.000Z");
    expect(after.documents.get("catalog/regional-og-distriktspolitikk")).not.toBe(
      before.documents.get("catalog/regional-og-distriktspolitikk"),
    );
  });

  it("after a chain of edits, each from the last version, equals a site mapped afresh", async () => {
    const items = await seedItems();
    let site = createSite(items, BASE);
    let current = [...items];
    const titles = ["én", "to", "tre"];
    for (const [n, title] of titles.entries()) {
      const index = current.findIndex((i) => i.type === (n % 2 === 0 ? "NewsItem" : "Organisation"));
      current = current.map((i, k) => (k === index ? ({ ...i, title: { nb: title } } as ContentItem) : i));
      site = createSite(current, BASE, site);
      expect(mapped(site)).toEqual(mapped(createSite(current, BASE)));
      expect(site.quads).toEqual([...site.documents.values()].flatMap((d) => d.quads));
    }
  });

  it("compares with the items the previous site was made from, even when the caller changed its list in place", async () => {
    const items = [...(await seedItems())];
    const before = createSite(items, BASE);
    const index = items.findIndex((i) => i.type === "NewsItem");
    items[index] = { ...(items[index] as ContentItem), title: { nb: "Endret i samme liste" } } as ContentItem;
    const after = createSite(items, BASE, before);
    expect(mapped(after)).toEqual(mapped(createSite(items, BASE)));
  });
});
