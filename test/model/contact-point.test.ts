import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ContactPoint,
  type ContactPointInput,
  ContactPointSchema,
} from "../../src/model/contact-point.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/contact-point/regionalpolitisk-avdeling.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/contact-point", () => {
  it("accepts the seed item", () => {
    expect(ContactPointSchema.parse(seed)).toMatchObject({ type: "ContactPoint", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = ContactPointSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of telephone, naming the field", () => {
    const r = ContactPointSchema.safeParse({ ...seed, telephone: "22 24 70 01" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("telephone");
  });

  it("rejects another type's discriminator", () => {
    expect(ContactPointSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("pins the public types", () => {
    expectTypeOf<ContactPoint["type"]>().toEqualTypeOf<"ContactPoint">();
    expectTypeOf<ContactPoint["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<ContactPointInput>().toHaveProperty("title");
  });
});
