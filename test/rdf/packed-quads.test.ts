import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import { packDate, packQuadGroups, packQuads, QuadUnpacker, unpackDate } from "../../src/rdf/packed-quads.js";
import { createSite } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

const { namedNode, blankNode, literal, quad } = DataFactory;
const XSD = "http://www.w3.org/2001/XMLSchema#";

describe("rdf/packed-quads", () => {
  it("gives every triple of the seed site back, in order, equal term by term", async () => {
    const site = createSite(await seedItems());
    const groups = [...site.documents.values()].map((d) => d.quads);
    const packed = packQuadGroups(groups);
    // Structured clone is what a worker receives.
    const back = new QuadUnpacker().groups(structuredClone(packed));
    expect(back.map((g) => g.length)).toEqual(groups.map((g) => g.length));
    groups.forEach((group, i) => {
      group.forEach((q, j) => {
        const r = back[i]?.[j];
        expect(r?.equals(q), `${q.subject.value} ${q.predicate.value}`).toBe(true);
        expect(q.equals(r)).toBe(true);
      });
    });
    // Terms shared by documents are written once.
    const all = groups.flat();
    expect(packed.terms.length).toBeLessThan(all.length);
    expect(new Set(packed.terms).size).toBe(packed.terms.length);
  });

  it("keeps every kind of term and text exactly, spaces and line breaks in languages' and datatypes' texts too", () => {
    const s = namedNode("https://example.org/a b"); // not a valid IRI, but whatever a term holds comes back
    const p = namedNode("https://example.org/p");
    const objects = [
      literal("plain"),
      literal(""),
      literal("with space", "nb"),
      literal("12 3", "en-GB"),
      literal("2024-01-02", namedNode(`${XSD}date`)),
      literal("x", namedNode("https://example.org/type with space")),
      literal('quote " and\nnewline \u{1F600} \uD800'),
      literal("<not an iri"),
      blankNode("b0"),
      namedNode(""),
    ];
    const quads = [...objects.map((o) => quad(s, p, o)), quad(blankNode("b0"), p, s)];
    const back = new QuadUnpacker().quads(structuredClone(packQuads(quads)));
    expect(back).toHaveLength(quads.length);
    quads.forEach((q, i) => {
      const r = back[i];
      expect(r?.equals(q), JSON.stringify(q.object.value)).toBe(true);
      expect(r?.object.termType).toBe(q.object.termType);
      if (q.object.termType === "Literal" && r?.object.termType === "Literal") {
        expect(r.object.language).toBe(q.object.language);
        expect(r.object.datatype.value).toBe(q.object.datatype.value);
      }
    });
  });

  it("packs equal terms once and names the same IRI with one object", () => {
    const p = namedNode("https://example.org/p");
    const quads = [
      quad(namedNode("https://example.org/s"), p, literal("a")),
      quad(namedNode("https://example.org/s"), p, literal("a")),
    ];
    const packed = packQuads(quads);
    expect(packed.terms).toEqual(["<https://example.org/s", "<https://example.org/p", '"a']);
    const unpacker = new QuadUnpacker();
    const [a] = unpacker.quads(packed);
    const [b] = unpacker.quads(packQuads(quads));
    expect(a?.predicate).toBe(b?.predicate);
  });

  it("refuses a quad in a named graph and text that is not a packed term", () => {
    const q = quad(namedNode("https://example.org/s"), namedNode("https://example.org/p"), literal("o"));
    const named = quad(q.subject, q.predicate, q.object, namedNode("https://example.org/g"));
    expect(() => packQuads([q, named])).toThrow(/graph https:\/\/example.org\/g cannot be packed/);
    expect(() => new QuadUnpacker().quads({ terms: ["?x"], triples: Uint32Array.of(0, 0, 0) })).toThrow(
      /Not a packed term/,
    );
  });

  it("packs a date as its milliseconds, and no date or an invalid one as none", () => {
    const date = new Date("2021-06-30T12:00:00+02:00");
    const packed = packDate(date);
    expect(structuredClone(packed)).toBe(date.getTime());
    expect(unpackDate(structuredClone(packed))?.toISOString()).toBe(date.toISOString());
    expect(packDate(undefined)).toBeUndefined();
    expect(packDate(new Date("not a date"))).toBeUndefined();
    expect(unpackDate(undefined)).toBeUndefined();
  });
});
