import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type PolicyArea, type PolicyAreaInput, PolicyAreaSchema } from "../../src/model/policy-area.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/policy-area/regional-og-distriktspolitikk.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/policy-area", () => {
  it("accepts the seed item", () => {
    expect(PolicyAreaSchema.parse(seed)).toMatchObject({ type: "PolicyArea", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = PolicyAreaSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of goal, naming the field", () => {
    const r = PolicyAreaSchema.safeParse({ ...seed, goal: { nb: 1 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("goal");
  });

  it("rejects another type's discriminator", () => {
    expect(PolicyAreaSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without publisher (missing publisher)", () => {
    const { publisher: _, ...rest } = seed;
    const r = PolicyAreaSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("publisher");
  });

  it("pins the public types", () => {
    expectTypeOf<PolicyArea["type"]>().toEqualTypeOf<"PolicyArea">();
    expectTypeOf<PolicyArea["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<PolicyAreaInput>().toHaveProperty("title");
  });
});
