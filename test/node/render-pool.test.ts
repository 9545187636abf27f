import { readdir } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { startRenderPool } from "../../src/node/render-pool.js";
import { createSite } from "../../src/site/site.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { seedItems } from "../helpers/seed.js";

describe("node/render-pool", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await cleanup(d);
  });

  it("renders every job once, in workers and in the caller's own thread (take), and writes the files", async () => {
    const items = await seedItems();
    const site = createSite(items);
    const folder = await tempDir();
    dirs.push(folder);
    const jobs = [...site.documents.keys()].map((ref) => ({ ref, part: "data" as const }));
    const seen: string[] = [];
    const pool = startRenderPool({
      items,
      baseIri: site.baseIri,
      folder,
      formats: ["ttl"],
      jobs,
      workers: 1,
      chunk: 4,
      onRendered: (r) => {
        expect(r.files.map((f) => f.format)).toEqual(["ttl"]);
        seen.push(r.ref);
      },
    });
    const mine = pool.take() ?? [];
    expect(mine.length).toBe(4);
    await pool.done;
    expect([...seen, ...mine.map((j) => j.ref)].sort()).toEqual([...site.documents.keys()].sort());
    const written = await readdir(folder, { recursive: true });
    expect(written.filter((f) => f.endsWith(".ttl")).length).toBe(seen.length);
    expect(pool.take()).toBeUndefined();
  });

  it("fails with the worker's reason, and stops", async () => {
    const items = await seedItems();
    const folder = await tempDir();
    dirs.push(folder);
    const pool = startRenderPool({
      items,
      baseIri: createSite(items).baseIri,
      folder,
      formats: ["ttl"],
      jobs: [{ ref: "news/does-not-exist", part: "all" }],
      workers: 2,
      onRendered: () => {},
    });
    await expect(pool.done).rejects.toThrow(/Rendering failed: .*news\/does-not-exist/);
    await pool.stop();
  });

  it("refuses a format it cannot send to a thread", async () => {
    const items = await seedItems();
    const folder = await tempDir();
    dirs.push(folder);
    const site = createSite(items);
    const pool = startRenderPool({
      items,
      baseIri: site.baseIri,
      folder,
      formats: ["no-such-format"],
      jobs: [{ ref: [...site.documents.keys()][0] as string, part: "all" }],
      workers: 1,
      onRendered: () => {},
    });
    await expect(pool.done).rejects.toThrow(/no-such-format/);
  });
});
