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
