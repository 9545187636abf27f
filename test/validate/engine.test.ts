/**
 * govlod validates with shacl-engine (fast); rdf-validate-shacl is the reference implementation the official
 * conformance tests use. On everything govlod's own shapes see — the seed, every fixture, a synthetic site — both
 * must report the same results: same focus node, path, constraint component, severity, value and shape.
 */
import type { Quad, Term } from "@rdfjs/types";
import { Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSite } from "../../scripts/synth.js";
import { ContentItemSchema } from "../../src/model/index.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import { createSite } from "../../src/site/site.js";
import { type Shapes, validateShacl } from "../../src/validate/shacl.js";
import { seedItems } from "../helpers/seed.js";
import { fixtures, fixtureTypes, mapRaw } from "./fixtures.js";

interface ReferenceResult {
  focusNode: Term | null;
  path: Term | null;
  sourceConstraintComponent: Term | null;
  severity: Term | null;
}

const SH = "http://www.w3.org/ns/shacl#";
const severity = (t: Term | null) =>
  t?.value === `${SH}Warning` ? "warning" : t?.value === `${SH}Info` ? "info" : "violation";

/** One result as a comparable line: focus node, predicate, component, severity. */
const line = (focus: string | undefined, path: string | undefined, code: string, sev: string) =>
  `${focus ?? "-"} ${path ?? "-"} ${code} ${sev}`;

async function reference(shapes: Shapes, quads: readonly Quad[]): Promise<string[]> {
  const validator = new SHACLValidator(new Store([...shapes.quads]), {
    importGraph: () => new Store(),
  } as never);
  const report = await validator.validate(new Store([...quads]));
  return (report.results as unknown as ReferenceResult[])
    .map((r) =>
      line(
        r.focusNode?.value,
        r.path?.termType === "NamedNode" ? r.path.value : undefined,
        (r.sourceConstraintComponent?.value ?? "").slice(SH.length),
        severity(r.severity),
      ),
    )
    .sort();
}

async function ours(shapes: Shapes, quads: readonly Quad[]): Promise<string[]> {
  const issues = await validateShacl(quads, shapes);
  return issues.map((i) => line(i.focusNode, i.path[0] as string | undefined, i.code, i.severity)).sort();
}

describe("the SHACL engine agrees with the reference implementation (rdf-validate-shacl)", () => {
  let shapes: Shapes;
  beforeAll(async () => {
    shapes = await loadShapes();
  });

  it("on the seed site: the same results, and there are some (profile warnings)", async () => {
    const site = createSite(await seedItems());
    const want = await reference(shapes, site.quads);
    expect(want.length).toBeGreaterThan(10);
    expect(await ours(shapes, site.quads)).toEqual(want);
  });

  it("on every fixture, valid and invalid, with all shapes", async () => {
    let violations = 0;
    for (const type of fixtureTypes()) {
      for (const validity of ["valid", "invalid"] as const) {
        for (const f of fixtures(type, validity)) {
          const { quads } = mapRaw(f.raw);
          const want = await reference(shapes, quads);
          violations += want.filter((l) => l.endsWith(" violation")).length;
          expect(await ours(shapes, quads), `${f.file}`).toEqual(want);
        }
      }
    }
    // The invalid fixtures do trip the engines: the comparison is not one of empty reports.
    expect(violations).toBeGreaterThan(10);
  });

  it("on a synthetic site of 300 items", async () => {
    const items = generateSite({ items: 300, seed: 7 }).map((f) => ContentItemSchema.parse(f.item));
    const site = createSite(items);
    const want = await reference(shapes, site.quads);
    expect(want.length).toBeGreaterThan(100);
    expect(await ours(shapes, site.quads)).toEqual(want);
  });
});
