import jsonld from "jsonld";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createSchemaContext,
  createSchemaDocumentLoader,
  parseSchemaJsonLd,
  schemaTermsOf,
} from "../../src/serialize/schema-context.js";
import { toJsonLd } from "../../src/serialize/schema-jsonld.js";
import { createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import {
  expandOfficial,
  officialLoader,
  officialSchemaContext,
  quadsOfficial,
  refusedUrls,
} from "../helpers/schema-org.js";
import { seedItems } from "../helpers/seed.js";
import { startTrap, type Trap } from "../helpers/trap.js";

const SCHEMA = "http://schema.org/";

/** Expands a term definition's IRIs the way the official context writes them (schema: prefix, vocab terms). */
function expandDefinition(def: unknown): { id: string; type?: string } {
  const d = (typeof def === "string" ? { "@id": def } : def) as { "@id": string; "@type"?: string };
  const iri = (v: string) =>
    v.startsWith("@") ? v : v.startsWith("schema:") ? SCHEMA + v.slice(7) : SCHEMA + v;
  return d["@type"] === undefined ? { id: iri(d["@id"]) } : { id: iri(d["@id"]), type: iri(d["@type"]) };
}

let site: Site;
beforeAll(async () => {
  site = createSite(await seedItems());
});

describe("serialize/schema-context", () => {
  it("defines every term the mapping uses with the official context's IRI and coercion", () => {
    const ours = createSchemaContext()["@context"];
    const theirs = officialSchemaContext()["@context"];
    const terms = schemaTermsOf();
    expect(terms.length).toBeGreaterThan(40);
    for (const term of terms) {
      expect(theirs[term], `official context lacks ${term}`).toBeDefined();
      expect(expandDefinition(ours[term]), term).toEqual(expandDefinition(theirs[term]));
    }
    // Exactly those terms, the `schema` prefix, and nothing else (no @vocab that could hide a missing term).
    expect(Object.keys(ours).sort()).toEqual(["schema", ...terms].sort());
  });

  it("includes the coercions search engines depend on", () => {
    const ours = createSchemaContext()["@context"];
    expect(ours.datePublished).toEqual({ "@id": "schema:datePublished", "@type": "schema:Date" });
    for (const t of ["url", "contentUrl", "license"])
      expect(ours[t]).toEqual({ "@id": `schema:${t}`, "@type": "@id" });
    expect(ours.headline).toEqual({ "@id": "schema:headline" });
  });

  it("covers every schema.org predicate and class in the seed site's triples", () => {
    const terms = new Set(schemaTermsOf());
    const used = new Set<string>();
    for (const q of site.quads) {
      if (q.predicate.value.startsWith(SCHEMA)) used.add(q.predicate.value.slice(SCHEMA.length));
      if (
        q.object.termType === "NamedNode" &&
        q.object.value.startsWith(SCHEMA) &&
        q.predicate.value.endsWith("#type")
      )
        used.add(q.object.value.slice(SCHEMA.length));
    }
    expect([...used].filter((t) => !terms.has(t))).toEqual([]);
  });

  it("expands every seed document exactly as the official schema.org context does", async () => {
    const ours = createSchemaDocumentLoader();
    for (const doc of site.documents.values()) {
      const json = toJsonLd(doc.item, site);
      const official = await expandOfficial(json);
      const generated = await jsonld.expand(json as jsonld.JsonLdDocument, { documentLoader: ours as never });
      expect(generated, doc.ref).toEqual(official);
      expectSameGraph(await parseSchemaJsonLd(json), await quadsOfficial(json));
    }
    expect(refusedUrls).toEqual([]);
  });

  it("answers http://schema.org and https://schema.org/ alike", async () => {
    const loader = createSchemaDocumentLoader();
    for (const url of [
      "https://schema.org",
      "https://schema.org/",
      "http://schema.org",
      "http://schema.org/",
    ]) {
      expect((await loader(url)).document).toEqual(createSchemaContext());
      expect((await officialLoader(url)).document).toBe(officialSchemaContext());
    }
  });

  it("refuses every other context URL", async () => {
    const loader = createSchemaDocumentLoader();
    for (const url of [
      "https://example.org/context.jsonld",
      "https://schema.org.evil.example/",
      "file:///etc/passwd",
    ]) {
      await expect(loader(url)).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(officialLoader("https://example.org/x")).rejects.toThrow(/refuses/);
    refusedUrls.length = 0;
  });

  it("reports bad JSON as a parse error", async () => {
    await expect(parseSchemaJsonLd("{ not json")).rejects.toMatchObject({ code: "parse_error" });
  });
});

describe("serialize/schema-context: never fetches a remote context", () => {
  let trap: Trap;
  let base: string;
  const hits = () => trap.requests.length;
  beforeAll(async () => {
    trap = await startTrap(
      "application/ld+json",
      JSON.stringify({ "@context": { name: "http://evil.example/name" } }),
    );
    base = trap.origin;
  });
  afterAll(() => trap.close());

  it("counts requests (control: a direct fetch is seen)", async () => {
    const before = hits();
    await (await fetch(`${base}/control`)).text();
    expect(hits()).toBe(before + 1);
  });

  it("refuses a context on a local server without requesting it", async () => {
    const before = hits();
    const doc = { "@context": `${base}/context.jsonld`, "@id": "http://example.org/x", name: "x" };
    await expect(parseSchemaJsonLd(doc)).rejects.toMatchObject({ code: "parse_error" });
    const nested = {
      "@context": ["https://schema.org", `${base}/second.jsonld`],
      "@id": "http://example.org/x",
      name: "x",
    };
    await expect(parseSchemaJsonLd(nested)).rejects.toMatchObject({ code: "parse_error" });
    expect(hits()).toBe(before);
  });

  it("reads every seed document with https://schema.org without any network request", async () => {
    const before = hits();
    const spy = vi.spyOn(globalThis, "fetch");
    for (const doc of site.documents.values()) {
      const quads = await parseSchemaJsonLd(JSON.stringify(toJsonLd(doc.item, site)));
      expect(quads.length, doc.ref).toBeGreaterThan(0);
    }
    expect(spy).not.toHaveBeenCalled();
    expect(hits()).toBe(before);
  });
});
