import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLodError, ValidationError } from "../../src/errors.js";
import { ContentCache, loadContentDir, safeLoadContentDir } from "../../src/node/index.js";
import { DATA_DIR } from "../helpers/seed.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "govlod-load-"));
  await cp(DATA_DIR, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NEWS = "news/regionale-utviklingstrekk-2021.json";

async function edit(file: string, change: (json: Record<string, unknown>) => Record<string, unknown>) {
  const { readFile } = await import("node:fs/promises");
  const json = JSON.parse(await readFile(join(dir, file), "utf8"));
  await writeFile(join(dir, file), JSON.stringify(change(json)));
}

async function issuesOf() {
  const r = await safeLoadContentDir(dir);
  expect(r.success).toBe(false);
  return r.issues;
}

describe("node/load-content", () => {
  it("with a cache, reads again only the files that changed, and keeps the other items as the same objects", async () => {
    const cache = new ContentCache();
    const first = await loadContentDir(dir, { cache });
    expect(cache.reads).toBe(first.length);
    const again = await loadContentDir(dir, { cache });
    expect(cache.reads).toBe(first.length); // nothing read
    expect(again.map((l) => l.item)).toEqual(first.map((l) => l.item));
    for (const [i, l] of again.entries()) expect(l.item).toBe(first[i]?.item);
    await edit(NEWS, (j) => ({ ...j, title: { nb: "Endret tittel" } }));
    await rm(join(dir, "organization/esa.json"));
    await edit("news/kommunal-kompensasjonsordning-for-lokale-virksomheter.json", (j) => {
      const { mentions: _, ...rest } = j; // it mentions ESA
      return rest;
    });
    const edited = await loadContentDir(dir, { cache });
    expect(cache.reads).toBe(first.length + 2);
    const fresh = await loadContentDir(dir);
    expect(edited.map((l) => [l.ref, l.item, l.hash])).toEqual(fresh.map((l) => [l.ref, l.item, l.hash]));
    expect(edited.find((l) => l.file.endsWith(NEWS))?.item.title).toEqual({ nb: "Endret tittel" });
    expect(edited.some((l) => l.ref === "organization/esa")).toBe(false);
  });

  it("with a cache, reports a duplicate slug as a load without one does (the first file in file order is kept)", async () => {
    const cache = new ContentCache();
    await loadContentDir(dir, { cache });
    const { mkdir, readFile } = await import("node:fs/promises");
    // A new file that sorts before the cached one with the same slug.
    await mkdir(join(dir, "news/a"));
    await writeFile(join(dir, "news/a/regionale-utviklingstrekk-2021.json"), await readFile(join(dir, NEWS)));
    const cached = await safeLoadContentDir(dir, { cache });
    const fresh = await safeLoadContentDir(dir);
    expect(cached.success).toBe(false);
    expect(cached.issues).toEqual(fresh.issues);
    expect(cached.issues).toEqual([
      expect.objectContaining({ code: "duplicate_slug", file: join(dir, NEWS) }),
    ]);
  });

  it("loads the seed site: 25 valid items, sorted by reference, each with its file and hash", async () => {
    const items = await loadContentDir(DATA_DIR);
    expect(items).toHaveLength(25);
    expect(items.map((i) => i.ref)).toEqual([...items.map((i) => i.ref)].sort((a, b) => a.localeCompare(b)));
    const nou = items.find((i) => i.ref === "document/nou-2020-15");
    expect(nou?.file).toMatch(/document\/nou-2020-15\.json$/);
    expect(nou?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("skips hidden files and everything in hidden folders (an editor's or a version control's), and files not JSON", async () => {
    const { mkdir } = await import("node:fs/promises");
    for (const folder of [".git", "news/.drafts", ".cache/deep"])
      await mkdir(join(dir, folder), { recursive: true });
    for (const file of [".git/config.json", "news/.drafts/x.json", ".cache/deep/y.json", "news/.z.json"])
      await writeFile(join(dir, file), "{ not json");
    await writeFile(join(dir, "news/notes.txt"), "not content");
    const r = await safeLoadContentDir(dir);
    expect(r.issues).toEqual([]);
    expect(r.items).toHaveLength(25);
  });

  it("reports malformed JSON with the file name", async () => {
    await writeFile(join(dir, NEWS), '{ "type": "NewsItem", ');
    const [issue] = await issuesOf();
    expect(issue).toMatchObject({ code: "invalid_json", file: join(dir, NEWS) });
    expect(issue?.message).toContain("regionale-utviklingstrekk-2021.json");
  });

  it("reports a missing required field by file and field", async () => {
    await edit(NEWS, ({ publisher: _, ...rest }) => rest);
    const issues = await issuesOf();
    expect(issues).toContainEqual(
      expect.objectContaining({ file: join(dir, NEWS), path: ["publisher"], code: "invalid_type" }),
    );
    expect(issues[0]?.message).toContain('field "publisher"');
  });

  it("reports a wrong type by file and field", async () => {
    await edit(NEWS, (j) => ({ ...j, title: "not a language map" }));
    expect(await issuesOf()).toContainEqual(
      expect.objectContaining({ file: join(dir, NEWS), path: ["title"], code: "invalid_type" }),
    );
  });

  it("rejects unknown fields, naming them", async () => {
    await edit(NEWS, (j) => ({ ...j, headline: "x" }));
    const issues = await issuesOf();
    expect(issues).toContainEqual(
      expect.objectContaining({ file: join(dir, NEWS), code: "unrecognized_keys" }),
    );
    expect(issues[0]?.message).toContain("headline");
  });

  it("rejects a date without time zone and an impossible date", async () => {
    for (const bad of ["2021-05-05T10:00:00", "2021-02-30T00:00:00+01:00", "05.05.2021"]) {
      await edit(NEWS, (j) => ({ ...j, published: bad }));
      const issues = await issuesOf();
      expect(issues).toContainEqual(
        expect.objectContaining({ file: join(dir, NEWS), path: ["published"], code: "custom" }),
      );
      expect(issues[0]?.message).toContain("time zone");
    }
  });

  it("rejects text in languages other than nb, nn and en", async () => {
    await edit(NEWS, (j) => ({ ...j, title: { se: "Regionála ovdánahttinsárgosat" } }));
    expect(await issuesOf()).toContainEqual(
      expect.objectContaining({ path: ["title", "se"], code: "unrecognized_keys" }),
    );
  });

  it("rejects control characters in text", async () => {
    await edit(NEWS, (j) => ({ ...j, title: { nb: "Regionale\u0007utviklingstrekk" } }));
    expect(await issuesOf()).toContainEqual(expect.objectContaining({ path: ["title", "nb"] }));
  });

  it("reports a dangling reference by file and field", async () => {
    await edit(NEWS, (j) => ({ ...j, about: ["report/does-not-exist"] }));
    const issues = await issuesOf();
    expect(issues).toEqual([
      expect.objectContaining({ file: join(dir, NEWS), path: ["about", 0], code: "dangling_reference" }),
    ]);
    expect(issues[0]?.message).toContain("report/does-not-exist");
  });

  it("says a missing field is required, names an unknown one, reads a byte order mark and places a syntax error", async () => {
    await edit(NEWS, (j) => {
      const { title: _, ...rest } = j;
      return { ...rest, status: "draft" };
    });
    const issues = await issuesOf();
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ["title"], message: 'field "title": is required' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ["status"], code: "unrecognized_keys", file: join(dir, NEWS) }),
    );
    const { readFile } = await import("node:fs/promises");
    const other = "news/kommunal-kompensasjonsordning-for-lokale-virksomheter.json";
    await writeFile(join(dir, NEWS), `\ufeff${await readFile(join(DATA_DIR, NEWS), "utf8")}`);
    await writeFile(join(dir, other), '{\n  "type": "NewsItem",\n  slug\n}\n');
    expect(await issuesOf()).toEqual([
      expect.objectContaining({
        file: join(dir, other),
        code: "invalid_json",
        message: expect.stringMatching(/\(line 3, column 3\)$/),
      }),
    ]);
  });

  it("warns when no item is a Catalog (the DCAT catalog would be empty) and loads the rest", async () => {
    await rm(join(dir, "catalog"), { recursive: true });
    const r = await safeLoadContentDir(dir);
    expect(r.success).toBe(true);
    expect(r.issues).toEqual([
      expect.objectContaining({ code: "no_catalog", severity: "warning", file: dir }),
    ]);
    expect((await safeLoadContentDir(DATA_DIR)).issues).toEqual([]);
  });

  it("reports an invalid item once, not again in every file that refers to it", async () => {
    const ministry = "organization/kommunal-og-moderniseringsdepartementet.json";
    // Eighteen files name the ministry as publisher.
    await edit(ministry, (j) => ({ ...j, organisationNumber: "97241785" }));
    const issues = await issuesOf();
    expect(issues.map((i) => [i.file, i.code])).toEqual([[join(dir, ministry), expect.any(String)]]);
    // Not even JSON: its file name and folder still name it.
    await writeFile(join(dir, ministry), "{");
    expect((await issuesOf()).map((i) => [i.file, i.code])).toEqual([[join(dir, ministry), "invalid_json"]]);
    // A reference to something that has no file at all is still dangling.
    await edit(NEWS, (j) => ({ ...j, about: ["report/does-not-exist"] }));
    expect((await issuesOf()).map((i) => i.code)).toContain("dangling_reference");
  });

  it("accepts absolute IRIs for external things", async () => {
    await edit(NEWS, (j) => ({ ...j, mentions: ["https://www.wikidata.org/wiki/Q1061441"] }));
    expect((await safeLoadContentDir(dir)).success).toBe(true);
  });

  it("reports a duplicate slug, naming both files", async () => {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dir, "archive"), { recursive: true });
    await cp(join(dir, NEWS), join(dir, "archive", "regionale-utviklingstrekk-2021.json"));
    const issues = await issuesOf();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "duplicate_slug", path: ["slug"] });
    expect(issues[0]?.message).toContain("news/regionale-utviklingstrekk-2021");
    expect(issues[0]?.message).toMatch(/archive|news\//);
  });

  it("reports a slug that differs from the file name", async () => {
    await edit(NEWS, (j) => ({ ...j, slug: "other-slug" }));
    expect(await issuesOf()).toContainEqual(
      expect.objectContaining({ code: "slug_mismatch", path: ["slug"] }),
    );
  });

  it("reports circular references in hierarchies", async () => {
    await edit("organization/kommunal-og-moderniseringsdepartementet.json", (j) => ({
      ...j,
      parent: "organization/regionalpolitisk-avdeling",
    }));
    const issues = await issuesOf();
    expect(issues).toContainEqual(expect.objectContaining({ code: "circular_reference" }));
    expect(issues.find((i) => i.code === "circular_reference")?.message).toContain(
      "organization/regionalpolitisk-avdeling",
    );
  });

  it("throws ValidationError with the issues from loadContentDir", async () => {
    await writeFile(join(dir, NEWS), "not json");
    const error = await loadContentDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(isLodError(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.file).toBe(join(dir, NEWS));
  });

  it("fails with an I/O error for a missing folder", async () => {
    const error = await loadContentDir(join(dir, "nope")).catch((e: unknown) => e);
    expect(isLodError(error) && error.code).toBe("io_error");
  });
});
