import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Dataset, type DatasetInput, DatasetSchema } from "../../src/model/dataset.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/dataset/regional-og-distriktspolitikk.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/dataset", () => {
  it("accepts the seed item", () => {
    expect(DatasetSchema.parse(seed)).toMatchObject({ type: "Dataset", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = DatasetSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of themes, naming the field", () => {
    const r = DatasetSchema.safeParse({ ...seed, themes: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("themes");
  });

  it("rejects another type's discriminator", () => {
    expect(DatasetSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without description (missing description)", () => {
    const { description: _, ...rest } = seed;
    const r = DatasetSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("description");
  });

  it("rejects content without themes (missing themes)", () => {
    const { themes: _, ...rest } = seed;
    const r = DatasetSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("themes");
  });

  it("pins the public types", () => {
    expectTypeOf<Dataset["type"]>().toEqualTypeOf<"Dataset">();
    expectTypeOf<Dataset["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<DatasetInput>().toHaveProperty("title");
  });
});
