import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSite, MIN_ITEMS, slugify, writeSite } from "../../scripts/synth.js";
import { isZonedDate } from "../../src/model/common.js";
import { loadContentDir } from "../../src/node/index.js";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "govlod-synth-test-"));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("scripts/synth", () => {
  it("writes a site that loads: every item valid, every reference resolves", async () => {
    const dir = join(await tempDir(), "site");
    const files = await writeSite(dir, { items: 600, seed: 3 });
    const loaded = await loadContentDir(dir);
    expect(loaded).toHaveLength(600);
    expect(new Set(loaded.map((l) => l.ref))).toEqual(new Set(files.map((f) => `${f.kind}/${f.slug}`)));
  });

  it("makes exactly the number of items asked for, with every content kind", () => {
    for (const n of [MIN_ITEMS, 1000, 2345]) {
      const files = generateSite({ items: n });
      expect(files).toHaveLength(n);
      expect(new Set(files.map((f) => f.item.type))).toEqual(
        new Set([
          "PolicyArea",
          "Strategy",
          "Report",
          "NewsItem",
          "Organisation",
          "ContactPoint",
          "Catalog",
          "Dataset",
          "Distribution",
          "DataService",
        ]),
      );
    }
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = JSON.stringify(generateSite({ items: 500, seed: 9 }));
    expect(JSON.stringify(generateSite({ items: 500, seed: 9 }))).toBe(a);
    expect(JSON.stringify(generateSite({ items: 500, seed: 10 }))).not.toBe(a);
  });

  it("looks like the seed: news with zoned dates, NOUs, organisations with and without numbers, nb/nn/en text", () => {
    const items = generateSite({ items: 2000 }).map((f) => f.item as Record<string, unknown>);
    const news = items.filter((i) => i.type === "NewsItem");
    expect(news.length).toBeGreaterThan(items.length / 3);
    expect(news.every((n) => typeof n.published === "string" && isZonedDate(n.published))).toBe(true);
    expect(
      items.some((i) => typeof i.reportNumber === "string" && /^NOU \d{4}: \d+$/.test(i.reportNumber)),
    ).toBe(true);
    const orgs = items.filter((i) => i.type === "Organisation");
    const numbers = orgs.map((o) => o.organisationNumber).filter((x): x is string => typeof x === "string");
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.length).toBeLessThan(orgs.length);
    expect(new Set(numbers).size).toBe(numbers.length);
    const titles = items.map((i) => i.title as Record<string, string>);
    for (const lang of ["nb", "nn", "en"]) expect(titles.some((t) => t[lang] !== undefined)).toBe(true);
    expect(titles.every((t) => t.nb !== undefined)).toBe(true);
  });

  it("gives organisation numbers a valid MOD11 check digit", () => {
    const weights = [3, 2, 7, 6, 5, 4, 3, 2];
    const numbers = generateSite({ items: 3000 })
      .map((f) => (f.item as { organisationNumber?: string }).organisationNumber)
      .filter((x): x is string => x !== undefined);
    for (const n of numbers) {
      const sum = weights.reduce((s, w, i) => s + w * Number(n[i]), 0);
      const check = (11 - (sum % 11)) % 11;
      expect(check).toBe(Number(n[8]));
    }
  });

  it("makes slugs from Norwegian text", () => {
    expect(slugify("Ny satsing på høyere utdanning i Bodø – 2021")).toBe(
      "ny-satsing-pa-hoyere-utdanning-i-bodo-2021",
    );
    expect(slugify("Næringsliv")).toBe("naeringsliv");
  });

  it("refuses sizes below the minimum and folders that are not empty", async () => {
    expect(() => generateSite({ items: MIN_ITEMS - 1 })).toThrow(RangeError);
    const dir = await tempDir();
    await writeFile(join(dir, "x.txt"), "x");
    await expect(writeSite(dir, { items: MIN_ITEMS })).rejects.toThrow(/not empty/);
  });
});
