import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import express from "express";
import { Parser } from "n3";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FeedEvent } from "../../src/feed/events.js";
import { createLodRouter } from "../../src/http/router.js";
import type { ContentItem } from "../../src/model/index.js";
import { feedLogPathFor, updateFeedLog } from "../../src/node/feed-log.js";
import { createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

const BASE = "http://localhost:3000/";
const TREE = "https://w3id.org/tree#";
const DCT = "http://purl.org/dc/terms/";

function app(site: Site, events?: readonly FeedEvent[], pageSize = 10) {
  const a = express();
  a.use(createLodRouter({ site, sparql: false, feed: { pageSize, ...(events ? { events } : {}) } }));
  return a;
}

/** Follows the feed like an LDES client: the root, then every node its relations name, collecting members. */
async function crawl(a: express.Express): Promise<{ members: Map<string, Quad[]>; pages: number }> {
  const seen = new Set<string>();
  const queue = [`${BASE}feed`];
  const all: Quad[] = [];
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await request(a)
      .get(url.slice(BASE.length - 1))
      .set("Accept", "text/turtle");
    expect(res.status, url).toBe(200);
    const quads = new Parser({ baseIRI: "http://foreign.example/" }).parse(res.text);
    all.push(...quads);
    for (const q of quads) if (q.predicate.value === `${TREE}node`) queue.push(q.object.value);
  }
  const members = new Map<string, Quad[]>();
  for (const q of all)
    if (q.predicate.value === `${TREE}member`)
      members.set(
        q.object.value,
        all.filter((x) => x.subject.value === q.object.value),
      );
  return { members, pages: seen.size - 1 };
}

describe("http/feed", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "govlod-feed-http-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the site's current state as one version per document when there is no log", async () => {
    const site = createSite(await seedItems());
    const { members } = await crawl(app(site));
    expect(members.size).toBe(site.documents.size);
    const things = new Set(
      [...members.values()].map(
        (qs) => qs.find((q) => q.predicate.value === `${DCT}isVersionOf`)?.object.value,
      ),
    );
    expect(things).toEqual(new Set([...site.documents.values()].map((d) => d.thingIri)));
  });

  it("finds exactly one new member after one content change and a rebuild", async () => {
    const file = feedLogPathFor(join(dir, "site"));
    const items = await seedItems();
    const before = createSite(items);
    const first = await updateFeedLog(file, before, { now: new Date("2024-01-01T00:00:00Z") });
    const crawled = await crawl(app(before, first.events));
    const changed = items.map(
      (i): ContentItem =>
        i.type === "Report" && i.slug === "nou-2020-15"
          ? { ...i, alternateName: { nb: "Distriktsdemografiutvalgets utredning" } }
          : i,
    );
    const after = createSite(changed);
    const second = await updateFeedLog(file, after, { now: new Date("2024-02-01T00:00:00Z") });
    const recrawled = await crawl(app(after, second.events));
    const added = [...recrawled.members.keys()].filter((m) => !crawled.members.has(m));
    expect(added).toHaveLength(1);
    const member = recrawled.members.get(added[0] as string) ?? [];
    expect(member.find((q) => q.predicate.value === `${DCT}isVersionOf`)?.object.value).toBe(
      `${BASE}id/document/nou-2020-15`,
    );
    expect(member.some((q) => q.object.value === "Distriktsdemografiutvalgets utredning")).toBe(true);
  });

  it("marks full pages immutable and the newest page and root revalidatable", async () => {
    const site = createSite(await seedItems());
    const a = app(site, undefined, 10);
    const full = await request(a).get("/feed/0").set("Accept", "application/ld+json");
    expect(full.status).toBe(200);
    expect(full.headers["content-type"]).toBe("application/ld+json");
    expect(full.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(full.headers.vary).toMatch(/Accept/);
    const lastIndex = Math.floor((site.documents.size - 1) / 10);
    const last = await request(a).get(`/feed/${lastIndex}`);
    expect(last.headers["cache-control"]).toBe("public, max-age=60");
    expect((await request(a).get("/feed")).headers["cache-control"]).toBe("public, max-age=60");
    expect(
      (
        await request(a)
          .get("/feed/0")
          .set("Accept", "application/ld+json")
          .set("If-None-Match", full.headers.etag as string)
      ).status,
    ).toBe(304);
    expect(
      (
        await request(a)
          .get("/feed/0")
          .set("If-None-Match", full.headers.etag as string)
      ).status,
    ).toBe(200);
    expect((await request(a).get(`/feed/${lastIndex + 1}`)).status).toBe(404);
  });

  it("answers extensions and refuses what it cannot offer", async () => {
    const a = app(createSite(await seedItems()));
    const nq = await request(a).get("/feed/0.nq");
    expect(nq.headers["content-type"]).toBe("application/n-quads; charset=utf-8");
    expect((await request(a).get("/feed").set("Accept", "image/png")).status).toBe(406);
    expect((await request(a).head("/feed/member/0")).status).toBe(200);
  });

  it("is on by default in the linked-data router, and off with feed: false", async () => {
    const site = createSite(await seedItems());
    const on = express().use(createLodRouter({ site, sparql: false }));
    expect((await request(on).get("/feed").set("Accept", "text/turtle")).status).toBe(200);
    const off = express().use(createLodRouter({ site, sparql: false, feed: false }));
    expect((await request(off).get("/feed")).status).toBe(404);
  });
});
