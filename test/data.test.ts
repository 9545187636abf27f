import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import { describe, expect, it } from "vitest";
import { createSite } from "../src/site/site.js";
import { SEED_DIR, seedItems } from "./helpers/seed.js";

const BASE = "http://localhost:3000/";

async function siteQuads(): Promise<Quad[]> {
  return [...createSite(await seedItems(), { baseIri: BASE }).quads];
}

function literalsOf(quads: Quad[]): string[] {
  return quads.filter((q) => q.object.termType === "Literal").map((q) => q.object.value);
}

describe("data (the seed site)", () => {
  it("carries every sentence and heading of the seed page into the RDF", async () => {
    const seed = readFileSync(join(SEED_DIR, "regional-og-distriktspolitikk.txt"), "utf8");
    const literals = literalsOf(await siteQuads()).join("\n");
    // Section labels of the web page itself, not facts.
    const chrome = new Set(["Aktuelt nå", "Dokumenter", "Kontakt"]);
    const lines = seed
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !chrome.has(l));
    const missing: string[] = [];
    for (const line of lines) {
      // Dates, contact lines and "NOU 2020: 15 Title" are checked separately below.
      if (/^\d\d\.\d\d\.\d{4}:|^(Telefon|Adresse|Besøksadresse):|^NOU \d{4}: \d+ /.test(line)) continue;
      for (const sentence of line.split(/(?<=[.?])\s+/))
        if (!literals.includes(sentence)) missing.push(sentence);
    }
    expect(missing).toEqual([]);
  });

  it("has both news items with dates in Norway's time zone, as typed literals", async () => {
    const quads = await siteQuads();
    const issued = quads.filter((q) => q.predicate.value === "http://purl.org/dc/terms/issued");
    const values = issued.map((q) => [
      q.object.value,
      q.object.termType === "Literal" && q.object.datatype.value,
    ]);
    expect(values).toEqual(
      expect.arrayContaining([
        ["2021-05-05T00:00:00+02:00", "http://www.w3.org/2001/XMLSchema#dateTime"],
        ["2021-06-30T00:00:00+02:00", "http://www.w3.org/2001/XMLSchema#dateTime"],
      ]),
    );
  });

  it("has the NOU numbers, the committees as authors, and the Narvik image", async () => {
    const quads = await siteQuads();
    const has = (p: string, o: string) => quads.some((q) => q.predicate.value === p && q.object.value === o);
    expect(has("http://schema.org/reportNumber", "NOU 2020: 15")).toBe(true);
    expect(has("http://schema.org/reportNumber", "NOU 2020: 12")).toBe(true);
    expect(has("http://schema.org/author", `${BASE}id/organization/distriktsdemografiutvalget`)).toBe(true);
    expect(has("http://schema.org/author", `${BASE}id/organization/distriktsnaeringsutvalget`)).toBe(true);
    expect(has("http://schema.org/caption", "Narvik")).toBe(true);
    expect(has("http://schema.org/alternateName", "RUT 2021")).toBe(true);
    expect(has("http://schema.org/alternateName", "ESA")).toBe(true);
  });

  it("has the contact block: telephone, postal and visiting address, and the ministry's organisation number", async () => {
    const quads = await siteQuads();
    const values = new Set(quads.map((q) => q.object.value));
    for (const v of [
      "+47 22 24 70 01",
      "tel:+4722247001",
      "Postboks 8112 Dep.",
      "0032",
      "Akersgata 59",
      "Oslo",
      "Regionalpolitisk avdeling",
      "Kommunal- og moderniseringsdepartementet",
      "972417858",
      "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/972417858",
    ]) {
      expect(values, v).toContain(v);
    }
  });

  it("uses only absolute IRIs, no blank nodes, and language-tagged text", async () => {
    const quads = await siteQuads();
    for (const q of quads) {
      for (const t of [q.subject, q.object]) {
        expect(t.termType).not.toBe("BlankNode");
        if (t.termType === "NamedNode") expect(t.value).toMatch(/^[a-z][a-z0-9+.-]*:/);
      }
    }
    const textPredicates = [
      "http://schema.org/name",
      "http://purl.org/dc/terms/title",
      "http://purl.org/dc/terms/description",
    ];
    for (const q of quads.filter((x) => textPredicates.includes(x.predicate.value))) {
      // Our content is Bokmål; external things described for harvesters (a W3C standard) keep their own title.
      const ours = q.subject.value.startsWith(BASE);
      const lang = q.object.termType === "Literal" ? q.object.language : "";
      if (ours) expect(lang, q.object.value).toBe("nb");
      else expect(["nb", "nn", "en"], q.object.value).toContain(lang);
    }
  });
});
