import { describe, expect, it } from "vitest";
import {
  DateLikeSchema,
  IriSchema,
  isZonedDate,
  LangStringSchema,
  parseRef,
  RefSchema,
  SiteUrlSchema,
  SlugSchema,
} from "../../src/model/common.js";

describe("model/common", () => {
  it.each([
    ["2021-05-05T00:00:00+02:00", true],
    ["2021-05-05T10:30Z", true],
    ["2021-05-05T10:30:15.123-05:30", true],
    ["2021-05-05+02:00", true],
    ["2021-05-05", false],
    ["2021-05-05T10:00:00", false],
    ["2021-02-29T00:00:00Z", false],
    ["2020-02-29T00:00:00Z", true],
    ["2021-13-01T00:00:00Z", false],
    ["2021-05-05T24:00:00Z", false],
    ["05.05.2021", false],
    ["2021-05-05T00:00:00+15:00", false],
  ])("isZonedDate(%s) is %s", (value, expected) => {
    expect(isZonedDate(value)).toBe(expected);
    expect(DateLikeSchema.safeParse(value).success).toBe(expected);
  });

  it("accepts text in nb, nn and en only, and at least one", () => {
    expect(LangStringSchema.safeParse({ nb: "a", en: "b" }).success).toBe(true);
    expect(LangStringSchema.safeParse({}).success).toBe(false);
    expect(LangStringSchema.safeParse({ de: "x" }).success).toBe(false);
    expect(LangStringSchema.safeParse({ nb: "   " }).success).toBe(false);
    expect(LangStringSchema.safeParse({ nb: "a\u0000b" }).success).toBe(false);
    expect(LangStringSchema.safeParse({ nb: "x".repeat(20_001) }).success).toBe(false);
    expect(LangStringSchema.safeParse({ nb: "line\nbreak\ttab" }).success).toBe(true);
  });

  it("accepts references as kind/slug or absolute IRIs", () => {
    expect(RefSchema.safeParse("news/a-b-1").success).toBe(true);
    expect(RefSchema.safeParse("https://example.org/x").success).toBe(true);
    expect(RefSchema.safeParse("nonsense/x").success).toBe(false);
    expect(RefSchema.safeParse("news/Bad_Slug").success).toBe(false);
    expect(RefSchema.safeParse("../../etc/passwd").success).toBe(false);
    expect(parseRef("policy-area/x")).toEqual({ kind: "policy-area", slug: "x" });
    expect(parseRef("https://example.org/x")).toBeUndefined();
  });

  it("accepts slugs of lowercase words joined by single hyphens", () => {
    for (const ok of ["a", "nou-2020-15", "x1-y2"]) expect(SlugSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["", "A", "a--b", "-a", "a-", "a b", "a/b", "æøå"])
      expect(SlugSchema.safeParse(bad).success).toBe(false);
  });

  it("accepts absolute IRIs and site paths where a URL is expected", () => {
    expect(IriSchema.safeParse("https://example.org/a b").success).toBe(false);
    expect(IriSchema.safeParse("relative/path").success).toBe(false);
    expect(IriSchema.safeParse("tel:+4722247001").success).toBe(true);
    expect(SiteUrlSchema.safeParse("/dump.nq").success).toBe(true);
    expect(SiteUrlSchema.safeParse("dump.nq").success).toBe(false);
  });
});
