import type { Quad } from "@rdfjs/types";
import { beforeAll, describe, expect, it } from "vitest";
import { LodError } from "../../src/errors.js";
import type { ContentItem } from "../../src/model/index.js";
import { catalogQueryString, catalogView, parseCatalogQuery } from "../../src/serialize/catalog-page.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";

const BASE = "https://data.example.gov/";
const DCAT_DATASET = "http://www.w3.org/ns/dcat#dataset";
const H = "http://www.w3.org/ns/hydra/core#";

const objects = (quads: readonly Quad[], predicate: string) =>
  quads.filter((q) => q.predicate.value === predicate).map((q) => q.object.value);

describe("serialize/catalog-page", () => {
  let site: Site;
  let members: string[];
  beforeAll(async () => {
    const items: ContentItem[] = await seedItems();
    site = createSite(items, { baseIri: BASE });
    members = [...new Set(objects(catalogQuads(site), DCAT_DATASET))].sort();
  });

  it("has several datasets in the seed catalog to page through", () => {
    expect(members.length).toBeGreaterThanOrEqual(3);
  });

  it("pages the datasets in IRI order with Hydra controls in both forms and absolute URLs", () => {
    const view = catalogView(site, { page: 2, pageSize: 2 });
    expect(objects(view.quads, DCAT_DATASET).sort()).toEqual(members.slice(2, 4));
    const self = `${BASE}catalog?page=2&pageSize=2`;
    const of = (p: string) =>
      view.quads.filter((q) => q.subject.value === self && q.predicate.value === H + p).map((q) => q.object);
    expect(of("totalItems").map((t) => t.value)).toEqual([String(members.length)]);
    expect(
      objects(
        view.quads.filter((q) => q.subject.value === self),
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
      ).sort(),
    ).toEqual([`${H}PagedCollection`, `${H}PartialCollectionView`]);
    const last = Math.ceil(members.length / 2);
    expect(of("next")).toEqual([
      expect.objectContaining({ termType: "NamedNode", value: `${BASE}catalog?page=3&pageSize=2` }),
    ]);
    expect(of("nextPage")).toEqual([
      expect.objectContaining({ termType: "Literal", value: `${BASE}catalog?page=3&pageSize=2` }),
    ]);
    expect(of("previous").map((t) => t.value)).toEqual([`${BASE}catalog?page=1&pageSize=2`]);
    expect(of("first").map((t) => t.value)).toEqual([`${BASE}catalog?page=1&pageSize=2`]);
    expect(of("last").map((t) => t.value)).toEqual([`${BASE}catalog?page=${last}&pageSize=2`]);
    expect(view.lastPage).toBe(last);
  });

  it("gives a page in two groups, its datasets' quads one array for every form of its links", () => {
    const plain = catalogView(site, { page: 2, pageSize: 2 });
    const fixed = catalogView(site, { page: 2, pageSize: 2 }, "catalog.ttl");
    const [body, hydra] = plain.groups ?? [];
    expect(plain.groups).toHaveLength(2);
    expect(fixed.groups?.[0]).toBe(body);
    expect([...(body ?? []), ...(hydra ?? [])]).toEqual(plain.quads);
    expect(hydra?.every((q) => q.predicate.value.startsWith(H) || q.subject.value.includes("?page="))).toBe(
      true,
    );
    expect(objects(fixed.groups?.[1] ?? [], `${H}next`)).toEqual([`${BASE}catalog.ttl?page=3&pageSize=2`]);
    // Another page is another selection; the same page asked again after it is rebuilt, equal.
    const other = catalogView(site, { page: 1, pageSize: 2 });
    expect(other.groups?.[0]).not.toBe(body);
    expect(catalogView(site, { page: 2, pageSize: 2 }).groups?.[0]).toEqual(body);
    expect(catalogView(site, {}).groups).toBeUndefined();
  });

  it("leaves the datasets of other pages out, with their distributions, and keeps the catalog's other parts", () => {
    const view = catalogView(site, { page: 1, pageSize: 1 });
    const subjects = new Set(view.quads.map((q) => q.subject.value));
    for (const m of members.slice(1)) expect(subjects.has(m), m).toBe(false);
    expect(subjects.has(members[0] as string)).toBe(true);
    const catalog = [...site.documents.values()].find((d) => d.item.type === "Catalog");
    expect(subjects.has(catalog?.thingIri as string)).toBe(true);
    const firstPageLast = catalogView(site, { page: 1, pageSize: 1 });
    expect(objects(firstPageLast.quads, `${H}previous`)).toEqual([]);
  });

  it("keeps on a page exactly the agents and contact points that what stays on it names", () => {
    const agents = [...site.documents.values()].filter(
      (d) => d.item.type === "Organisation" || d.item.type === "ContactPoint",
    );
    const agentThings = new Set(agents.map((d) => d.thingIri));
    let left = 0;
    for (let page = 1; page <= members.length; page++) {
      const view = catalogView(site, { page, pageSize: 1 });
      const subjects = new Set(view.quads.map((q) => q.subject.value));
      // Every agent or contact point named by a kept triple is there with its triples…
      const named = new Set(
        view.quads
          .filter((q) => agentThings.has(q.object.value) && q.subject.value !== q.object.value)
          .map((q) => q.object.value),
      );
      for (const iri of named) expect(subjects.has(iri), iri).toBe(true);
      // …and no other one.
      const present = agents.filter((d) => subjects.has(d.thingIri));
      for (const d of present) expect(named.has(d.thingIri), d.ref).toBe(true);
      left += agents.length - present.length;
    }
    expect(left).toBeGreaterThan(0);
    // The whole catalog keeps every one of them.
    const whole = new Set(catalogView(site, {}).quads.map((q) => q.subject.value));
    const inCatalog = new Set(catalogQuads(site).map((q) => q.subject.value));
    for (const d of agents) expect(whole.has(d.thingIri)).toBe(inCatalog.has(d.thingIri));
  });

  it("gives the whole catalog when neither paging nor a date is asked for", () => {
    expectSameGraph(catalogView(site, {}).quads, catalogQuads(site));
  });

  it("keeps only datasets modified since the date, and those whose content has no date", async () => {
    // Date two datasets: one old, one new; the rest of the seed's datasets have no date.
    const docs = [...site.documents.values()].filter((d) => members.includes(d.thingIri)).slice(0, 2);
    const stamps = new Map(
      docs.map((d, i) => [`${d.item.type}/${d.slug}`, i === 0 ? "2020-01-01" : "2024-06-01"]),
    );
    const items = (await seedItems()).map((item) => {
      const stamp = stamps.get(`${item.type}/${item.slug}`);
      return stamp ? ({ ...item, modified: stamp } as ContentItem) : item;
    });
    const dated = createSite(items, { baseIri: BASE });
    const kept = objects(
      catalogView(dated, { modifiedSince: new Date("2023-01-01T00:00:00Z") }).quads,
      DCAT_DATASET,
    );
    expect(kept).not.toContain(docs[0]?.thingIri);
    expect(kept).toContain(docs[1]?.thingIri);
    expect(kept.length).toBe(members.length - 1);
    expect(objects(catalogView(dated, { modifiedSince: new Date(0) }).quads, DCAT_DATASET).sort()).toEqual(
      members,
    );
  });

  it("refuses a page after the last with not_found", () => {
    expect(() => catalogView(site, { page: 99, pageSize: 50 })).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });

  describe("parseCatalogQuery", () => {
    it("reads page, pageSize and modified_since", () => {
      expect(parseCatalogQuery({})).toBeUndefined();
      expect(parseCatalogQuery({ format: "ttl" })).toBeUndefined();
      expect(parseCatalogQuery({ page: "2", pageSize: "10" })).toEqual({ page: 2, pageSize: 10 });
      expect(parseCatalogQuery({ modified_since: "2021-05-01" })).toEqual({
        modifiedSince: new Date("2021-05-01"),
      });
      expect(
        parseCatalogQuery({ modified_since: "2021-05-01T12:00:00+02:00" })?.modifiedSince?.toISOString(),
      ).toBe("2021-05-01T10:00:00.000Z");
    });
    it.each([
      [{ page: "0" }, /page: must be an integer from 1/],
      [{ page: "-1" }, /page: must be an integer/],
      [{ page: "1.5" }, /page: must be an integer/],
      [{ pageSize: "100000" }, /pageSize: must be an integer from 1 to 1000/],
      [{ page: ["1", "2"] }, /page: give it once/],
      [{ modified_since: "yesterday" }, /modified_since: must be an ISO 8601/],
      [{ modified_since: "2021-13-45" }, /modified_since: must be an ISO 8601/],
    ])("refuses %j with a usage error naming the parameter", (query, message) => {
      const parse = () => parseCatalogQuery(query as Record<string, unknown>);
      expect(parse).toThrow(LodError);
      expect(parse).toThrow(message);
    });
    it("writes the query back in a fixed order", () => {
      expect(
        catalogQueryString({ modifiedSince: new Date("2021-05-01T00:00:00Z"), pageSize: 5, page: 1 }),
      ).toBe("?page=1&pageSize=5&modified_since=2021-05-01T00%3A00%3A00.000Z");
    });
  });
});

/**
 * The catalog view by its definition, one filter over every triple of the catalog (the first implementation,
 * kept as the oracle): unselected datasets, their distributions and the documents about either are left out,
 * with the links to them; agents, contact points and policy areas stay when what stays names them, transitively.
 */
function viewByDefinition(site: Site, selected: ReadonlySet<string>): Quad[] {
  const DCAT = "http://www.w3.org/ns/dcat#";
  const all = catalogQuads(site);
  const catalogs = new Set(
    all.filter((q) => q.object.value === `${DCAT}Catalog`).map((q) => q.subject.value),
  );
  const members = new Set(
    all
      .filter((q) => catalogs.has(q.subject.value) && q.predicate.value === `${DCAT}dataset`)
      .map((q) => q.object.value),
  );
  const agentOf = new Map<string, string>();
  for (const d of site.documents.values()) {
    if (!["Organisation", "ContactPoint", "PolicyArea"].includes(d.item.type)) continue;
    for (const q of d.quads) if (!agentOf.has(q.subject.value)) agentOf.set(q.subject.value, d.thingIri);
  }
  const dropped = new Set([...members].filter((m) => !selected.has(m)));
  for (const q of all)
    if (dropped.has(q.subject.value) && q.predicate.value === `${DCAT}distribution`)
      dropped.add(q.object.value);
  for (const q of all)
    if (q.predicate.value === "http://xmlns.com/foaf/0.1/primaryTopic" && dropped.has(q.object.value))
      dropped.add(q.subject.value);
  const links = [`${DCAT}dataset`, "http://schema.org/dataset"];
  let quads = all.filter(
    (q) =>
      !dropped.has(q.subject.value) && !(links.includes(q.predicate.value) && dropped.has(q.object.value)),
  );
  if (dropped.size === 0) return quads;
  const named = new Set<string>();
  const visit = (from: readonly Quad[]) => {
    const next: string[] = [];
    for (const q of from) {
      const target = q.object.termType === "NamedNode" ? agentOf.get(q.object.value) : undefined;
      if (target && target !== agentOf.get(q.subject.value) && !named.has(target)) {
        named.add(target);
        next.push(target);
      }
    }
    return next;
  };
  let frontier = visit(quads.filter((q) => !agentOf.has(q.subject.value)));
  while (frontier.length > 0) {
    const wanted = new Set(frontier);
    frontier = visit(quads.filter((q) => wanted.has(agentOf.get(q.subject.value) as string)));
  }
  quads = quads.filter((q) => {
    const agent = agentOf.get(q.subject.value);
    return agent === undefined || named.has(agent);
  });
  return quads;
}

describe("catalog views are built from their page, and equal the view by definition", () => {
  it("on a synthetic site, for every page of several sizes and a modified-since filter", async () => {
    const { generateSite } = await import("../../scripts/synth.js");
    const { ContentItemSchema } = await import("../../src/model/index.js");
    const site = createSite(
      generateSite({ items: 400, seed: 5 }).map((f) => ContentItemSchema.parse(f.item)),
    );
    const hydra = "http://www.w3.org/ns/hydra/core#";
    let compared = 0;
    for (const query of [
      { pageSize: 7 },
      { pageSize: 50 },
      { pageSize: 1000 },
      { modifiedSince: new Date("2022-01-01T00:00:00Z") },
      { modifiedSince: new Date("2022-01-01T00:00:00Z"), pageSize: 9 },
    ]) {
      const { lastPage } = catalogView(site, { ...query, page: 1 });
      for (let page = 1; page <= lastPage; page++) {
        const view = catalogView(site, { ...query, ...(query.pageSize ? { page } : {}) });
        const selected = new Set(
          view.quads
            .filter((q) => q.predicate.value === "http://www.w3.org/ns/dcat#dataset")
            .map((q) => q.object.value),
        );
        const withoutControls = view.quads.filter(
          (q) => !q.predicate.value.startsWith(hydra) && !q.subject.value.includes("?"),
        );
        expectSameGraph(withoutControls, viewByDefinition(site, selected));
        compared++;
        if (!query.pageSize) break;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
