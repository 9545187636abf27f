import { beforeAll, describe, it } from "vitest";
import { generateSite } from "../../scripts/synth.js";
import { ContentItemSchema } from "../../src/model/index.js";
import { createSite, type Site, type SiteDocument } from "../../src/site/site.js";
import { documentGraph } from "../../src/validate/documents.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";

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

  it("bounds every document's graph exactly as a scan over all documents would", () => {
    for (const site of [seed, synthetic]) {
      for (const doc of site.documents.values()) expectSameGraph(documentGraph(site, doc), byScan(site, doc));
    }
  });
});
