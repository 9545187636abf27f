import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/cli/commands/serve.js";
import { readFeedLog } from "../../src/node/feed-log.js";
import { cleanup, copySeed, editJson } from "./helpers.js";

describe("cli/commands/serve (--feed-log)", () => {
  let dir: string | undefined;
  let running: RunningServer | undefined;
  afterAll(async () => {
    await running?.close();
    if (dir) await cleanup(join(dir, ".."));
  });

  it("appends each reload's changes to the log and serves the history at /feed", async () => {
    dir = await copySeed();
    const feedLog = join(dir, "..", "feed.jsonl");
    const start = () =>
      startServer(dir as string, {
        port: 0,
        host: "127.0.0.1",
        baseIri: "https://data.example.gov/",
        watch: false,
        log: () => {},
        feedLog,
      });
    running = await start();
    const created = (await readFeedLog(feedLog)).length;
    expect(created).toBeGreaterThan(20);
    const feed = await fetch(`${running.url}feed`, { headers: { accept: "text/turtle" } });
    expect(feed.status).toBe(200);
    expect(await feed.text()).toMatch(/ldes:EventStream/);

    await editJson(join(dir, "report/regionale-utviklingstrekk-2021.json"), (j) => ({
      ...j,
      alternateName: { nb: "RUT" },
    }));
    expect(await running.reload()).toBe(true);
    expect(await readFeedLog(feedLog)).toHaveLength(created + 1);

    // A restart over unchanged content appends nothing: the log survives.
    await running.close();
    running = await start();
    expect(await readFeedLog(feedLog)).toHaveLength(created + 1);
  }, 120_000);
});
