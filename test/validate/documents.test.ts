import { beforeAll, describe, expect, it } from "vitest";
import { generateSite } from "../../scripts/synth.js";
import { ContentItemSchema } from "../../src/model/index.js";
import { loadShapes } from "../../src/node/load-shapes.js";
import { createSite, type Site, type SiteDocument } from "../../src/site/site.js";
import {
  documentGraph,
  issueKey,
  validateDocuments,
  validateDocumentsByRef,
} from "../../src/validate/documents.js";
import { validate } from "../../src/validate/index.js";
import { type Shapes, validateShacl } from "../../src/validate/shacl.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { fixtures, fixtureTypes, mapRaw } from "./fixtures.js";

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** The definition spelled out: own triples plus the rdf:type triples of every other document's linked thing. */
function byScan(site: Site, doc: SiteDocument) {
  const own = new Set(doc.quads.map((q) => q.subject.value));
  const linked = new Set(
    doc.quads
      .filter((q) => q.object.termType === "NamedNode" && !own.has(q.object.value))
      .map((q) => q.object.value),
  );
  const extra = [...site.documents.values()]
    .filter((o) => o !== doc && linked.has(o.thingIri))
    .flatMap((o) => o.quads.filter((q) => q.subject.value === o.thingIri && q.predicate.value === RDF_TYPE));
  return [...doc.quads, ...extra];
}

describe("validate/documents", () => {
  let seed: Site;
  let synthetic: Site;
  beforeAll(async () => {
    seed = createSite(await seedItems());
    synthetic = createSite(generateSite({ items: 300, seed: 5 }).map((f) => ContentItemSchema.parse(f.item)));
  });

  /** The seed with one invalid fixture added as a further document (its defect is all the site has wrong). */
  function withFixture(raw: unknown): Site {
    const extra = mapRaw(raw).site;
    const documents = new Map([...seed.documents, ...extra.documents]);
    return { ...seed, documents, quads: [...seed.quads, ...extra.quads] };
  }

  const keys = (issues: readonly { focusNode?: string }[]) =>
    new Set(issues.map((i) => issueKey(i as Parameters<typeof issueKey>[0])));

  it("finds per document, in batches of any size, exactly the issues whole-site validation finds", async () => {
    const shapes: Shapes = await loadShapes();
    const invalid = fixtureTypes().flatMap((t) => fixtures(t, "invalid"));
    expect(invalid.length).toBeGreaterThan(5);
    const sites = [seed, synthetic, ...invalid.map((f) => withFixture(f.raw))];
    let violations = 0;
    for (const [n, site] of sites.entries()) {
      const whole = await validate(site.quads, { shapes, site });
      violations += whole.issues.filter((i) => i.severity === "violation").length;
      const batchSize = n === 0 ? 1 : n === 1 ? 250 : n % 2 ? 7 : 40;
      const perDocument = await validateDocuments(site, shapes, { batchSize });
      expect(keys(perDocument.issues)).toEqual(keys(whole.issues));
      expect(perDocument.conforms).toBe(whole.conforms);
    }
    expect(violations).toBeGreaterThan(0);
    // Only some documents: their issues and no others.
    const some = [...synthetic.documents.keys()].filter((_, i) => i % 5 === 0);
    const byRef = await validateDocumentsByRef(synthetic, shapes, { refs: some, batchSize: 16 });
    expect([...byRef.keys()].sort()).toEqual([...some].sort());
  }, 120_000);

  it("validates only the focus nodes a call names, each call its own even when calls overlap", async () => {
    // Targets are narrowed to the focus nodes while the engine resolves them (a linked thing is not validated
    // for nothing); two validations running at once with one compiled validator must not see each other's nodes.
    const shapes: Shapes = await loadShapes();
    const whole = await validateShacl(synthetic.quads, shapes);
    const nodes = [...new Set(whole.flatMap((i) => (i.focusNode ? [i.focusNode] : [])))];
    expect(nodes.length).toBeGreaterThan(10);
    const halves = [
      new Set(nodes.filter((_, i) => i % 2 === 0)),
      new Set(nodes.filter((_, i) => i % 2 === 1)),
    ];
    const found = await Promise.all(
      halves.map((focusNodes) => validateShacl(synthetic.quads, shapes, { focusNodes })),
    );
    for (const [n, focus] of halves.entries())
      expect(keys(found[n] ?? [])).toEqual(keys(whole.filter((i) => focus.has(i.focusNode ?? ""))));
  }, 60_000);

  it("bounds every document's graph exactly as a scan over all documents would", () => {
    for (const site of [seed, synthetic]) {
      for (const doc of site.documents.values()) expectSameGraph(documentGraph(site, doc), byScan(site, doc));
    }
  });
});
