import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Strategy, type StrategyInput, StrategySchema } from "../../src/model/strategy.js";

const seed = JSON.parse(
  readFileSync(
    new URL("../../data/strategy/strategier-for-smabyer-kyst-fjell-og-innland.json", import.meta.url),
    "utf8",
  ),
) as Record<string, unknown>;

describe("model/strategy", () => {
  it("accepts the seed item", () => {
    expect(StrategySchema.parse(seed)).toMatchObject({ type: "Strategy", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = StrategySchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of policyAreas, naming the field", () => {
    const r = StrategySchema.safeParse({ ...seed, policyAreas: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("policyAreas");
  });

  it("rejects another type's discriminator", () => {
    expect(StrategySchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without policyAreas (missing policy areas)", () => {
    const { policyAreas: _, ...rest } = seed;
    const r = StrategySchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("policyAreas");
  });

  it("pins the public types", () => {
    expectTypeOf<Strategy["type"]>().toEqualTypeOf<"Strategy">();
    expectTypeOf<Strategy["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<StrategyInput>().toHaveProperty("title");
  });
});
