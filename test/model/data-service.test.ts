import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type DataService, type DataServiceInput, DataServiceSchema } from "../../src/model/data-service.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/service/sparql.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/data-service", () => {
  it("accepts the seed item", () => {
    expect(DataServiceSchema.parse(seed)).toMatchObject({ type: "DataService", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = DataServiceSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of endpointUrl, naming the field", () => {
    const r = DataServiceSchema.safeParse({ ...seed, endpointUrl: "sparql" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("endpointUrl");
  });

  it("rejects another type's discriminator", () => {
    expect(DataServiceSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("rejects content without endpointUrl (missing endpoint)", () => {
    const { endpointUrl: _, ...rest } = seed;
    const r = DataServiceSchema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("endpointUrl");
  });

  it("pins the public types", () => {
    expectTypeOf<DataService["type"]>().toEqualTypeOf<"DataService">();
    expectTypeOf<DataService["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<DataServiceInput>().toHaveProperty("title");
  });
});
