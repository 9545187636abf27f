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

/**
 * The schema.org shapes check values, not which types a property belongs to. This checks that: every schema.org
 * property the seed site uses is one whose domain (`schema:domainIncludes`, with subclasses) includes a type of the
 * node it is on, in the official 30.0 vocabulary.
 */
describe("conformance: schema.org 30.0 domains (../shared/standards)", () => {
  it("uses every schema.org property only on a type schema.org gives it to, but the contract's known exceptions", async () => {
    const vocabulary = new Store(new Parser().parse(readStandard(`${DIR}/schemaorg-current-http.ttl`)));
    const RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    const superOf = new Map<string, string[]>();
    for (const q of vocabulary.getQuads(null, namedNode(`${RDFS}subClassOf`), null, null)) {
      const list = superOf.get(q.subject.value) ?? [];
      list.push(q.object.value);
      superOf.set(q.subject.value, list);
    }
    const ancestors = (type: string): Set<string> => {
      const seen = new Set<string>([type]);
      for (const t of seen) for (const s of superOf.get(t) ?? []) seen.add(s);
      return seen;
    };
    const site = createSite(await seedItems());
    const types = new Map<string, string[]>();
    for (const q of site.quads)
      if (
        q.predicate.value === "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" &&
        q.object.value.startsWith(SCHEMA)
      )
        types.set(q.subject.value, [...(types.get(q.subject.value) ?? []), q.object.value]);
    const misplaced = new Set<string>();
    for (const q of site.quads) {
      const p = q.predicate.value;
      if (!p.startsWith(SCHEMA)) continue;
      const own = types.get(q.subject.value);
      if (!own) continue; // a node typed only in other vocabularies
      const domains = vocabulary.getObjects(namedNode(p), namedNode(`${SCHEMA}domainIncludes`), null);
      expect(domains.length, `${p} is not a schema.org property`).toBeGreaterThan(0);
      const fits = own.some((t) => domains.some((d) => ancestors(t).has(d.value)));
      if (!fits)
        misplaced.add(`${own.map((t) => t.slice(SCHEMA.length)).join("+")}.${p.slice(SCHEMA.length)}`);
    }
    // DESIGN §2 fixes these: the contact point's postal address and visiting place on the ContactPoint, and the
    // policy area (a DefinedTerm) naming its contact point. schema.org has no such property on either type.
    expect([...misplaced].sort()).toEqual([
      "ContactPoint.address",
      "ContactPoint.location",
      "DefinedTerm.contactPoint",
    ]);
  });
});
