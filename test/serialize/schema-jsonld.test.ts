import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser } from "n3";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import {
  escapeJsonForScript,
  schemaGraphOf,
  toJsonLd,
  toJsonLdScript,
} from "../../src/serialize/schema-jsonld.js";
import { writeTurtle } from "../../src/serialize/turtle.js";
import { createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { expectedEmbeddedGraph, quadsOfficial } from "../helpers/schema-org.js";
import { seedItems } from "../helpers/seed.js";

const S = "http://schema.org/";

/**
 * The "same graph" requirement, computed from each document's TURTLE only: the schema.org part of the
 * document, plus for each of its links (s p o), p ≠ rdf:type, to the thing o of another document, that
 * document's schema.org triples about o and o#… (contactPoint, distribution) or o's type, name,
 * alternateName, headline and url (any other link).
 */
function expectedFromTurtle(site: Site, ref: string): Quad[] {
  const turtleOf = new Map<string, Quad[]>();
  const thingOf = new Map<string, string>();
  for (const d of site.documents.values()) {
    const quads = new Parser({ format: "text/turtle" }).parse(writeTurtle(d.quads));
    turtleOf.set(d.ref, quads);
    const topic = quads.find(
      (q) => q.subject.value === d.documentIri && q.predicate.value === `${S}mainEntity`,
    );
    if (topic) thingOf.set(topic.object.value, d.ref);
  }
  return expectedEmbeddedGraph(ref, turtleOf, thingOf);
}

let site: Site;
let items: ContentItem[];
beforeAll(async () => {
  items = await seedItems();
  site = createSite(items);
});

describe("serialize/schema-jsonld", () => {
  it("expands (official context) to the schema.org part of each document's Turtle plus the embedded nodes", async () => {
    for (const doc of site.documents.values()) {
      const parsed = await quadsOfficial(toJsonLd(doc.item, site));
      expectSameGraph(parsed, expectedFromTurtle(site, doc.ref));
      expectSameGraph(parsed, schemaGraphOf(doc, site));
    }
  });

  it("uses the schema.org context URL, plain ISO dates with their time zone and plain URLs", () => {
    const json = toJsonLd(
      site.documents.get("news/regionale-utviklingstrekk-2021")?.item as ContentItem,
      site,
    );
    expect(json["@context"]).toBe("https://schema.org");
    const graph = json["@graph"] as Record<string, unknown>[];
    const article = graph[0] as Record<string, unknown>;
    expect(article["@type"]).toBe("NewsArticle");
    expect(article.datePublished).toBe("2021-05-05T00:00:00+02:00");
    expect(article.headline).toEqual({ "@value": "Regionale utviklingstrekk 2021", "@language": "nb" });
    expect(article.author).toMatchObject({
      "@type": "GovernmentOrganization",
      name: { "@value": "Kommunal- og moderniseringsdepartementet" },
    });
    expect(graph[1]).toMatchObject({ "@type": "WebPage", mainEntity: { "@id": article["@id"] } });
    const dataset = toJsonLd(
      site.documents.get("dataset/regional-og-distriktspolitikk")?.item as ContentItem,
      site,
    );
    const first = (dataset["@graph"] as Record<string, unknown>[])[0] as Record<string, unknown>;
    const distribution = (first.distribution as Record<string, unknown>[])[0];
    expect(distribution?.contentUrl).toMatch(/^http:\/\/localhost:3000\/dump\.(nq|ttl)$/);
  });

  it("never writes blank nodes", async () => {
    for (const doc of site.documents.values()) {
      const parsed = await quadsOfficial(toJsonLd(doc.item, site));
      expect(
        parsed.filter((q) => q.subject.termType === "BlankNode" || q.object.termType === "BlankNode"),
      ).toEqual([]);
    }
  });

  it("maps an item that is not (or no longer) the site's copy against the site's references", async () => {
    const original = site.documents.get("news/regionale-utviklingstrekk-2021")?.item as ContentItem & {
      type: "NewsItem";
    };
    const edited = { ...original, title: { nb: "Ny tittel" } };
    const parsed = await quadsOfficial(toJsonLd(edited, site));
    const thing = DataFactory.namedNode("http://localhost:3000/id/news/regionale-utviklingstrekk-2021");
    expect(
      parsed
        .filter((q) => q.subject.equals(thing) && q.predicate.value === `${S}headline`)
        .map((q) => q.object.value),
    ).toEqual(["Ny tittel"]);
    // The author is still embedded with its name from the site.
    expect(
      parsed.some(
        (q) =>
          q.predicate.value === `${S}name` && q.object.value === "Kommunal- og moderniseringsdepartementet",
      ),
    ).toBe(true);
  });
});

describe("serialize/schema-jsonld: script element", () => {
  it("escapes <, >, & and U+2028/U+2029 so the JSON cannot end the script", () => {
    const text = `a</script><script>window.pwned=1</script>&b\u2028c\u2029d`;
    const escaped = escapeJsonForScript(JSON.stringify({ x: text }));
    expect(escaped).not.toMatch(/[<>&\u2028\u2029]/);
    expect(escaped).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(escaped)).toEqual({ x: text });
  });

  it("wraps toJsonLd in one script element that parses back to the same JSON", async () => {
    const hostile = createSite(
      items.map((i) =>
        i.type === "NewsItem" && i.slug === "regionale-utviklingstrekk-2021"
          ? { ...i, title: { nb: "RUT </script><script>window.pwned=1</script> & <!-- \u2028" } }
          : i,
      ),
    );
    const item = hostile.documents.get("news/regionale-utviklingstrekk-2021")?.item as ContentItem;
    const script = toJsonLdScript(item, hostile);
    expect(script.startsWith('<script type="application/ld+json">')).toBe(true);
    expect(script.endsWith("</script>")).toBe(true);
    expect(script.match(/<\/?script/gi)).toHaveLength(2);
    const inner = script.slice('<script type="application/ld+json">'.length, -"</script>".length);
    expect(JSON.parse(inner)).toEqual(toJsonLd(item, hostile));
    const parsed = await quadsOfficial(JSON.parse(inner));
    expect(
      parsed.some((q) => q.object.value === "RUT </script><script>window.pwned=1</script> & <!-- \u2028"),
    ).toBe(true);
  });
});
