import { describe, expect, it } from "vitest";
import type { Issue } from "../../src/errors.js";
import { formatReport, hintFor } from "../../src/validate/report.js";

const issues: Issue[] = [
  {
    source: "shacl",
    code: "MinCountConstraintComponent",
    path: ["http://schema.org/publisher"],
    message: 'field "publisher" (schema:publisher): A news item needs exactly one publisher',
    severity: "violation",
    file: "data/news/b.json",
    field: "publisher",
    focusNode: "http://localhost:3000/id/news/b",
    hint: 'Set "publisher" to the ministry',
  },
  {
    source: "schema",
    code: "invalid_format",
    path: ["telephone"],
    message: 'field "telephone": must be in international form',
    severity: "violation",
    file: "data/contact-point/a.json",
    field: "telephone",
  },
  {
    source: "shacl",
    code: "MinCountConstraintComponent",
    path: ["http://schema.org/url"],
    message: "Google recommends the organization's website (url)",
    severity: "warning",
    focusNode: "http://localhost:3000/id/organization/esa",
  },
  {
    source: "shacl",
    code: "PatternConstraintComponent",
    path: ["http://schema.org/datePublished"],
    message: 'field "published": needs a time zone',
    severity: "warning",
    file: "data/news/b.json",
    field: "published",
  },
];

describe("validate/report", () => {
  it("groups text by file, one line per issue with severity, field, message, rule and a hint", () => {
    const text = formatReport(issues);
    const lines = text.trimEnd().split("\n");
    expect(lines).toEqual([
      "<http://localhost:3000/id/organization/esa>",
      "  warning schema:url  Google recommends the organization's website (url) [MinCountConstraintComponent] → add the missing field",
      "data/contact-point/a.json",
      '  error   telephone  field "telephone": must be in international form [invalid_format] → write the value in the form the message names',
      "data/news/b.json",
      '  error   publisher  field "publisher" (schema:publisher): A news item needs exactly one publisher [MinCountConstraintComponent] → Set "publisher" to the ministry',
      '  warning published  field "published": needs a time zone [PatternConstraintComponent] → write the value in the expected form',
      "invalid: 2 error(s), 2 warning(s) in 2 file(s)",
    ]);
  });

  it("can leave warnings out of the text, and says valid when there are no errors", () => {
    expect(formatReport(issues, { violationsOnly: true })).not.toContain("warning ");
    const warningsOnly = issues.filter((i) => i.severity === "warning");
    expect(formatReport(warningsOnly).trimEnd().split("\n").at(-1)).toBe("valid: 0 errors, 2 warning(s)");
    expect(formatReport([])).toBe("valid: 0 errors, 0 warning(s)\n");
  });

  it("writes JSON for CI: conforms, counts, and every issue with its hint", () => {
    const json = JSON.parse(formatReport(issues, { format: "json" })) as {
      conforms: boolean;
      violations: number;
      warnings: number;
      infos: number;
      issues: Issue[];
    };
    expect(json.conforms).toBe(false);
    expect([json.violations, json.warnings, json.infos]).toEqual([2, 2, 0]);
    expect(json.issues).toHaveLength(4);
    expect(json.issues[0]).toEqual({ ...issues[0], hint: 'Set "publisher" to the ministry' });
    expect(json.issues.every((i) => typeof i.hint === "string" && i.hint.length > 0)).toBe(true);
    expect(JSON.parse(formatReport([], { format: "json" })).conforms).toBe(true);
  });

  it("hints by rule when the issue has none of its own", () => {
    expect(hintFor({ code: "unrecognized_keys" })).toMatch(/remove/);
    expect(hintFor({ code: "dangling_reference" })).toMatch(/create the item/);
    expect(hintFor({ code: "SomethingNew" })).toBe("see the message");
    expect(hintFor({ code: "MinCountConstraintComponent", hint: "own" })).toBe("own");
  });
});
