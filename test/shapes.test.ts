import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { formatIssue } from "../src/errors.js";
import { loadShapes } from "../src/node/load-shapes.js";
import { type Shapes, validate, validateContent } from "../src/validate/index.js";
import { expectations, fixtures, fixtureTypes, mapRaw } from "./validate/fixtures.js";

const SHAPES_DIR = fileURLToPath(new URL("../shapes", import.meta.url));
const MODEL_DIR = fileURLToPath(new URL("../src/model", import.meta.url));

const unique = (codes: string[]) => [...new Set(codes)].sort();

describe("shapes", () => {
  let shapes: Shapes;
  beforeAll(async () => {
    // The per-type shapes mirror the input model; the profiles (DCAT-AP-NO, search engines) add portal rules.
    shapes = await loadShapes(undefined, { include: (f) => !f.startsWith("profile-") });
  });

  it("has one shapes file per content type, with the model's basename, plus the two profiles", () => {
    const models = readdirSync(MODEL_DIR)
      .filter((f) => f.endsWith(".ts") && !["common.ts", "index.ts", "parse.ts"].includes(f))
      .map((f) => f.replace(/\.ts$/, ".ttl"));
    const files = readdirSync(SHAPES_DIR).filter((f) => f.endsWith(".ttl"));
    expect(files.filter((f) => !f.startsWith("profile-")).sort()).toEqual(models.sort());
    expect(files.filter((f) => f.startsWith("profile-")).sort()).toEqual([
      "profile-dcat-ap-no.ttl",
      "profile-search-engines.ttl",
    ]);
    expect(fixtureTypes().map((t) => `${t}.ttl`)).toEqual(models.sort());
  });

  for (const type of fixtureTypes()) {
    describe(type, () => {
      for (const f of fixtures(type, "valid")) {
        it(`accepts valid/${f.name} in zod and in SHACL after mapping`, async () => {
          const input = validateContent(f.raw, { file: f.file });
          expect(input.issues).toEqual([]);
          const { site, quads } = mapRaw(f.raw);
          const result = await validate(quads, { shapes, site });
          expect(result.issues.map(formatIssue)).toEqual([]);
          expect(result.conforms).toBe(true);
        });
      }

      const expected = expectations(type);
      const invalid = fixtures(type, "invalid");

      it("lists every invalid fixture in invalid/expected.json, and nothing else", () => {
        expect(Object.keys(expected).sort()).toEqual(invalid.map((f) => f.name));
        expect(invalid.length).toBeGreaterThan(0);
      });

      for (const f of invalid) {
        it(`rejects invalid/${f.name} with exactly its expected codes, in zod and in SHACL, naming file and field`, async () => {
          const want = expected[f.name];
          if (!want) throw new Error(`${f.name} is missing from expected.json`);

          const input = validateContent(f.raw, { file: f.file });
          expect(input.success).toBe(false);
          expect(unique(input.issues.map((i) => i.code))).toEqual(unique(want.schema));

          // SHACL sees the same defect: the raw object is mapped as it is, without validating it first.
          const { site, quads } = mapRaw(f.raw);
          const ref = [...site.documents.keys()][0] as string;
          const result = await validate(quads, { shapes, site, files: new Map([[ref, f.file]]) });
          const violations = result.issues.filter((i) => i.severity === "violation");
          expect(result.conforms).toBe(false);
          expect(unique(violations.map((i) => i.code))).toEqual(unique(want.shacl));

          for (const issue of [...input.issues, ...violations]) {
            expect(issue.file).toBe(f.file);
            expect(issue.field?.startsWith(want.field), `${issue.source}: ${issue.field}`).toBe(true);
            const line = formatIssue(issue);
            expect(line).toContain(f.file);
            expect(line).toContain(`"${issue.field}`);
          }
        });
      }
    });
  }

  it("zod and SHACL agree on every fixture: both accept it or both reject it", async () => {
    for (const type of fixtureTypes()) {
      for (const f of [...fixtures(type, "valid"), ...fixtures(type, "invalid")]) {
        const zodValid = validateContent(f.raw).success;
        const { site, quads } = mapRaw(f.raw);
        const shaclValid = (await validate(quads, { shapes, site })).conforms;
        expect({ file: f.file, zodValid, shaclValid }).toEqual({
          file: f.file,
          zodValid: f.validity === "valid",
          shaclValid: f.validity === "valid",
        });
      }
    }
  });
});
