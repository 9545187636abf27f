import type { Quad } from "@rdfjs/types";
import { Parser } from "n3";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { contentTypeOf, DEFAULT_FORMATS, RDF_FORMATS } from "../../src/serialize/formats.js";
import { titleLanguages } from "../../src/serialize/html-text.js";
import { createJsonLdContext } from "../../src/serialize/jsonld.js";
import { pageLastModified } from "../../src/serialize/sitemap.js";
import {
  languagesOf,
  renderDocumentDataTexts,
  renderSite,
  type SiteVariants,
  voidQuads,
} from "../../src/serialize/variants.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { PREFIXES } from "../../src/vocab/index.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { hasProgram, needs } from "../helpers/system.js";
import { parseFormat, parseWithRapper } from "./parsers.js";

const RAPPER = hasProgram("rapper");
const BASE = "https://data.example.gov/lod/";
const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe("serialize/variants", () => {
  let items: ContentItem[];
  let site: Site;
  let rendered: SiteVariants;
  beforeAll(async () => {
    items = await seedItems();
    site = createSite(items, { baseIri: BASE });
    rendered = renderSite(site);
  });

  it("renders every document in every format at doc/{kind}/{slug}.{ext}", () => {
    for (const d of site.documents.values()) {
      const r = rendered.byPath.get(`doc/${d.ref}`);
      expect(r?.negotiated).toBe(true);
      const [first, ...more] = titleLanguages(d.item.title);
      expect(first).toBeDefined();
      expect(r?.variants.map((v) => v.path)).toEqual([
        ...DEFAULT_FORMATS.map((f) => `doc/${d.ref}.${f.id}`),
        ...more.map((l) => `doc/${d.ref}.${l}.html`),
      ]);
      expect(r?.url).toBe(`${BASE}doc/${d.ref}`);
      for (const v of r?.variants ?? []) {
        expect(rendered.variantByPath.get(v.path)?.variant).toBe(v);
        expect(v.url).toBe(BASE + v.path);
        expect(v.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
        expect(v.contentType).toBe(
          v.format.charset ? `${v.format.mediaType}; charset=utf-8` : v.format.mediaType,
        );
      }
    }
  });

  it("renders a document's data variants from its triples alone with the bytes the whole site gives them", () => {
    for (const d of site.documents.values()) {
      const whole = rendered.byPath
        .get(`doc/${d.ref}`)
        ?.variants.filter((v) => v.format.mediaType !== "text/html");
      const alone = [
        ...renderDocumentDataTexts(
          BASE,
          { ref: d.ref, documentIri: d.documentIri, quads: d.quads },
          DEFAULT_FORMATS,
        ),
      ];
      expect(alone.map((v) => [v.path, contentTypeOf(v.format), v.pieces.join("")])).toEqual(
        whole?.map((v) => [v.path, v.contentType, text(v.body)]),
      );
    }
  });

  it("gives every RDF variant of every seed document back as the document's graph", async () => {
    for (const d of site.documents.values()) {
      for (const v of rendered.byPath.get(`doc/${d.ref}`)?.variants ?? []) {
        if (v.format.mediaType === "text/html") continue; // its embedded schema.org JSON-LD: the HTML writer's suite
        const back = await parseFormat(v.format.id, text(v.body));
        expectSameGraph(back ?? [], d.quads);
        if (v.format.id === "nq")
          expect(new Set(back?.map((q) => q.graph.value))).toEqual(new Set([d.documentIri]));
      }
    }
  });

  it("gives the HTML writer the document, its language and links to every other variant", () => {
    for (const d of site.documents.values()) {
      const variants = rendered.byPath.get(`doc/${d.ref}`)?.variants ?? [];
      const html = variants.find((v) => v.format.id === "html");
      const page = text(html?.body ?? new Uint8Array());
      expect(page).toMatch(new RegExp(`<html[^>]* lang="${html?.language}"`));
      for (const other of variants.filter((v) => v !== html)) {
        expect(page).toContain(`<link rel="alternate" type="${other.format.mediaType}"`);
        expect(page).toContain(`href="${other.url}"`);
      }
    }
  });

  it("writes JSON-LD against our published context", () => {
    const v = rendered.variantByPath.get("doc/news/regionale-utviklingstrekk-2021.jsonld")?.variant;
    expect(JSON.parse(text(v?.body ?? new Uint8Array()))["@context"]).toBe(`${BASE}context.jsonld`);
    const ctx = rendered.variantByPath.get("context.jsonld")?.variant;
    expect(JSON.parse(text(ctx?.body ?? new Uint8Array()))).toEqual({ "@context": createJsonLdContext() });
    expect(ctx?.contentType).toBe("application/ld+json");
  });

  it("is deterministic: rendering the same content again gives the same bytes and ETags", () => {
    const again = renderSite(createSite(items, { baseIri: BASE }));
    const tags = (s: SiteVariants) =>
      [...s.variantByPath.entries()].map(([p, { variant }]) => `${p} ${variant.etag}`);
    expect(tags(again)).toEqual(tags(rendered));
  });

  it("writes the same RDF whatever order the items come in", () => {
    const reversed = renderSite(createSite([...items].reverse(), { baseIri: BASE }), {
      formats: RDF_FORMATS,
    });
    for (const [path, { variant }] of reversed.variantByPath) {
      if (!/\.(?:ttl|jsonld|nt|nq|rdf)$/.test(path) || path === "context.jsonld") continue;
      expect(variant.etag, path).toBe(rendered.variantByPath.get(path)?.variant.etag);
    }
  });

  it("takes Last-Modified from the content's dates (the page's and its linked documents'), else the site's", () => {
    const news = rendered.byPath.get("doc/news/regionale-utviklingstrekk-2021");
    expect(news?.lastModified?.toISOString()).toBe("2021-05-04T22:00:00.000Z");
    // A page shows its links and backlinks, so a document changes with them: never older than its own date.
    for (const d of site.documents.values()) {
      const lastModified = rendered.byPath.get(`doc/${d.ref}`)?.lastModified;
      expect(lastModified).toEqual(pageLastModified(d, site));
      if (d.lastModified) expect(lastModified?.getTime()).toBeGreaterThanOrEqual(d.lastModified.getTime());
    }
    expect(rendered.byPath.get("dump.nq")?.lastModified).toEqual(site.lastModified);
  });

  it("makes a page per language of a resource's own title, not of the texts of things it links to", () => {
    // The SPARQL service conforms to a standard whose title is English; the service's own texts are Bokmål.
    const sparql = site.documents.get("service/sparql");
    expect(languagesOf(sparql?.quads ?? [])).toContain("en");
    const pages = (ref: string) =>
      rendered.byPath
        .get(ref)
        ?.variants.filter((v) => v.format.id === "html")
        .map((v) => [v.path, v.language]);
    expect(pages("doc/service/sparql")).toEqual([["doc/service/sparql.html", "nb"]]);
    expect(pages("catalog")).toEqual([["catalog.html", "nb"]]);
    // A title in Bokmål and English: a page in each, the English one in English.
    const news = items.find((i) => i.type === "NewsItem");
    if (news?.type !== "NewsItem") throw new Error("seed");
    const bilingual = createSite(
      items.map((i) => (i === news ? { ...news, title: { ...news.title, en: "Regional trends" } } : i)),
      { baseIri: BASE },
    );
    const variants = renderSite(bilingual).byPath.get(`doc/news/${news.slug}`)?.variants ?? [];
    const en = variants.find((v) => v.format.id === "html" && v.language === "en");
    expect(en?.path).toBe(`doc/news/${news.slug}.en.html`);
    expect(text(en?.body ?? new Uint8Array())).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it("renders the whole catalog in every format", async () => {
    const catalog = rendered.byPath.get("catalog");
    const home = [...site.documents.values()].find((d) => d.item.type === "Catalog");
    const more = titleLanguages(home?.item.title).slice(1);
    expect(catalog?.variants.map((v) => v.path)).toEqual([
      ...DEFAULT_FORMATS.map((f) => `catalog.${f.id}`),
      ...more.map((l) => `catalog.${l}.html`),
    ]);
    for (const v of catalog?.variants ?? []) {
      const back = await parseFormat(v.format.id, text(v.body));
      if (back) expectSameGraph(back, catalogQuads(site));
    }
  });

  it("dumps the site as N-Quads with one named graph per document, and as Turtle", () => {
    const nq = new Parser({ format: "application/n-quads" }).parse(
      text(rendered.variantByPath.get("dump.nq")?.variant.body ?? new Uint8Array()),
    );
    for (const d of site.documents.values())
      expectSameGraph(
        nq.filter((q) => q.graph.value === d.documentIri),
        d.quads,
      );
    expect(new Set(nq.map((q) => q.graph.value)).size).toBe(site.documents.size);
    const ttl = new Parser({ format: "text/turtle" }).parse(
      text(rendered.variantByPath.get("dump.ttl")?.variant.body ?? new Uint8Array()),
    );
    expectSameGraph(ttl, site.quads);
    expect(rendered.byPath.get("dump.nq")).toMatchObject({ negotiated: false, kind: "dump" });
    expect(rendered.variantByPath.get("dump.nq")?.variant.contentType).toBe(
      "application/n-quads; charset=utf-8",
    );
  });

  it("describes the site in VoID: triples, entities, dumps, SPARQL endpoint, example resources", async () => {
    const v = rendered.variantByPath.get(".well-known/void.ttl")?.variant;
    const quads = (await parseFormat("ttl", text(v?.body ?? new Uint8Array()))) ?? [];
    const value = (p: string) =>
      quads
        .filter((q) => q.predicate.value === `http://rdfs.org/ns/void#${p}`)
        .map((q) => q.object.value)
        .sort();
    const distinct = new Set(
      site.quads.map(
        (q) =>
          `${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${(q.object as { language?: string }).language ?? ""}${(q.object as { datatype?: { value: string } }).datatype?.value ?? ""}`,
      ),
    );
    expect(value("triples")).toEqual([String(distinct.size)]);
    // Entities: the distinct subjects in the URI space VoID names, and only those (VoID §6.1).
    const inSpace = new Set(
      site.quads.flatMap((q) => (q.subject.value.startsWith(`${BASE}id/`) ? [q.subject.value] : [])),
    );
    expect(site.quads.some((q) => !q.subject.value.startsWith(`${BASE}id/`))).toBe(true);
    expect(value("entities")).toEqual([String(inSpace.size)]);
    expect(value("dataDump")).toEqual([`${BASE}dump.nq`, `${BASE}dump.ttl`]);
    expect(value("sparqlEndpoint")).toEqual([`${BASE}sparql`]);
    expect(value("uriSpace")).toEqual([`${BASE}id/`]);
    // The vocabularies: every namespace (but xsd's) some predicate or IRI object of the site starts with. (VoID
    // finds them from the IRIs' stems, which needs every namespace to end in `/` or `#`.)
    const namespaces = Object.entries(PREFIXES).filter(([p]) => p !== "xsd");
    for (const [, ns] of namespaces) expect(ns).toMatch(/[/#]$/);
    const iris = site.quads.flatMap((q) => [
      q.predicate.value,
      ...(q.object.termType === "NamedNode" ? [q.object.value] : []),
    ]);
    const usedNamespaces = namespaces.map(([, ns]) => ns).filter((ns) => iris.some((i) => i.startsWith(ns)));
    expect(usedNamespaces.length).toBeGreaterThan(5);
    expect(value("vocabulary")).toEqual(usedNamespaces.sort());
    const examples = value("exampleResource");
    expect(examples.length).toBeGreaterThan(3);
    for (const e of examples) expect([...site.documents.values()].some((d) => d.thingIri === e)).toBe(true);
    expect(
      voidQuads(site, { sparqlEndpoint: false }).some((q) => q.predicate.value.endsWith("sparqlEndpoint")),
    ).toBe(false);
  });

  it("writes robots.txt pointing to the sitemap, and a sitemap of every HTML page", () => {
    expect(text(rendered.variantByPath.get("robots.txt")?.variant.body ?? new Uint8Array())).toBe(
      `User-agent: *\nAllow: /\n\nSitemap: ${BASE}sitemap.xml\n`,
    );
    const sitemap = text(rendered.variantByPath.get("sitemap.xml")?.variant.body ?? new Uint8Array());
    for (const d of site.documents.values()) expect(sitemap).toContain(`<loc>${BASE}doc/${d.ref}.html</loc>`);
    expect(sitemap).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/lastmod>/);
  });

  it("renders HTML once per language the content has, the first at .html, the others at .{lang}.html", () => {
    const first = items.find((i) => i.type === "PolicyArea") as ContentItem & {
      title: Record<string, string>;
    };
    const bilingual = {
      ...first,
      title: { ...first.title, en: "In English", nn: "På nynorsk" },
    } as ContentItem;
    const s = createSite([bilingual, ...items.filter((i) => i !== first)], { baseIri: BASE });
    const r = renderSite(s, { formats: DEFAULT_FORMATS });
    const doc = s.documents.get(`policy-area/${first.slug}`);
    const html = r.byPath.get(`doc/${doc?.ref}`)?.variants.filter((v) => v.format.id === "html");
    expect(html?.map((v) => [v.language, v.path])).toEqual([
      ["nb", `doc/${doc?.ref}.html`],
      ["nn", `doc/${doc?.ref}.nn.html`],
      ["en", `doc/${doc?.ref}.en.html`],
    ]);
    expect(text(html?.[2]?.body ?? new Uint8Array())).toMatch(/<html[^>]* lang="en"/);
  });

  it("renders only the formats asked for", () => {
    const r = renderSite(site, { formats: RDF_FORMATS });
    expect(r.byPath.get("catalog")?.variants.map((v) => v.format.id)).toEqual([
      "ttl",
      "jsonld",
      "nt",
      "nq",
      "rdf",
    ]);
  });

  describe(needs("rapper", RAPPER, "read back by Raptor"), () => {
    it.skipIf(!RAPPER)(
      "parses the RDF/XML and Turtle of every seed document and the catalog with rapper",
      () => {
        const check = (path: string, syntax: "rdfxml" | "turtle", expected: readonly Quad[]) => {
          const body = rendered.variantByPath.get(path)?.variant.body;
          expectSameGraph(parseWithRapper(text(body ?? new Uint8Array()), syntax), expected);
        };
        for (const d of site.documents.values()) {
          check(`doc/${d.ref}.rdf`, "rdfxml", d.quads);
          check(`doc/${d.ref}.ttl`, "turtle", d.quads);
        }
        check("catalog.rdf", "rdfxml", catalogQuads(site));
        check("dump.ttl", "turtle", site.quads);
      },
    );
  });
});
