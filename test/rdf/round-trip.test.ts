import { describe, expect, it } from "vitest";
import { fromDataset } from "../../src/rdf/from-dataset.js";
import { toDataset } from "../../src/rdf/to-dataset.js";
import { canonical } from "../helpers/canonical.js";
import { seedItems } from "../helpers/seed.js";

describe("rdf/round-trip", () => {
  it("reads every seed item back from its quads unchanged", async () => {
    const items = await seedItems();
    for (const baseIri of ["http://localhost:3000/", "https://data.regjeringen.example/lod/"]) {
      const back = fromDataset(toDataset(items, { baseIri }), { baseIri });
      expect(canonical(back)).toEqual(canonical(items));
    }
  });
});

describe("rdf/round-trip (generated items)", () => {
  it("model → quads → model is the identity for generated items of every type", async () => {
    const fc = (await import("fast-check")).default;
    const { contentItems } = await import("../helpers/arbitraries.js");
    fc.assert(
      fc.property(contentItems, (items) => {
        const baseIri = "https://data.example.gov/";
        const back = fromDataset(toDataset(items, { baseIri }), { baseIri });
        expect(canonical(back)).toEqual(canonical(items));
      }),
      { numRuns: 300 },
    );
  });
});
