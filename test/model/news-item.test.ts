import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type NewsItem, type NewsItemInput, NewsItemSchema } from "../../src/model/news-item.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/news/regionale-utviklingstrekk-2021.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/news-item", () => {
  it("accepts the seed item", () => {
    expect(NewsItemSchema.parse(seed)).toMatchObject({ type: "NewsItem", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = NewsItemSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of image, naming the field", () => {
    const r = NewsItemSchema.safeParse({ ...seed, image: { url: "https://example.org/x.jpg" } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("image");
  });

  it("rejects another type's discriminator", () => {
    expect(NewsItemSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without published (missing date)", () => {
    const { published: _, ...rest } = seed;
    const r = NewsItemSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("published");
  });

  it("rejects content without publisher (missing publisher)", () => {
    const { publisher: _, ...rest } = seed;
    const r = NewsItemSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("publisher");
  });

  it("pins the public types", () => {
    expectTypeOf<NewsItem["type"]>().toEqualTypeOf<"NewsItem">();
    expectTypeOf<NewsItem["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<NewsItemInput>().toHaveProperty("title");
  });
});
