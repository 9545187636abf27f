import { cp, readdir } from "node:fs/promises";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { type BuildProgress, buildSite, createBuilder } from "../../src/node/build.js";
import { FULL_COLLECTION_MIN_HEAP_BYTES, v8FullCollection } from "../../src/node/collect-garbage.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import { TURTLE } from "../../src/serialize/formats.js";
import { cleanup, editJson, tempDir } from "../cli/helpers.js";
import { DATA_DIR } from "../helpers/seed.js";

const BASE = "https://data.example.gov/";

describe("node/collect-garbage", () => {
  const roots: string[] = [];
  afterAll(() => cleanup(...roots));

  it("v8FullCollection collects what nothing reaches once the heap is larger than its threshold, and leaves no gc to later contexts", async () => {
    const startedWithGc = typeof (globalThis as { gc?: unknown }).gc === "function";
    const used = getHeapStatistics().used_heap_size;
    // A WeakRef keeps its target alive until the job that made it (or last dereferenced it) has ended.
    const nextJob = () => new Promise((resolve) => setImmediate(resolve));
    const unreachable = async () => {
      let held: object | undefined = { big: new Array(10_000).fill(1) };
      const ref = new WeakRef(held);
      held = undefined;
      await nextJob();
      expect(ref.deref()).toBeDefined();
      await nextJob();
      return ref;
    };
    const small = await unreachable();
    v8FullCollection(used * 4)(); // the heap is smaller: nothing happens
    expect(small.deref()).toBeDefined();
    await nextJob();
    const large = await unreachable();
    v8FullCollection(0)();
    expect(large.deref()).toBeUndefined();
    expect(FULL_COLLECTION_MIN_HEAP_BYTES).toBe(512 * 1024 * 1024);
    if (!startedWithGc) {
      expect(runInNewContext("typeof gc")).toBe("undefined");
      expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
    }
  });

  it("a build that maps the whole site collects once, after validating and before rendering; a builder's rebuild does not", async () => {
    const root = await tempDir("govlod-gc-");
    roots.push(root);
    const content = join(root, "content");
    await cp(DATA_DIR, content, { recursive: true });
    const phases: BuildProgress["phase"][] = [];
    /** How many progress reports came before each collection. */
    const calls: number[] = [];
    const options = {
      dir: content,
      baseIri: BASE,
      formats: [TURTLE],
      shapes: await loadShapes(),
      onProgress: (p: BuildProgress) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
      collectGarbage: () => void calls.push(phases.length),
    };
    const reportedBefore = (n: number) => phases.slice(0, n);

    await buildSite({ ...options, out: join(root, "once") });
    expect(calls).toHaveLength(1);
    expect(reportedBefore(calls[0] as number)).toContain("validate");
    expect(reportedBefore(calls[0] as number)).not.toContain("render");
    expect(phases[calls[0] as number]).toBe("render");

    // A one-off build on a previous output maps and validates the whole site too.
    phases.length = 0;
    calls.length = 0;
    await buildSite({ ...options, out: join(root, "once") });
    expect(calls).toHaveLength(1);

    phases.length = 0;
    calls.length = 0;
    const builder = createBuilder({ ...options, out: join(root, "watched") });
    await builder.build();
    expect(calls).toHaveLength(1);
    const news = join(content, "news");
    const file = (await readdir(news)).find((f) => f.endsWith(".json")) as string;
    await editJson(join(news, file), (j) => {
      (j.title as Record<string, string>).nb = "Endret tittel";
    });
    const rebuilt = await builder.build();
    expect(rebuilt.rendered).toBeGreaterThan(0);
    expect(calls).toHaveLength(1);
    // A full rebuild maps everything again: it collects.
    await builder.build({ incremental: false });
    expect(calls).toHaveLength(2);
  });
});
