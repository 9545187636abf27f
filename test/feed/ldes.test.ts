import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser } from "n3";
import { beforeAll, describe, expect, it } from "vitest";
import { type DocumentState, diffDocuments, type FeedEvent, initialEvents } from "../../src/feed/events.js";
import { durationBefore, feedMember, feedPage, feedRoot, memberQuads } from "../../src/feed/ldes.js";
import { createSite, type Site } from "../../src/site/site.js";
import { expectIsomorphic } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";

const BASE = "http://localhost:3000/";
const TREE = "https://w3id.org/tree#";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const { namedNode, literal, quad } = DataFactory;

function state(ref: string, hash: string): DocumentState {
  const thing = `${BASE}id/${ref}`;
  return {
    ref,
    thing,
    document: `${BASE}doc/${ref}`,
    hash,
    quads: [quad(namedNode(thing), namedNode("http://schema.org/name"), literal(hash, "nb"))],
  };
}

/** A stream of `n` events over `refs` documents, one per day from 2020-01-01, each document changing in turn. */
function stream(n: number, refs = 3): FeedEvent[] {
  const events: FeedEvent[] = [];
  const hashes = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    hashes.set(`news/n${i % refs}`, `v${i}`);
    const current = [...hashes].map(([ref, hash]) => state(ref, hash));
    events.push(...diffDocuments(events, current, new Date(Date.UTC(2020, 0, 1 + i))));
  }
  expect(events).toHaveLength(n);
  return events;
}

const objectsOf = (quads: readonly Quad[], s: string, p: string) =>
  quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);

describe("feed/events", () => {
  it("creates every document once, then nothing while nothing changes", () => {
    const first = diffDocuments(
      [],
      [state("news/a", "1"), state("report/b", "1")],
      new Date("2024-01-01T00:00:00Z"),
    );
    expect(first.map((e) => [e.seq, e.ref, e.operation])).toEqual([
      [0, "news/a", "create"],
      [1, "report/b", "create"],
    ]);
    expect(
      diffDocuments(first, [state("report/b", "1"), state("news/a", "1")], new Date("2024-02-01T00:00:00Z")),
    ).toEqual([]);
  });

  it("appends one update for a changed document and one deletion for a removed one", () => {
    const first = diffDocuments(
      [],
      [state("news/a", "1"), state("report/b", "1")],
      new Date("2024-01-01T00:00:00Z"),
    );
    const next = diffDocuments(first, [state("news/a", "2")], new Date("2024-02-01T00:00:00Z"));
    expect(next.map((e) => [e.seq, e.ref, e.operation, e.time])).toEqual([
      [2, "news/a", "update", "2024-02-01T00:00:00.000Z"],
      [3, "report/b", "delete", "2024-02-01T00:00:00.000Z"],
    ]);
    expect(next[1]?.quads).toEqual([]);
    // A document that comes back is created again.
    const back = diffDocuments(
      [...first, ...next],
      [state("news/a", "2"), state("report/b", "1")],
      new Date("2024-03-01T00:00:00Z"),
    );
    expect(back.map((e) => [e.ref, e.operation])).toEqual([["report/b", "create"]]);
  });

  it("never stamps an event earlier than the one before it", () => {
    const first = diffDocuments([], [state("news/a", "1")], new Date("2024-05-01T00:00:00Z"));
    const next = diffDocuments(first, [state("news/a", "2")], new Date("2023-01-01T00:00:00Z"));
    expect(next[0]?.time).toBe(first[0]?.time);
  });

  it("gives a site without a log one creation per document, in time order, the same every time", async () => {
    const site = createSite(await seedItems());
    const events = initialEvents(site);
    expect(events).toHaveLength(site.documents.size);
    expect(new Set(events.map((e) => e.ref)).size).toBe(site.documents.size);
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort());
    expect(initialEvents(createSite(await seedItems())).map((e) => [e.seq, e.ref, e.time])).toEqual(
      events.map((e) => [e.seq, e.ref, e.time]),
    );
  });
});

describe("feed/ldes", () => {
  let site: Site;
  beforeAll(async () => {
    site = createSite(await seedItems());
  });

  it("writes a version as a version object of its thing, and a deletion as a tombstone", () => {
    const [create] = diffDocuments([], [state("news/a", "1")], new Date("2024-01-01T00:00:00Z"));
    if (!create) throw new Error("no event");
    const doc = quad(
      namedNode(`${BASE}doc/news/a`),
      namedNode("http://xmlns.com/foaf/0.1/primaryTopic"),
      namedNode(`${BASE}id/news/a`),
    );
    expectIsomorphic(
      memberQuads({ ...create, quads: [...create.quads, doc] }, BASE),
      `
      @prefix as: <https://www.w3.org/ns/activitystreams#> .
      @prefix prov: <http://www.w3.org/ns/prov#> .
      <http://localhost:3000/feed/member/0> a as:Create ;
        dcterms:isVersionOf <http://localhost:3000/id/news/a> ;
        prov:generatedAtTime "2024-01-01T00:00:00.000Z"^^xsd:dateTime ;
        schema:name "1"@nb .
    `,
    );
    expectIsomorphic(
      memberQuads({ ...create, seq: 7, operation: "delete", quads: [] }, BASE),
      `
      @prefix as: <https://www.w3.org/ns/activitystreams#> .
      @prefix prov: <http://www.w3.org/ns/prov#> .
      <http://localhost:3000/feed/member/7> a as:Delete ;
        dcterms:isVersionOf <http://localhost:3000/id/news/a> ;
        prov:generatedAtTime "2024-01-01T00:00:00.000Z"^^xsd:dateTime .
    `,
    );
  });

  it("describes the event stream, its paths and its retention policies at the root", () => {
    const root = feedRoot(initialEvents(site), {
      baseIri: BASE,
      now: new Date("2024-01-01T00:00:00Z"),
    }).quads;
    expectIsomorphic(
      root.filter(
        (q) =>
          q.subject.value === `${BASE}feed#stream` ||
          q.subject.value.includes("#retention") ||
          q.subject.value === `${BASE}feed#view`,
      ),
      `
      @prefix ldes: <https://w3id.org/ldes#> .
      @prefix tree: <https://w3id.org/tree#> .
      @prefix as: <https://www.w3.org/ns/activitystreams#> .
      @prefix prov: <http://www.w3.org/ns/prov#> .
      <http://localhost:3000/feed#stream> a ldes:EventStream ;
        ldes:timestampPath prov:generatedAtTime ;
        ldes:versionOfPath dcterms:isVersionOf ;
        ldes:versionDeletePath rdf:type ;
        ldes:versionDeleteObject as:Delete ;
        tree:view <http://localhost:3000/feed> .
      <http://localhost:3000/feed#view> a tree:ViewDescription ;
        ldes:retentionPolicy <http://localhost:3000/feed#retention-latest>, <http://localhost:3000/feed#retention-duration> .
      <http://localhost:3000/feed#retention-latest> a ldes:LatestVersionSubset ; ldes:amount 1 .
      <http://localhost:3000/feed#retention-duration> a ldes:DurationAgoPolicy ; tree:value "P1Y"^^xsd:duration .
    `,
    );
  });

  it("fragments by time: the root relates to every page by its first and the next page's time stamp", () => {
    const events = stream(12);
    const root = feedRoot(events, {
      baseIri: BASE,
      pageSize: 5,
      now: new Date("2020-02-01T00:00:00Z"),
    }).quads;
    const relations = objectsOf(root, `${BASE}feed`, `${TREE}relation`);
    const described = relations.map((r) => ({
      type: objectsOf(root, r, RDF_TYPE)[0]?.replace(TREE, ""),
      node: objectsOf(root, r, `${TREE}node`)[0]?.replace(BASE, ""),
      value: objectsOf(root, r, `${TREE}value`)[0],
    }));
    expect(described).toEqual(
      expect.arrayContaining([
        { type: "GreaterThanOrEqualToRelation", node: "feed/0", value: events[0]?.time },
        { type: "LessThanRelation", node: "feed/0", value: events[5]?.time },
        { type: "GreaterThanOrEqualToRelation", node: "feed/1", value: events[5]?.time },
        { type: "LessThanRelation", node: "feed/1", value: events[10]?.time },
        { type: "GreaterThanOrEqualToRelation", node: "feed/2", value: events[10]?.time },
      ]),
    );
    expect(described).toHaveLength(5);
  });

  it("makes a page immutable once a later page exists, and links it to that page", () => {
    const events = stream(12);
    const options = { baseIri: BASE, pageSize: 5, now: new Date("2020-02-01T00:00:00Z") };
    const p0 = feedPage(events, 0, options);
    const p2 = feedPage(events, 2, options);
    expect(p0?.immutable).toBe(true);
    expect(p2?.immutable).toBe(false);
    const members = objectsOf(p0?.quads ?? [], `${BASE}feed#stream`, `${TREE}member`);
    expect(members).toEqual([0, 1, 2, 3, 4].map((s) => `${BASE}feed/member/${s}`));
    const [next] = objectsOf(p0?.quads ?? [], `${BASE}feed/0`, `${TREE}relation`);
    expect(objectsOf(p0?.quads ?? [], next as string, `${TREE}node`)).toEqual([`${BASE}feed/1`]);
    expect(objectsOf(p2?.quads ?? [], `${BASE}feed/2`, `${TREE}relation`)).toEqual([]);
    expect(feedPage(events, 3, options)).toBeUndefined();
    expect(feedMember(events, 4, options)?.immutable).toBe(true);
    expect(feedMember(events, 99, options)).toBeUndefined();
  });

  it("drops only a run of the oldest pages whose members are all old and superseded", () => {
    // 3 documents change in turn: after 12 events, every member of pages 0 and 1 has a later version.
    const events = stream(12);
    const options = { baseIri: BASE, pageSize: 3, retention: "P5D" };
    const recent = { ...options, now: new Date("2020-01-06T00:00:00Z") };
    const late = { ...options, now: new Date("2021-01-01T00:00:00Z") };
    expect(feedPage(events, 0, recent)).toBeDefined();
    expect(feedPage(events, 0, late)).toBeUndefined();
    expect(feedPage(events, 2, late)).toBeUndefined();
    // The last page holds the latest version of every document: it always stays.
    expect(feedPage(events, 3, late)).toBeDefined();
    const relations = objectsOf(feedRoot(events, late).quads, `${BASE}feed`, `${TREE}relation`);
    expect(relations).toHaveLength(1);
  });

  it("keeps a page with a document's only version, however old", () => {
    const events = diffDocuments(
      [],
      [state("news/a", "1"), state("news/b", "1")],
      new Date("2000-01-01T00:00:00Z"),
    );
    const more = diffDocuments(
      events,
      [state("news/a", "2"), state("news/b", "1")],
      new Date("2000-01-02T00:00:00Z"),
    );
    const all = [...events, ...more];
    expect(
      feedPage(all, 0, {
        baseIri: BASE,
        pageSize: 2,
        retention: "P1D",
        now: new Date("2030-01-01T00:00:00Z"),
      }),
    ).toBeDefined();
  });

  it("serialises every page as RDF a Turtle parser reads back", async () => {
    const { writeTurtle } = await import("../../src/serialize/turtle.js");
    const view = feedPage(initialEvents(site), 0, { baseIri: BASE });
    const back = new Parser().parse(writeTurtle(view?.quads ?? []));
    expect(back.length).toBe(
      new Set(
        (view?.quads ?? []).map(
          (q) =>
            `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.object.termType === "Literal" ? q.object.datatype.value + q.object.language : ""}`,
        ),
      ).size,
    );
  });

  it("rejects a retention that is not an ISO 8601 duration", () => {
    expect(() => durationBefore(new Date(), "one year")).toThrow(/ISO 8601 duration/);
    expect(durationBefore(new Date("2024-03-01T00:00:00Z"), "P1Y2M3DT4H").toISOString()).toBe(
      "2022-12-28T20:00:00.000Z",
    );
  });
});
