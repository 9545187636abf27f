import { describe, expect, it } from "vitest";
import { validateContent } from "../../src/validate/schema.js";

describe("validate/schema", () => {
  it("returns the parsed item and no issues for valid content", () => {
    const r = validateContent({
      type: "Strategy",
      slug: "s",
      title: { nb: "Strategi" },
      policyAreas: ["policy-area/p"],
    });
    expect(r.success).toBe(true);
    expect(r.issues).toEqual([]);
    if (r.success) expect(r.data.type).toBe("Strategy");
  });

  it("returns zod issues in the shared issue shape, naming file, field and rule, with a hint", () => {
    const r = validateContent(
      { type: "Strategy", slug: "s", title: { nb: "Strategi" }, policyAreas: [], colour: "red" },
      { file: "data/strategy/s.json" },
    );
    expect(r.success).toBe(false);
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: "schema",
          code: "too_small",
          path: ["policyAreas"],
          severity: "violation",
          file: "data/strategy/s.json",
          field: "policyAreas",
          message: expect.stringMatching(/^field "policyAreas": /),
        }),
        expect.objectContaining({
          code: "unrecognized_keys",
          field: "colour",
          hint: 'remove "colour" or check the spelling',
        }),
      ]),
    );
  });

  it("names nested fields with dots and keeps array indexes in the path", () => {
    const r = validateContent({
      type: "NewsItem",
      slug: "n",
      title: { nb: "Nyhet" },
      published: "2021-05-05T00:00:00+02:00",
      publisher: "organization/o",
      mentions: ["organization/o", "not a ref"],
    });
    expect(r.issues).toEqual([expect.objectContaining({ path: ["mentions", 1], field: "mentions" })]);
  });
});
