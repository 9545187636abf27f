import { beforeAll, describe, expect, it } from "vitest";
import { createSite, type Site } from "../../src/site/site.js";
import { createLocator, fieldFor, fileOf } from "../../src/validate/provenance.js";
import { seedItems } from "../helpers/seed.js";

const SCHEMA = "http://schema.org/";
const CP = "contact-point/regionalpolitisk-avdeling";

describe("validate/provenance", () => {
  let site: Site;
  beforeAll(async () => {
    site = createSite(await seedItems());
  });

  it("maps a thing and a predicate to the item, its file and the field whose mapping writes it", () => {
    const locate = createLocator(site, new Map([[CP, "data/contact-point/regionalpolitisk-avdeling.json"]]));
    const doc = site.documents.get(CP);
    expect(locate(doc?.thingIri as string, `${SCHEMA}telephone`)).toEqual({
      ref: CP,
      file: "data/contact-point/regionalpolitisk-avdeling.json",
      field: "telephone",
    });
    // A field that is missing has no triple, but the mapping still says which field writes the predicate.
    expect(locate(doc?.thingIri as string, `${SCHEMA}email`)?.field).toBe("email");
  });

  it("maps nested nodes to the field that holds them, even when two fields link them with one predicate", () => {
    const doc = site.documents.get(CP);
    if (!doc) throw new Error("no contact point");
    const locate = createLocator(site);
    // vcard:hasAddress links both addresses; schema:location only the visiting one.
    expect(locate(`${doc.thingIri}#visiting-address`, `${SCHEMA}addressLocality`)).toEqual({
      ref: CP,
      field: "visitingAddress",
      nested: true,
    });
    expect(locate(`${doc.thingIri}#postal-address`, `${SCHEMA}postalCode`)?.field).toBe("postalAddress");
    expect(fieldFor(doc, doc.documentIri, `${SCHEMA}mainEntity`)).toBeUndefined();
  });

  it("knows nothing about nodes no document has", () => {
    expect(createLocator(site)("https://example.org/elsewhere", `${SCHEMA}name`)).toBeUndefined();
  });

  it("reads files from a Map or a plain object", () => {
    expect(fileOf(new Map([["a/b", "x.json"]]), "a/b")).toBe("x.json");
    expect(fileOf({ "a/b": "y.json" }, "a/b")).toBe("y.json");
    expect(fileOf(undefined, "a/b")).toBeUndefined();
  });
});
