import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { feedLogPathFor, readFeedLog, updateFeedLog } from "../../src/node/feed-log.js";
import { createSite } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";

describe("node/feed-log", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "govlod-feed-"));
    file = feedLogPathFor(join(dir, "site"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lives beside the build output, so replacing the output folder keeps it", () => {
    expect(feedLogPathFor("/srv/out/site/")).toBe("/srv/out/site.feed.jsonl");
  });

  it("records every document on the first build and nothing on an unchanged rebuild", async () => {
    const site = createSite(await seedItems());
    const first = await updateFeedLog(file, site, { now: new Date("2024-01-01T00:00:00Z") });
    expect(first.appended).toHaveLength(site.documents.size);
    expect(first.appended.every((e) => e.operation === "create")).toBe(true);
    const again = await updateFeedLog(file, createSite(await seedItems()), {
      now: new Date("2024-01-02T00:00:00Z"),
    });
    expect(again.appended).toEqual([]);
    expect(again.events).toHaveLength(site.documents.size);
  });

  it("appends exactly one member when one document changes, and keeps what was there", async () => {
    const items = await seedItems();
    await updateFeedLog(file, createSite(items), { now: new Date("2024-01-01T00:00:00Z") });
    const before = await readFile(file, "utf8");
    const changed = items.map(
      (i): ContentItem =>
        i.type === "NewsItem" && i.slug === "regionale-utviklingstrekk-2021"
          ? { ...i, title: { nb: "Regionale utviklingstrekk 2021 (oppdatert)" } }
          : i,
    );
    const site = createSite(changed);
    const { appended, events } = await updateFeedLog(file, site, { now: new Date("2024-02-01T00:00:00Z") });
    expect(appended.map((e) => [e.ref, e.operation, e.seq])).toEqual([
      ["news/regionale-utviklingstrekk-2021", "update", site.documents.size],
    ]);
    expect((await readFile(file, "utf8")).startsWith(before)).toBe(true);
    const back = await readFeedLog(file);
    expect(back).toHaveLength(events.length);
    expectSameGraph(
      back.at(-1)?.quads ?? [],
      site.documents.get("news/regionale-utviklingstrekk-2021")?.quads ?? [],
    );
  });

  it("records a removed document as a deletion", async () => {
    const items = await seedItems();
    await updateFeedLog(file, createSite(items), { now: new Date("2024-01-01T00:00:00Z") });
    const fewer = items.filter(
      (i) => !(i.type === "Strategy" && i.slug === "distriktspolitisk-strategi-for-kyst"),
    );
    const { appended } = await updateFeedLog(file, createSite(fewer));
    expect(appended.map((e) => [e.ref, e.operation])).toEqual([
      ["strategy/distriktspolitisk-strategi-for-kyst", "delete"],
    ]);
  });

  it("ignores and replaces a last line cut short by a crash", async () => {
    const items = await seedItems();
    const { events } = await updateFeedLog(file, createSite(items), {
      now: new Date("2024-01-01T00:00:00Z"),
    });
    await appendFile(file, '{"seq":999,"time":"20');
    expect(await readFeedLog(file)).toHaveLength(events.length);
    const removed = items.filter(
      (i) =>
        !(i.type === "Strategy" && i.slug.startsWith("distriktspolitisk-strategi-for-")) ||
        i.slug.endsWith("kyst"),
    );
    const { appended } = await updateFeedLog(file, createSite(removed));
    expect(appended).toHaveLength(2);
    expect(await readFeedLog(file)).toHaveLength(events.length + 2);
  });

  it("names the file and line of a damaged log", async () => {
    await writeFile(file, '{"seq":0,"time":"x","ref":"a/b"}\nnot json\n');
    await expect(readFeedLog(file)).rejects.toThrow(/line 2/);
  });
});
