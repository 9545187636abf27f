import { describe, expect, it } from "vitest";
import { DEFAULT_FORMATS, RDF_FORMATS } from "../../src/serialize/formats.js";
import {
  chooseFormat,
  chooseLanguage,
  negotiateMediaType,
  parseAccept,
} from "../../src/serialize/negotiate.js";

/** Asserts which format id `chooseFormat` picks for an Accept header (undefined: 406). */
function whenAccept(
  header: string | undefined,
  expected: string | undefined,
  formats = DEFAULT_FORMATS,
): void {
  const choice = chooseFormat(header, undefined, formats);
  expect(choice.ok ? choice.format.id : undefined, `Accept: ${header}`).toBe(expected);
}

describe("serialize/negotiate", () => {
  describe("chooseFormat", () => {
    it.each<[string | undefined, string | undefined]>([
      // No Accept, */*, empty: our first format (RFC 9110 §12.5.1).
      [undefined, "ttl"],
      ["", "ttl"],
      ["*/*", "ttl"],
      ["*/*;q=0.1", "ttl"],
      // Exact types.
      ["text/turtle", "ttl"],
      ["application/ld+json", "jsonld"],
      ["application/n-triples", "nt"],
      ["application/n-quads", "nq"],
      ["application/rdf+xml", "rdf"],
      ["text/html", "html"],
      // application/json is answered with JSON-LD; application/xml with RDF/XML; N3 and TriG with Turtle.
      ["application/json", "jsonld"],
      ["text/n3", "ttl"],
      ["application/trig", "ttl"],
      ["application/trig;q=0.5, application/ld+json", "jsonld"],
      ["application/xml", "rdf"],
      // Case-insensitive type, subtype and parameter names.
      ["Application/LD+JSON", "jsonld"],
      ["TEXT/Turtle;Q=0.5", "ttl"],
      // q-values decide.
      ["text/turtle;q=0.5, application/ld+json", "jsonld"],
      ["application/rdf+xml;q=0.9, text/turtle;q=0.8", "rdf"],
      ["text/turtle;q=0.001, application/n-triples;q=0.002", "nt"],
      // Our order breaks ties, whatever the client's order.
      ["application/ld+json, text/turtle", "ttl"],
      ["application/rdf+xml, application/n-triples", "nt"],
      // Wildcards: type/* and */*; more specific ranges override them.
      ["application/*", "jsonld"],
      ["text/*", "ttl"],
      ["text/*;q=0.5, text/html", "html"],
      ["*/*;q=0.5, application/n-quads", "nq"],
      ["text/*, application/ld+json", "jsonld"],
      // q=0 excludes, also under a wildcard.
      ["text/turtle;q=0, */*", "jsonld"],
      ["*/*, text/turtle;q=0, application/ld+json;q=0", "nt"],
      ["application/ld+json;q=0, application/json", undefined],
      ["text/*;q=0, */*;q=0.1", "jsonld"],
      // Parameters: charset=utf-8 matches, other charsets and unknown parameters do not; JSON-LD profiles.
      ["text/turtle;charset=utf-8", "ttl"],
      ['text/turtle; charset="UTF-8"', "ttl"],
      ["text/turtle;charset=iso-8859-1, application/n-triples;q=0.5", "nt"],
      ["text/html;level=1", undefined],
      ['application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"],
      ['application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded", text/turtle;q=0.1', "ttl"],
      // Browsers get HTML; CKAN (*/*) and harvesters with one registered type get that type.
      ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"],
      ["application/rdf+xml, text/turtle;q=0.9, */*;q=0.1", "rdf"],
      // Nothing acceptable.
      ["image/png", undefined],
      ["text/csv, application/pdf;q=0.5", undefined],
      // Malformed ranges are skipped; a header with no valid range is disregarded (*/*).
      ["garbage", "ttl"],
      ["text/turtle;q=abc, application/ld+json", "jsonld"],
      ["text/turtle;q=1.5", "ttl"],
      ["*/turtle, application/n-triples", "nt"],
      [",,, ;q=1, application/n-quads,", "nq"],
      ['application/ld+json;profile="unterminated', "ttl"],
      ["text/turtle;;;", "ttl"],
      ["\u0000\u00ff/\u2028", "ttl"],
    ])("Accept: %j -> %s", (header, expected) => whenAccept(header, expected));

    it("honours RDF-only format lists: text/html is not acceptable there", () => {
      whenAccept("text/html", undefined, RDF_FORMATS);
      whenAccept("text/html, */*;q=0.1", "ttl", RDF_FORMATS);
    });

    it("lets ?format= or the extension win over Accept, by id or media type", () => {
      const c = chooseFormat("text/turtle", "RDF", DEFAULT_FORMATS);
      expect(c).toMatchObject({ ok: true, negotiated: false, format: { id: "rdf" } });
      expect(chooseFormat("image/png", "application/ld+json", DEFAULT_FORMATS)).toMatchObject({
        ok: true,
        format: { id: "jsonld" },
      });
      expect(chooseFormat(undefined, "", DEFAULT_FORMATS)).toMatchObject({
        ok: true,
        negotiated: true,
        format: { id: "ttl" },
      });
    });

    it("reports an unknown format and a failed negotiation with the supported formats", () => {
      expect(chooseFormat(undefined, "xls", DEFAULT_FORMATS)).toEqual({
        ok: false,
        reason: "unknown_format",
        supported: DEFAULT_FORMATS,
      });
      expect(chooseFormat("image/png", undefined, DEFAULT_FORMATS)).toEqual({
        ok: false,
        reason: "not_acceptable",
        supported: DEFAULT_FORMATS,
      });
    });

    it("never throws, whatever the header", () => {
      const junk = [
        '"',
        "a/b;c",
        ";",
        "/",
        "*/*;q=",
        "text/turtle;q=0.5;q=0.1",
        "x".repeat(10_000),
        '"a,b"/c',
      ];
      for (const h of junk) expect(() => chooseFormat(h, undefined, DEFAULT_FORMATS)).not.toThrow();
    });
  });

  describe("parseAccept", () => {
    it("parses ranges, parameters (quoted too) and weights, lower-casing names", () => {
      expect(parseAccept('Text/HTML;Level=1;q=0.5;ext=x, application/ld+json;profile="a b,c"')).toEqual([
        { type: "text", subtype: "html", params: { level: "1" }, q: 0.5 },
        { type: "application", subtype: "ld+json", params: { profile: "a b,c" }, q: 1 },
      ]);
    });
    it("drops malformed ranges and keeps the others", () => {
      expect(parseAccept("nonsense, */html, text/turtle;q=2, text/plain;q=0.333")).toEqual([
        { type: "text", subtype: "plain", params: {}, q: 0.333 },
      ]);
    });
  });

  describe("negotiateMediaType", () => {
    it.each<[string | undefined, string | undefined]>([
      [undefined, "text/plain"],
      ["text/html", "text/html"],
      ["text/html,application/xhtml+xml,*/*;q=0.8", "text/html"],
      ["application/json", undefined],
      ["*/*", "text/plain"],
    ])("Accept: %j among text/plain and text/html -> %s", (header, expected) => {
      expect(negotiateMediaType(header, ["text/plain", "text/html"])).toBe(expected);
    });
  });

  describe("chooseLanguage", () => {
    it.each<[string | undefined, string[], string]>([
      [undefined, ["nb", "nn", "en"], "nb"],
      ["en", ["nb", "nn", "en"], "en"],
      ["nn-NO, en;q=0.5", ["nb", "nn", "en"], "nn"],
      ["no", ["nb", "nn", "en"], "nb"],
      ["no, nb;q=0.1", ["nb", "nn", "en"], "nn"],
      ["en-GB,en;q=0.9", ["nb", "en"], "en"],
      ["de, fr;q=0.5", ["nb", "en"], "nb"],
      ["*;q=0.5, en", ["nb", "en"], "en"],
      ["nb;q=0, *", ["nb", "nn"], "nn"],
      ["en;q=abc, nn", ["nb", "nn", "en"], "nn"],
      ["!!!, \u0000", ["nn", "en"], "nn"],
    ])("Accept-Language: %j among %j -> %s", (header, available, expected) => {
      expect(chooseLanguage(header, available)).toBe(expected);
    });
  });
});
