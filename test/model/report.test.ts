import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Report, type ReportInput, ReportSchema } from "../../src/model/report.js";

const seed = JSON.parse(
  readFileSync(new URL("../../data/document/nou-2020-15.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("model/report", () => {
  it("accepts the seed item", () => {
    expect(ReportSchema.parse(seed)).toMatchObject({ type: "Report", slug: seed.slug });
  });

  it("rejects unknown fields, with their names", () => {
    const r = ReportSchema.safeParse({ ...seed, surprise: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["surprise"] });
  });

  it("rejects a wrong value of reportNumber, naming the field", () => {
    const r = ReportSchema.safeParse({ ...seed, reportNumber: " NOU 2020: 15" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe("reportNumber");
  });

  it("rejects another type's discriminator", () => {
    expect(ReportSchema.safeParse({ ...seed, type: "Nope" }).success).toBe(false);
  });

  it("pins the public types", () => {
    expectTypeOf<Report["type"]>().toEqualTypeOf<"Report">();
    expectTypeOf<Report["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<ReportInput>().toHaveProperty("title");
  });
});
