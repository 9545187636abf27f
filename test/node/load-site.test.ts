import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { loadShapes, loadSite } from "../../src/node/index.js";
import type { ShapesInput } from "../../src/validate/shacl.js";
import { cleanup, copySeed, editJson } from "../cli/helpers.js";
import { DATA_DIR } from "../helpers/seed.js";

describe("node/loadSite", () => {
  let shapes: ShapesInput;
  let broken: string;
  beforeAll(async () => {
    shapes = await loadShapes();
    broken = await copySeed();
    // Valid input, but DCAT-AP-NO wants an EU data theme on every dataset.
    await editJson(join(broken, "dataset", "regional-og-distriktspolitikk.json"), (d) => {
      d.themes = ["https://psi.norge.no/los/ord/regional-planlegging"];
    });
  });
  afterAll(() => cleanup(join(broken, "..")));

  it("with shapes, refuses a site that breaks them: a ValidationError naming the file and the rule", async () => {
    const error = await loadSite(broken, { shapes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const { code, issues } = error as ValidationError;
    expect(code).toBe("shacl_violation");
    const violations = issues.filter((i) => i.severity === "violation");
    expect(violations).toHaveLength(1);
    expect(violations[0]?.file).toBe(join(broken, "dataset", "regional-og-distriktspolitikk.json"));
    expect(violations[0]?.message).toMatch(/EU data-theme/);
  });

  it("without shapes, checks the content only (the same folder loads)", async () => {
    const { site, issues } = await loadSite(broken);
    expect(site.documents.size).toBeGreaterThan(0);
    expect(issues).toEqual([]);
  });

  it("with shapes, loads a valid site and answers its SHACL warnings", async () => {
    const { site, issues } = await loadSite(DATA_DIR, { shapes, baseIri: "https://data.example.gov/" });
    expect(site.baseIri).toBe("https://data.example.gov/");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.severity !== "violation")).toBe(true);
  });
});
