import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser, Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { beforeAll, describe, expect, it } from "vitest";
import { createSite, type Site } from "../../src/site/site.js";
import { documentGraph } from "../../src/validate/documents.js";
import { seedItems } from "../helpers/seed.js";
import { readStandard } from "./official.js";

const { namedNode, literal, quad } = DataFactory;
const DIR = "schemaorg/schemaorg-release-30.0";
const SCHEMA = "http://schema.org/";

/**
 * DESIGN §7: the schema.org 30.0 shapes give the datatype shapes (ValidSchemaText, ValidSchemaDate, …)
 * `sh:nodeKind sh:BlankNodeOrIRI`, so every literal fails; the generator was fixed after the release to
 * `sh:IRIOrLiteral`. The same repair is applied here, at load time.
 */
const DATATYPE_SHAPES = [
  "Text",
  "URL",
  "Date",
  "DateTime",
  "Time",
  "Number",
  "Integer",
  "Float",
  "Boolean",
  "CssSelectorType",
  "XPathType",
  "PronounceableText",
];

function repair(text: string): string {
  return DATATYPE_SHAPES.reduce(
    (t, name) =>
      t.replace(
        new RegExp(`(:ValidSchema${name} a sh:NodeShape ;\\s+sh:nodeKind )sh:BlankNodeOrIRI`),
        "$1sh:IRIOrLiteral",
      ),
    text,
  );
}

const raw = () => readStandard(`${DIR}/schemaorg-shapes.shacl`);
/** schema.org's class hierarchy, as background: sh:targetClass schema:Thing then reaches every instance. */
const subclasses = () => new Parser().parse(readStandard(`${DIR}/schemaorg-subclasses.shacl`));

async function violations(shapes: Store, data: readonly Quad[]): Promise<string[]> {
  const report = await new SHACLValidator(shapes).validate(new Store([...data, ...subclasses()]));
  return report.results.map(
    (r) =>
      `${r.sourceConstraintComponent?.value.replace(/^.*#/, "")} <${r.focusNode?.value}> <${r.path?.value}>`,
  );
}

describe("conformance: schema.org 30.0 shapes (../shared/standards)", () => {
  let site: Site;
  let repaired: Store;
  beforeAll(async () => {
    site = createSite(await seedItems());
    repaired = new Store(new Parser().parse(repair(raw())));
  });

  it("the repair changes exactly the datatype shapes", () => {
    const before = raw();
    const after = repair(before);
    for (const name of DATATYPE_SHAPES) {
      const shape = new RegExp(`:ValidSchema${name} a sh:NodeShape ;\\s+sh:nodeKind sh:(\\w+)`);
      expect(shape.exec(before)?.[1], name).toBe("BlankNodeOrIRI");
      expect(shape.exec(after)?.[1], name).toBe("IRIOrLiteral");
    }
    expect(after.split("sh:IRIOrLiteral").length - before.split("sh:IRIOrLiteral").length).toBe(
      DATATYPE_SHAPES.length,
    );
  });

  it("the whole seed site has no violations of the repaired shapes", async () => {
    expect(await violations(repaired, site.quads)).toEqual([]);
  });

  it("unrepaired, the shapes reject the plain literals of a news item (the repair is needed)", async () => {
    const doc = site.documents.get("news/regionale-utviklingstrekk-2021");
    if (!doc) throw new Error("no news item");
    const unrepaired = new Store(new Parser().parse(raw()));
    const found = await violations(unrepaired, documentGraph(site, doc));
    expect(found.length).toBeGreaterThan(0);
  });

  it("repaired, they still reject a literal where schema.org expects a thing (an author as text)", async () => {
    const doc = site.documents.get("news/regionale-utviklingstrekk-2021");
    if (!doc) throw new Error("no news item");
    const broken = [
      ...documentGraph(site, doc),
      quad(namedNode(doc.thingIri), namedNode(`${SCHEMA}author`), literal("KMD")),
    ];
    const found = await violations(repaired, broken);
    expect(found.some((v) => v.includes(`<${SCHEMA}author>`))).toBe(true);
  });
});
