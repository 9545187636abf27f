import type { Quad } from "@rdfjs/types";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { deriveCatalogItems } from "../../src/site/catalog-content.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";
import { OFFICIAL_SHAPES, officialViolations } from "./official-shapes.js";

const BASE = "https://data.example.gov/";
const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const KMD = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/972417858";

const objects = (quads: readonly Quad[], s: string, p: string) =>
  quads
    .filter((q) => q.subject.value === s && q.predicate.value === p)
    .map((q) => q.object.value)
    .sort();

describe("site/catalog-content", () => {
  let items: ContentItem[];
  let site: Site;
  let catalog: Quad[];
  beforeAll(async () => {
    items = await seedItems();
    site = createSite(items, { baseIri: BASE });
    catalog = catalogQuads(site);
  });

  it("makes every report and official document a dataset distributed as its own linked-data document", () => {
    const reports = items.filter((i) => i.type === "Report");
    expect(reports.length).toBe(5);
    for (const r of reports) {
      const doc = [...site.documents.values()].find(
        (d) => d.item === r || (d.item.type === "Report" && d.slug === r.slug),
      );
      if (!doc) throw new Error(`no document for ${r.slug}`);
      expect(objects(catalog, doc.thingIri, RDF_TYPE)).toContain(`${DCAT}Dataset`);
      expect(objects(catalog, doc.thingIri, `${DCT}identifier`)).toEqual([doc.thingIri]);
      const distributions = objects(catalog, doc.thingIri, `${DCAT}distribution`);
      expect(distributions).toHaveLength(3);
      const downloads = distributions.flatMap((d) => objects(catalog, d, `${DCAT}downloadURL`)).sort();
      expect(downloads).toEqual(["jsonld", "rdf", "ttl"].map((ext) => `${doc.documentIri}.${ext}`));
      const mediaTypes = distributions.flatMap((d) => objects(catalog, d, `${DCAT}mediaType`)).sort();
      expect(mediaTypes).toEqual(
        ["application/ld+json", "application/rdf+xml", "text/turtle"].map(
          (m) => `https://www.iana.org/assignments/media-types/${m}`,
        ),
      );
      for (const d of distributions) {
        expect(objects(catalog, d, `${DCT}format`)[0]).toMatch(
          /^http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\//,
        );
        expect(objects(catalog, d, `${DCT}identifier`)).toEqual([d]);
        expect(objects(catalog, d, `${DCT}license`)).toEqual([
          "http://publications.europa.eu/resource/authority/licence/NLOD_2_0",
        ]);
      }
    }
  });

  it("invents no file URL: every access and download URL is a page of this site", () => {
    const urls = catalog.filter(
      (q) => q.predicate.value === `${DCAT}downloadURL` || q.predicate.value === `${DCAT}accessURL`,
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const q of urls) expect(q.object.value.startsWith(BASE)).toBe(true);
    expect(urls.some((q) => /\.pdf$/i.test(q.object.value))).toBe(false);
  });

  it("gives an NOU the catalog's publisher in DCAT terms only, and its policy area's contact point and themes", () => {
    const nou = `${BASE}id/document/nou-2020-15`;
    expect(objects(catalog, nou, `${DCT}publisher`)).toEqual([KMD]);
    expect(objects(catalog, nou, "http://schema.org/publisher")).toEqual([]);
    expect(objects(catalog, nou, `${DCAT}contactPoint`)).toEqual([
      `${BASE}id/contact-point/regionalpolitisk-avdeling`,
    ]);
    expect(objects(catalog, nou, `${DCAT}theme`)).toEqual([
      "http://publications.europa.eu/resource/authority/data-theme/REGI",
      "https://psi.norge.no/los/ord/regional-planlegging",
    ]);
  });

  it("keeps a report's own publisher", () => {
    const rut = `${BASE}id/report/regionale-utviklingstrekk-2021`;
    expect(objects(catalog, rut, `${DCT}publisher`)).toEqual([KMD]);
    expect(objects(catalog, rut, "http://schema.org/publisher")).toEqual([KMD]);
  });

  it("lists every dataset and data service in the catalog, with publisher, licence, languages and taxonomies", () => {
    const cat = `${BASE}id/catalog/regional-og-distriktspolitikk`;
    expect(objects(catalog, cat, `${DCAT}dataset`)).toEqual(
      [
        "dataset/regional-og-distriktspolitikk",
        "document/nou-2020-12",
        "document/nou-2020-15",
        "report/regionale-utviklingstrekk-2021",
        "report/ti-rad-til-distriktspolitikken",
        "report/veileder-for-den-notifiserte-ordningen",
      ].map((r) => `${BASE}id/${r}`),
    );
    expect(objects(catalog, cat, `${DCAT}service`)).toEqual([
      `${BASE}id/service/lenkede-data`,
      `${BASE}id/service/sparql`,
    ]);
    expect(objects(catalog, cat, `${DCT}publisher`)).toEqual([KMD]);
    expect(objects(catalog, KMD, `${DCT}identifier`)).toEqual(["972417858"]);
    expect(objects(catalog, cat, `${DCT}license`)).toEqual([
      "http://publications.europa.eu/resource/authority/licence/NLOD_2_0",
    ]);
    expect(objects(catalog, cat, `${DCT}language`)).toEqual([
      "http://publications.europa.eu/resource/authority/language/NOB",
    ]);
    expect(objects(catalog, cat, `${DCAT}themeTaxonomy`)).toEqual([
      "http://publications.europa.eu/resource/authority/data-theme",
      "https://psi.norge.no/los/struktur",
    ]);
    expect(objects(catalog, cat, "http://xmlns.com/foaf/0.1/homepage")).toEqual([`${BASE}catalog.html`]);
    // The newest content date (the news item of 30.06.2021).
    expect(objects(catalog, cat, `${DCT}modified`)).toEqual(["2021-06-30T00:00:00+02:00"]);
  });

  it("describes the data services with endpoint URL and the dataset they serve", () => {
    for (const [slug, path] of [
      ["lenkede-data", ""],
      ["sparql", "sparql"],
    ] as const) {
      const s = `${BASE}id/service/${slug}`;
      expect(objects(catalog, s, `${DCAT}endpointURL`)).toEqual([`${BASE}${path}`]);
      expect(objects(catalog, s, `${DCAT}servesDataset`)).toEqual([
        `${BASE}id/dataset/regional-og-distriktspolitikk`,
      ]);
      expect(objects(catalog, s, `${DCT}identifier`)).toEqual([s]);
    }
  });

  it("puts dct:identifier on every catalog, dataset, distribution and data service", () => {
    const dcatTypes = ["Catalog", "Dataset", "Distribution", "DataService"].map((t) => DCAT + t);
    const resources = new Set(
      catalog
        .filter((q) => q.predicate.value === RDF_TYPE && dcatTypes.includes(q.object.value))
        .map((q) => q.subject.value),
    );
    expect(resources.size).toBeGreaterThan(20);
    for (const r of resources) expect(objects(catalog, r, `${DCT}identifier`), r).toHaveLength(1);
  });

  it("says every dataset's access rights (DCAT-AP-NO recommends them): a report on the site is public", () => {
    const datasets = catalog
      .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`)
      .map((q) => q.subject.value);
    expect(datasets.length).toBe(6);
    for (const d of datasets)
      expect(objects(catalog, d, `${DCT}accessRights`), d).toEqual([
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
      ]);
  });

  it("lists every dataset for the portals (dcat:dataset) and only the schema:Datasets for search engines", () => {
    const [home] = catalog
      .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Catalog`)
      .map((q) => q.subject.value);
    const schemaDatasets = catalog
      .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === "http://schema.org/Dataset")
      .map((q) => q.subject.value)
      .sort();
    expect(objects(catalog, home as string, `${DCAT}dataset`)).toHaveLength(6);
    // A report is in the DCAT catalog as a dataset, but is not a Dataset for Dataset Search.
    expect(objects(catalog, home as string, "http://schema.org/dataset")).toEqual(schemaDatasets);
    expect(schemaDatasets).toEqual([`${BASE}id/dataset/regional-og-distriktspolitikk`]);
  });

  it("types every concept a dataset is about (dct:subject) as skos:Concept in the catalog itself", () => {
    const subjects = new Set(
      catalog.filter((q) => q.predicate.value === `${DCT}subject`).map((q) => q.object.value),
    );
    expect([...subjects]).toEqual([`${BASE}id/policy-area/regional-og-distriktspolitikk`]);
    for (const s of subjects)
      expect(objects(catalog, s, RDF_TYPE), s).toContain("http://www.w3.org/2004/02/skos/core#Concept");
  });

  it("lets content win: a listed distribution with a derived reference is not replaced", () => {
    const own: ContentItem = {
      type: "Distribution",
      slug: "document-nou-2020-15-ttl",
      title: { nb: "Egen" },
      accessUrl: "https://example.org/own.ttl",
      mediaType: "text/turtle",
    };
    const out = deriveCatalogItems([...items, own], { baseIri: BASE });
    const matches = out.filter((i) => i.type === "Distribution" && i.slug === "document-nou-2020-15-ttl");
    expect(matches).toEqual([own]);
  });

  it("does not change its input", () => {
    const before = JSON.stringify(items);
    deriveCatalogItems(items, { baseIri: BASE });
    expect(JSON.stringify(items)).toBe(before);
  });

  it("leaves several catalogs alone (no automatic listing)", () => {
    const second = {
      ...(items.find((i) => i.type === "Catalog") as ContentItem),
      slug: "other",
    } as ContentItem;
    const out = deriveCatalogItems([...items, second], { baseIri: BASE });
    const catalogs = out.filter((i) => i.type === "Catalog");
    expect(catalogs.every((c) => c.type === "Catalog" && (c.datasets ?? []).length === 1)).toBe(true);
  });

  for (const [name, file] of Object.entries(OFFICIAL_SHAPES)) {
    it(`has no violation of the official ${name} shapes`, async () => {
      expect(await officialViolations(catalog, file)).toEqual([]);
    });
  }
});
