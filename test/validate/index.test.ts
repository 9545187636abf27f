import { DataFactory, Parser, Store } from "n3";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { type Issue, isLodError, ValidationError } from "../../src/errors.js";
import type { ContentItem } from "../../src/model/index.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import { createSite, type Site } from "../../src/site/site.js";
import {
  assertValid,
  createShapes,
  documentGraph,
  hintFor,
  issueKey,
  type Shapes,
  type ValidationResult,
  validate,
  validateDocument,
  validateDocuments,
} from "../../src/validate/index.js";
import { seedItems } from "../helpers/seed.js";

const { namedNode, literal, quad } = DataFactory;
const SCHEMA = "http://schema.org/";
const NEWS = "news/regionale-utviklingstrekk-2021";
const NEWS_FILE = "data/news/regionale-utviklingstrekk-2021.json";

/** The seed site with one news item broken: no publisher, and a headline in an unsupported language. */
function brokenSite(items: ContentItem[]): Site {
  return createSite(
    items.map((i) => {
      if (i.type !== "NewsItem" || i.slug !== "regionale-utviklingstrekk-2021") return i;
      const { publisher: _dropped, ...rest } = i;
      return rest as ContentItem;
    }),
  );
}

const keys = (issues: readonly Issue[]) => issues.map(issueKey).sort();

describe("validate", () => {
  let items: ContentItem[];
  let site: Site;
  let shapes: Shapes;
  beforeAll(async () => {
    items = await seedItems();
    site = createSite(items);
    shapes = await loadShapes();
  });

  it("resolves the seed site to conforms: true, with warnings only from the portal and search-engine profiles", async () => {
    const result = await validate(site.quads, { shapes, site });
    expect(result.issues.filter((i) => i.severity === "violation")).toEqual([]);
    expect(result.conforms).toBe(true);
    // Warnings are recommendations (e.g. an organisation's url); each names a file-less item ref and a rule.
    for (const w of result.issues) {
      expect(w.source).toBe("shacl");
      expect(w.severity).toBe("warning");
      expect(w.code).toMatch(/ConstraintComponent$/);
    }
  });

  it("reports a missing field with code, predicate path, severity, focus node, file and field", async () => {
    const broken = brokenSite(items);
    const doc = broken.documents.get(NEWS);
    const result = await validate(broken.quads, {
      shapes,
      site: broken,
      files: new Map([[NEWS, NEWS_FILE]]),
    });
    expect(result.conforms).toBe(false);
    const violations = result.issues.filter((i) => i.severity === "violation");
    expect(violations).toEqual([
      expect.objectContaining({
        source: "shacl",
        code: "MinCountConstraintComponent",
        path: [`${SCHEMA}publisher`],
        severity: "violation",
        focusNode: doc?.thingIri,
        file: NEWS_FILE,
        field: "publisher",
      }),
    ]);
    expect(violations[0]?.message).toContain('field "publisher" (schema:publisher)');
    expect(violations[0]?.hint).toContain("publisher");
  });

  it("names the item instead of a file when no file map is given, and the node without a site", async () => {
    const broken = brokenSite(items);
    const withSite = await validate(broken.quads, { shapes, site: broken });
    const v1 = withSite.issues.find((i) => i.severity === "violation");
    expect(v1?.file).toBeUndefined();
    expect(v1?.message).toMatch(new RegExp(`^${NEWS}: field "publisher"`));
    const bare = await validate(broken.quads, { shapes });
    const v2 = bare.issues.find((i) => i.severity === "violation");
    // Without a site the shape's own sh:name still says which field it is about.
    expect(v2?.field).toBe("publisher");
    expect(v2?.message).toContain("http://localhost:3000/id/news/regionale-utviklingstrekk-2021");
  });

  it("accepts shapes and data as Shapes, a quad array or a dataset", async () => {
    const broken = brokenSite(items);
    const asArray = await validate([...broken.quads], { shapes: [...shapes.quads] });
    const asStore = await validate(new Store([...broken.quads]), { shapes: new Store([...shapes.quads]) });
    const asShapes = await validate(broken.quads, { shapes: createShapes(shapes.quads) });
    expect(keys(asArray.issues)).toEqual(keys(asShapes.issues));
    expect(keys(asStore.issues)).toEqual(keys(asShapes.issues));
    expectTypeOf(asArray).toEqualTypeOf<ValidationResult>();
  });

  it("reports warnings with severity warning and keeps conforms true", async () => {
    const warningOnly = createShapes(
      new Parser().parse(
        `@prefix sh: <http://www.w3.org/ns/shacl#> .
         <urn:s> a sh:NodeShape ; sh:targetClass <${SCHEMA}NewsArticle> ;
           sh:property [ sh:path <${SCHEMA}dateModified> ; sh:minCount 1 ; sh:severity sh:Warning ] .`,
      ),
    );
    const result = await validate(site.quads, { shapes: warningOnly, site });
    expect(result.conforms).toBe(true);
    expect(result.issues.length).toBe(2);
    expect(result.issues.every((i) => i.severity === "warning" && i.field === "modified")).toBe(true);
  });

  it("says when a missing property is one no field of the item sets, instead of asking to add it", async () => {
    const recommended = createShapes(
      new Parser().parse(
        `@prefix sh: <http://www.w3.org/ns/shacl#> .
         <urn:s> a sh:NodeShape ; sh:targetClass <${SCHEMA}NewsArticle> ;
           sh:property [ sh:path <${SCHEMA}dateModified> ; sh:minCount 1 ; sh:severity sh:Warning ] ,
                       [ sh:path <${SCHEMA}wordCount> ; sh:minCount 1 ; sh:severity sh:Warning ] .`,
      ),
    );
    const { issues } = await validate(site.quads, { shapes: recommended, site });
    const hints = (p: string) => [...new Set(issues.filter((i) => i.path[0] === SCHEMA + p).map(hintFor))];
    expect(hints("dateModified")).toEqual(["add the missing field"]);
    expect(hints("wordCount")).toEqual([expect.stringMatching(/^no content field sets this property/)]);
  });
});

describe("validate/assertValid", () => {
  let items: ContentItem[];
  let shapes: Shapes;
  beforeAll(async () => {
    items = await seedItems();
    shapes = await loadShapes();
  });

  it("resolves to the result (with warnings) when the data conforms", async () => {
    const site = createSite(items);
    const result = await assertValid(site.quads, { shapes, site });
    expect(result.conforms).toBe(true);
  });

  it("throws a ValidationError with code shacl_violation and only the violations", async () => {
    const broken = brokenSite(items);
    const error = await assertValid(broken.quads, { shapes, site: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(isLodError(error)).toBe(true);
    const v = error as ValidationError;
    expect(v.code).toBe("shacl_violation");
    expect(v.issues.map((i) => i.code)).toEqual(["MinCountConstraintComponent"]);
    expect(v.message).toContain("publisher");
  });
});

describe("validate/documents", () => {
  let items: ContentItem[];
  let shapes: Shapes;
  beforeAll(async () => {
    items = await seedItems();
    shapes = await loadShapes();
  });

  it("bounds a document's graph to its own triples plus the types of the things it links to", () => {
    const site = createSite(items);
    const doc = site.documents.get(NEWS);
    if (!doc) throw new Error("no news document");
    const graph = documentGraph(site, doc);
    const own = new Set(doc.quads);
    const extra = graph.filter((q) => !own.has(q));
    expect(extra.length).toBeGreaterThan(0);
    for (const q of extra) expect(q.predicate.value).toBe("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    const publisher = doc.quads.find((q) => q.predicate.value === `${SCHEMA}publisher`)?.object.value;
    expect(extra.some((q) => q.subject.value === publisher)).toBe(true);
  });

  it("finds per document exactly what whole-site validation finds, on the seed site and on a broken one", async () => {
    for (const s of [createSite(items), brokenSite(items)]) {
      const whole = await validate(s.quads, { shapes, site: s });
      const perDocument = await validateDocuments(s, shapes);
      expect(keys(perDocument.issues)).toEqual(keys(whole.issues));
      expect(perDocument.conforms).toBe(whole.conforms);
    }
  });

  it("reports a result about a document's node only for that document, never for a neighbour", async () => {
    const broken = brokenSite(items);
    const news = broken.documents.get(NEWS);
    const ministry = [...broken.documents.values()].find(
      (d) => d.slug === "kommunal-og-moderniseringsdepartementet",
    );
    if (!news || !ministry) throw new Error("seed documents missing");
    const onNews = await validateDocument(broken, news, shapes, { files: { [NEWS]: NEWS_FILE } });
    expect(onNews.filter((i) => i.severity === "violation").map((i) => [i.file, i.field])).toEqual([
      [NEWS_FILE, "publisher"],
    ]);
    const onMinistry = await validateDocument(broken, ministry, shapes);
    expect(
      onMinistry.every((i) => i.focusNode === ministry.thingIri || i.focusNode === ministry.documentIri),
    ).toBe(true);
  });

  it("validates only the documents asked for", async () => {
    const broken = brokenSite(items);
    const others = [...broken.documents.keys()].filter((r) => r !== NEWS);
    const result = await validateDocuments(broken, shapes, { refs: others });
    expect(result.conforms).toBe(true);
    expect(result.issues.some((i) => i.focusNode === broken.documents.get(NEWS)?.thingIri)).toBe(false);
  });

  it("catches a class constraint on a neighbour from its type alone (publisher must be a foaf:Agent)", async () => {
    const site = createSite(items);
    const dataset = site.documents.get("dataset/regional-og-distriktspolitikk");
    if (!dataset) throw new Error("no dataset");
    const notAnAgent = namedNode("http://localhost:3000/id/policy-area/regional-og-distriktspolitikk");
    const tampered = {
      ...dataset,
      quads: [
        ...dataset.quads.filter((q) => q.predicate.value !== "http://purl.org/dc/terms/publisher"),
        quad(namedNode(dataset.thingIri), namedNode("http://purl.org/dc/terms/publisher"), notAnAgent),
        quad(namedNode(dataset.thingIri), namedNode(`${SCHEMA}name`), literal("x", "nb")),
      ],
    };
    const issues = await validateDocument(site, tampered, shapes);
    expect(issues.some((i) => i.code === "ClassConstraintComponent" && i.field === "publisher")).toBe(true);
  });
});
