import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedLogPathFor, readFeedLog } from "../../src/node/feed-log.js";
import { cleanup, cli, copySeed, editJson } from "./helpers.js";

describe("cli/commands/build (change feed)", () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await copySeed();
    out = join(dir, "..", "site");
  });
  afterAll(async () => {
    await cleanup(join(dir, ".."));
  });

  it("keeps the event log beside the output: the first build logs every document, a rebuild only what changed", async () => {
    expect((await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"])).code).toBe(0);
    const first = await readFeedLog(feedLogPathFor(out));
    expect(first.length).toBeGreaterThan(20);
    expect(new Set(first.map((e) => e.operation))).toEqual(new Set(["create"]));

    // Unchanged content appends nothing.
    expect((await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"])).code).toBe(0);
    expect(await readFeedLog(feedLogPathFor(out))).toHaveLength(first.length);

    await editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => ({
      ...j,
      title: { nb: "Regionale utviklingstrekk 2021 (oppdatert)" },
    }));
    expect((await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"])).code).toBe(0);
    const after = await readFeedLog(feedLogPathFor(out));
    expect(after).toHaveLength(first.length + 1);
    expect(after.at(-1)).toMatchObject({ operation: "update", ref: "news/regionale-utviklingstrekk-2021" });
  }, 180_000);

  it("logs nothing when the build fails on invalid content", async () => {
    const before = (await readFeedLog(feedLogPathFor(out))).length;
    await editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => ({
      ...j,
      published: "yesterday",
    }));
    expect((await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"])).code).toBe(1);
    expect(await readFeedLog(feedLogPathFor(out))).toHaveLength(before);
  }, 180_000);
});
