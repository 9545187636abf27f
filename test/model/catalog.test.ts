import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Catalog, type CatalogInput, CatalogSchema } from "../../src/model/catalog.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/catalog/regional-og-distriktspolitikk.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/catalog", () => {
  it("accepts the seed item", () => {
    expect(CatalogSchema.parse(seed)).toMatchObject({ type: "Catalog", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = CatalogSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of languages, naming the field", () => {
    const r = CatalogSchema.safeParse({ ...seed, languages: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("languages");
  });

  it("rejects another type's discriminator", () => {
    expect(CatalogSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without license (missing licence)", () => {
    const { license: _, ...rest } = seed;
    const r = CatalogSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("license");
  });

  it("rejects content without languages (missing languages)", () => {
    const { languages: _, ...rest } = seed;
    const r = CatalogSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("languages");
  });

  it("pins the public types", () => {
    expectTypeOf<Catalog["type"]>().toEqualTypeOf<"Catalog">();
    expectTypeOf<Catalog["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<CatalogInput>().toHaveProperty("title");
  });
});
