import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Distribution,
  type DistributionInput,
  DistributionSchema,
} from "../../src/model/distribution.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/distribution/dump-nq.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/distribution", () => {
  it("accepts the seed item", () => {
    expect(DistributionSchema.parse(seed)).toMatchObject({ type: "Distribution", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = DistributionSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of mediaType, naming the field", () => {
    const r = DistributionSchema.safeParse({ ...seed, mediaType: "N-Quads" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("mediaType");
  });

  it("rejects another type's discriminator", () => {
    expect(DistributionSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without accessUrl (missing access URL)", () => {
    const { accessUrl: _, ...rest } = seed;
    const r = DistributionSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("accessUrl");
  });

  it("rejects content without mediaType (missing media type)", () => {
    const { mediaType: _, ...rest } = seed;
    const r = DistributionSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("mediaType");
  });

  it("pins the public types", () => {
    expectTypeOf<Distribution["type"]>().toEqualTypeOf<"Distribution">();
    expectTypeOf<Distribution["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<DistributionInput>().toHaveProperty("title");
  });
});
