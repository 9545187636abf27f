import type { Literal } from "@rdfjs/types";
import { DataFactory, Writer } from "n3";
import { describe, expect, it } from "vitest";
import { flatText, SiteLiteral, SiteQuad, siteLiterals, siteQuad } from "../../src/rdf/terms.js";

const { literal, namedNode, quad } = DataFactory;
const xsdDate = namedNode("http://www.w3.org/2001/XMLSchema#date");
const s = namedNode("https://example.org/s");
const p = namedNode("https://example.org/p");

describe("siteLiterals", () => {
  it("makes one literal per text, language and datatype", () => {
    const make = siteLiterals();
    const a = make("Flom", "nb");
    expect(make("Flom", "nb")).toBe(a);
    expect(make("Flom", "NB")).toBe(a);
    expect(make("Flom", "nn")).not.toBe(a);
    expect(make("Flom")).not.toBe(a);
    expect(make("Flom", xsdDate)).not.toBe(make("Flom"));
    expect(make("Flom", xsdDate)).toBe(make("Flom", namedNode(xsdDate.value)));
    // Another site's table is its own.
    expect(siteLiterals()("Flom", "nb")).not.toBe(a);
  });

  it("reads as N3's literal of the same parts and equals it both ways", () => {
    const make = siteLiterals();
    const cases: [string, string | typeof xsdDate | undefined][] = [
      ['Tekst med "sitat" og\nlinjeskift', undefined],
      ["Flomtilskudd", "EN-gb"],
      ["2024-05-01", xsdDate],
      ["", "nb"],
    ];
    for (const [text, languageOrDatatype] of cases) {
      const ours = make(text, languageOrDatatype);
      const n3 = literal(text, languageOrDatatype);
      expect(ours).toBeInstanceOf(SiteLiteral);
      expect([ours.termType, ours.value, ours.language, ours.direction, ours.datatype.value]).toEqual([
        n3.termType,
        n3.value,
        n3.language,
        (n3 as Literal).direction,
        n3.datatype.value,
      ]);
      expect(ours.equals(n3)).toBe(true);
      expect(n3.equals(ours)).toBe(true);
      // Written alike by N3's writer.
      const write = (o: Literal) =>
        new Writer({ format: "N-Triples" }).quadsToString([quad(s, p, o as ReturnType<typeof literal>)]);
      expect(write(ours)).toBe(write(n3));
    }
  });

  it("differs from a literal with another part, and from other terms", () => {
    const ours = siteLiterals()("Flom", "nb");
    expect(ours.equals(literal("Flom", "nn"))).toBe(false);
    expect(ours.equals(literal("Flom"))).toBe(false);
    expect(ours.equals(literal("flom", "nb"))).toBe(false);
    expect(ours.equals(namedNode("Flom"))).toBe(false);
    expect(ours.equals(null)).toBe(false);
    expect(literal("Flom", "nn").equals(ours)).toBe(false);
  });
});

describe("siteQuad", () => {
  it("is a quad in the default graph, equal to N3's quad of the same terms both ways", () => {
    const o = siteLiterals()("Flom", "nb");
    const ours = siteQuad(s, p, o);
    const n3 = quad(s, p, literal("Flom", "nb"));
    expect(ours).toBeInstanceOf(SiteQuad);
    expect([ours.termType, ours.value, ours.graph.termType]).toEqual(["Quad", "", "DefaultGraph"]);
    expect(ours.equals(n3)).toBe(true);
    expect(n3.equals(ours)).toBe(true);
    expect(new Writer({ format: "N-Quads" }).quadsToString([ours])).toBe(
      new Writer({ format: "N-Quads" }).quadsToString([n3]),
    );
  });

  it("differs from a quad with another term or in a named graph", () => {
    const ours = siteQuad(s, p, namedNode("https://example.org/o"));
    expect(ours.equals(quad(s, p, namedNode("https://example.org/x")))).toBe(false);
    expect(ours.equals(quad(p, p, namedNode("https://example.org/o")))).toBe(false);
    expect(ours.equals(quad(s, s, namedNode("https://example.org/o")))).toBe(false);
    expect(
      ours.equals(quad(s, p, namedNode("https://example.org/o"), namedNode("https://example.org/g"))),
    ).toBe(false);
    expect(
      quad(s, p, namedNode("https://example.org/o"), namedNode("https://example.org/g")).equals(ours),
    ).toBe(false);
    expect(ours.equals(s)).toBe(false);
    expect(ours.equals(undefined)).toBe(false);
  });
});

describe("flatText", () => {
  it("gives every text back unchanged: decomposed letters, lone surrogates, control characters", () => {
    const base = "https://data.example.gov/";
    for (const text of [
      `${base}id/news/${"flom".repeat(20)}`,
      "https://example.org/A\u030A", // not in NFC: stays as it is
      "https://example.org/\uD800x\uDFFF", // lone surrogates
      '\u0000\n\t"\\<>',
      "",
    ]) {
      expect(flatText(text)).toBe(text);
      expect(flatText(text).length).toBe(text.length);
    }
  });
});
