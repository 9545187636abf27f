import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR } from "../helpers/seed.js";
import { cli, copySeed, editJson } from "./helpers.js";

interface Broken {
  name: string;
  file: string;
  field: string;
  code: string;
  make: (dir: string) => Promise<void>;
}

/** One folder per class of bad content, each the seed with one defect. */
const CLASSES: Broken[] = [
  {
    name: "malformed JSON",
    file: "news/broken.json",
    field: "",
    code: "invalid_json",
    make: (dir) => writeFile(join(dir, "news/broken.json"), '{"type": "NewsItem", "slug": '),
  },
  {
    name: "a wrong type",
    file: "organization/esa.json",
    field: "title",
    code: "invalid_type",
    make: (dir) =>
      editJson(join(dir, "organization/esa.json"), (j) => {
        j.title = 42;
      }),
  },
  {
    name: "an unknown field",
    file: "organization/esa.json",
    field: "colour",
    code: "unrecognized_keys",
    make: (dir) =>
      editJson(join(dir, "organization/esa.json"), (j) => {
        j.colour = "blue";
      }),
  },
  {
    name: "a bad date",
    file: "news/regionale-utviklingstrekk-2021.json",
    field: "published",
    code: "custom",
    make: (dir) =>
      editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => {
        j.published = "2021-13-45";
      }),
  },
  {
    name: "a dangling reference",
    file: "news/regionale-utviklingstrekk-2021.json",
    field: "publisher",
    code: "dangling_reference",
    make: (dir) =>
      editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => {
        j.publisher = "organization/nobody";
      }),
  },
  {
    name: "a duplicate slug",
    file: "organization/more/esa.json",
    field: "slug",
    code: "duplicate_slug",
    make: async (dir) => {
      await mkdir(join(dir, "organization/more"));
      await writeFile(
        join(dir, "organization/more/esa.json"),
        await readFile(join(dir, "organization/esa.json")),
      );
    },
  },
];

describe("cli/commands/validate", () => {
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const c of CLASSES) {
      const dir = await copySeed();
      await c.make(dir);
      dirs.set(c.name, dir);
    }
  });
  afterAll(async () => {
    for (const d of dirs.values()) await rm(join(d, ".."), { recursive: true, force: true });
  });

  it("exits 0 on the seed content and reports it valid, SHACL included", async () => {
    const run = await cli(["validate", DATA_DIR]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid: 0 errors/);
    expect(run.stdout).toMatch(/25 items valid/);
  });

  it("reports JSON with --format json", async () => {
    const run = await cli(["validate", DATA_DIR, "--format", "json", "--no-shacl"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { conforms: boolean; violations: number };
    expect(report).toMatchObject({ conforms: true, violations: 0 });
  });

  for (const c of CLASSES) {
    it(`exits 1 on ${c.name} and names the file, the field and the rule`, async () => {
      const dir = dirs.get(c.name) as string;
      const text = await cli(["validate", dir, "--no-shacl"]);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(join(dir, c.file));
      expect(text.stdout).toContain(`[${c.code}]`);
      if (c.field) expect(text.stdout).toContain(c.field);

      const json = await cli(["validate", dir, "--format", "json"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as {
        conforms: boolean;
        issues: { file?: string; path: (string | number)[]; code: string; message: string; hint: string }[];
      };
      expect(report.conforms).toBe(false);
      const issue = report.issues.find((i) => i.file === join(dir, c.file) && i.code === c.code);
      expect(issue, JSON.stringify(report.issues, null, 2)).toBeDefined();
      if (c.field) expect(`${issue?.path.join(".")} ${issue?.message}`).toContain(c.field);
      expect(issue?.hint.length).toBeGreaterThan(0);
    });
  }

  it("exits 1 when the mapped RDF breaks a SHACL shape, naming file and field", async () => {
    const shapesDir = join(dirs.get("a wrong type") as string, "..", "shapes");
    await mkdir(shapesDir, { recursive: true });
    // A shape of our own: every news article needs a schema:wordCount; the seed has none.
    await writeFile(
      join(shapesDir, "word-count.ttl"),
      `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
       [] a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
          sh:property [ sh:path schema:wordCount ; sh:minCount 1 ; sh:severity sh:Violation ] .`,
    );
    const run = await cli(["validate", DATA_DIR, "--shapes", shapesDir, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { issues: { source: string; code: string; file?: string }[] };
    const shacl = report.issues.filter((i) => i.source === "shacl");
    expect(shacl.map((i) => i.code)).toContain("MinCountConstraintComponent");
    expect(shacl.some((i) => i.file?.endsWith("news/regionale-utviklingstrekk-2021.json"))).toBe(true);
  });

  it("exits 2 when the folder does not exist", async () => {
    const run = await cli(["validate", "/nonexistent/govlod-content"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/nonexistent\/govlod-content/);
  });

  it("exits 2 on an unknown --format", async () => {
    const run = await cli(["validate", DATA_DIR, "--format", "yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/text" or "json/);
  });
});
