import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Organisation,
  type OrganisationInput,
  OrganisationSchema,
} from "../../src/model/organisation.js";

const seed = JSON.parse(
  readFileSync(
    new URL("../../data/organization/kommunal-og-moderniseringsdepartementet.json", import.meta.url),
    "utf8",
  ),
) as Record<string, unknown>;

describe("model/organisation", () => {
  it("accepts the seed item", () => {
    expect(OrganisationSchema.parse(seed)).toMatchObject({ type: "Organisation", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = OrganisationSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of organisationNumber, naming the field", () => {
    const r = OrganisationSchema.safeParse({ ...seed, organisationNumber: "97241785" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("organisationNumber");
  });

  it("rejects another type's discriminator", () => {
    expect(OrganisationSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without classification (missing classification)", () => {
    const { classification: _, ...rest } = seed;
    const r = OrganisationSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("classification");
  });

  it("pins the public types", () => {
    expectTypeOf<Organisation["type"]>().toEqualTypeOf<"Organisation">();
    expectTypeOf<Organisation["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<OrganisationInput>().toHaveProperty("title");
  });
});
